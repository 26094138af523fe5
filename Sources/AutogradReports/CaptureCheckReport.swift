import AutogradCapture
import AutogradEngine
import AutogradText

/// Writes `--check` for a capture: the verdict as a compiler says an error (the engine's code,
/// then the sentence), then one entry per cause, a bug the learner fixes once (each wrong
/// `_backward`, each wrong computation, each fault of the pass), with its first places and how
/// many grads downstream are wrong because of it; `all` adds every disagreement, one table per
/// kind of number.
///
/// ```
/// engine.py:45 in __pow__: __pow__'s _backward (#396 = #395 ** 2, line 50) passes 7.7487 …
///
/// verdict: local · capture 3 of 3 · 398 nodes · engine engine.Value
///
/// 1 cause:
///   engine.py:45 in __pow__: local, at 4 edges
///     where                   input  your local  correct local
///     #396 = #395 ** 2, line 50  #395   7.7487      -3.9367
///     …
///     337 grads downstream are wrong because of it
/// ```
package enum CaptureCheckReport {
    /// What the report found, for the exit status.
    package enum Result: Sendable, Equatable {
        /// The verdict is `none`, on the whole graph.
        case agrees
        /// The verdict is `none` where the graph could be judged, but part of it could not.
        case agreesWhereJudged
        /// The verdict is not `none`.
        case disagrees
    }

    /// How many places of one cause are listed before the rest are counted.
    static let placesShown = 4

    /// Writes the report of `run`, and says what it found; `all` lists every disagreement too.
    @discardableResult
    package static func write(
        _ run: CapturedRun, all: Bool = false, to output: inout some TextOutputStream
    ) -> Result {
        let review = run.review
        let script = run.script
        output.write(VerdictText.headline(review.verdict, run: run) + "\n\n")
        var facts = [
            "verdict: \(review.verdict.kind.rawValue)",
            "capture \(run.number) of \(run.document.callCount)",
            NumberFormat.counted(script.graph.count, "node"),
        ]
        if let engine = run.document.engine {
            facts.append("engine \(NodeNames.printable(engine))")
        }
        output.write(facts.joined(separator: " · ") + "\n")
        if let unjudged = VerdictText.unjudged(review) { output.write(unjudged + "\n") }
        guard !review.findings.isEmpty else {
            return review.unjudgedCount == 0 ? .agrees : .agreesWhereJudged
        }
        let places = FindingRows(run: run)
        let causes = review.causes()
        // How many findings the short form lists: each cause's first places, or the first
        // wrong grads where there is no cause.
        let shown: Int
        if causes.isEmpty {
            let grads = review.findings
            output.write("\n\(NumberFormat.counted(grads.count, "grad")) disagree:\n")
            places.writeTable(Array(grads.prefix(placesShown)), indent: "  ", to: &output)
            more(grads.count - placesShown, "grad", indent: "  ", to: &output)
            shown = min(grads.count, placesShown)
        } else {
            output.write("\n\(NumberFormat.counted(causes.count, "cause")), in firing order:\n")
            for cause in causes { write(cause, places: places, to: &output) }
            shown = causes.reduce(0) { $0 + min($1.findings.count, placesShown) }
        }
        if all {
            places.writeEvery(review.findings, to: &output)
        } else if review.findings.count > shown {
            output.write(
                "\nevery disagreement (\(review.findings.count)): --check --all, or --json\n")
        }
        return .disagrees
    }

    private static func write(
        _ cause: Cause, places: FindingRows, to output: inout some TextOutputStream
    ) {
        let code = cause.code.map { VerdictText.codeText($0) + ": " } ?? ""
        let count = cause.findings.count
        output.write(
            "  \(code)\(cause.kind.rawValue), at \(FindingRows.counted(count, of: cause))\n")
        places.writeTable(Array(cause.findings.prefix(placesShown)), indent: "    ", to: &output)
        more(
            count - placesShown, FindingRows.noun(of: cause.findings[0]), indent: "    ",
            to: &output)
        if cause.consequences > 0 {
            let grads = NumberFormat.counted(cause.consequences, "grad")
            let are = cause.consequences == 1 ? "is" : "are"
            output.write("    \(grads) downstream \(are) wrong because of it\n")
        }
    }

    private static func more(
        _ count: Int, _ noun: String, indent: String, to output: inout some TextOutputStream
    ) {
        guard count > 0 else { return }
        output.write("\(indent)and \(NumberFormat.counted(count, "more " + noun))\n")
    }
}
