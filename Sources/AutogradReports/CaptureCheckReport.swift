import AutogradCapture
import AutogradEngine

/// Writes `--check` for a capture: the verdict as a sentence, then every node and edge where
/// the engine disagrees with autograd-tui's, in firing order.
///
/// ```
/// tanh's _backward (tanh(x), line 5) passes 0.9640 to x; the local derivative is 1 − out² = 0.0707
///
/// verdict: local · capture 1 of 1 · 6 nodes · engine micrograd.engine.Value
///
/// 2 disagreements, in firing order:
///   kind   where              input  yours   correct
///   local  tanh(x), line 5    x      0.9640  0.0707
///   grad   x, line 1                 3.9640  3.0707
/// ```
public enum CaptureCheckReport {
    /// What the report found, for the exit status.
    public enum Result: Sendable, Equatable {
        /// The verdict is `none`, on the whole graph.
        case agrees
        /// The verdict is `none` where the graph could be judged, but part of it could not.
        case agreesWhereJudged
        /// The verdict is not `none`.
        case disagrees
    }

    /// Writes the report of `run`, and says what it found.
    @discardableResult
    public static func write(_ run: CapturedRun, to output: inout some TextOutputStream)
        -> Result
    {
        let review = run.review
        let script = run.script
        let names = NodeNames(graph: script.graph)
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
        output.write(
            "\n\(NumberFormat.counted(review.findings.count, "disagreement")), in firing order:\n")
        var rows = [["  kind", "where", "input", "yours", "correct"]]
        for finding in review.findings {
            let inputName =
                finding.input.map(names.name(of:))
                ?? finding.user.map { "before " + names.name(of: $0) }
            rows.append([
                "  " + finding.kind.rawValue,
                VerdictText.place(
                    of: finding.node, in: script, names: names,
                    expression: finding.subject == .value || finding.subject == .edge),
                inputName ?? "",
                finding.yours.map(VerdictText.text) ?? "",
                finding.correct.map(NumberFormat.fourDecimals) ?? "",
            ])
        }
        TextTable.write(rows, to: &output)
        return .disagrees
    }
}
