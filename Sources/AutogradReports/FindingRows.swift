import AutogradCapture
import AutogradEngine
import AutogradText

/// Findings as table rows for `--check`, one kind of number per column: a table of wrong
/// locals has the engine's local beside the correct local, a table of wrong grads the
/// engine's grad beside the correct grad, never the one beside the other.
struct FindingRows {
    let run: CapturedRun
    private let names: NodeNames

    init(run: CapturedRun) {
        self.run = run
        names = NodeNames(graph: run.script.graph)
    }

    /// The word for one place of a finding's kind: an edge, a node, a grad.
    static func noun(of finding: Finding) -> String {
        switch finding {
        case .edge: "edge"
        case .grad: "grad"
        case .forward, .order, .notZeroed, .seed, .raised: "node"
        }
    }

    /// `4 edges`, `1 node`.
    static func counted(_ count: Int, of cause: Cause) -> String {
        NumberFormat.counted(count, noun(of: cause.findings[0]))
    }

    /// The heading of a table of findings of this finding's kind.
    static func columns(of finding: Finding) -> [String] {
        switch finding {
        case .edge(_, _, .local), .edge(_, _, .untouched):
            ["where", "input", "your local", "correct local"]
        case .edge(_, _, .assign), .edge(_, _, .ignoresUpstream): ["where", "input"]
        case .edge(_, _, .error): ["where", "input", "exception"]
        case .raised: ["where", "exception", "stopped at"]
        case .forward: ["where", "your value", "correct value"]
        case .order: ["where", "when it ran"]
        case .notZeroed: ["where", "grad before backward()", "should be"]
        case .seed, .grad: ["where", "your grad", "correct grad"]
        }
    }

    /// One finding's row under `columns(of:)`.
    func row(of finding: Finding) -> [String] {
        let script = run.script
        let node = finding.node
        let expression = finding.subject == .value || finding.subject == .edge
        let place = VerdictText.place(of: node, in: script, names: names, expression: expression)
        var yours = finding.yours.map(VerdictText.text) ?? ""
        var correct = finding.correct.map(NumberFormat.fourDecimals) ?? ""
        if let mine = finding.yours?.double, let right = finding.correct {
            (yours, correct, _) = NumberFormat.apart(mine, right)
        }
        let input = finding.input.map(names.name(of:)) ?? ""
        switch finding {
        case .edge(_, _, .local), .edge(_, _, .untouched): return [place, input, yours, correct]
        case .edge(_, _, .assign), .edge(_, _, .ignoresUpstream): return [place, input]
        case .edge(_, _, .error(let message)):
            return [place, input, NodeNames.printable(message ?? "")]
        case .raised(_, _, let message, let step, let operations):
            let stopped =
                step == 0 ? "before step 1 of \(operations)" : "step \(step) of \(operations)"
            return [place, NodeNames.printable(message), stopped]
        case .forward, .notZeroed, .seed, .grad: return [place, yours, correct]
        case .order(_, .firedTwice(let steps)):
            return [place, "at steps " + steps.map(String.init).joined(separator: ", ")]
        case .order(_, .firedEarly(let step, let user)):
            return [place, "at step \(step), before \(names.name(of: user))"]
        case .order(_, .neverFired): return [place, "never"]
        }
    }

    /// A table of findings that share a kind, under its heading.
    func writeTable(
        _ findings: [Finding], indent: String, to output: inout some TextOutputStream
    ) {
        guard let first = findings.first else { return }
        let rows = [Self.columns(of: first)] + findings.map(row(of:))
        TextTable.write(rows.map { [indent + $0[0]] + $0.dropFirst() }, to: &output)
    }

    /// Every finding, a table per kind, in the order the kinds first appear.
    func writeEvery(_ findings: [Finding], to output: inout some TextOutputStream) {
        var order: [[String]] = []
        var tables: [[String]: [Finding]] = [:]
        for finding in findings {
            let key = [finding.kind.rawValue] + Self.columns(of: finding)
            if tables[key] == nil { order.append(key) }
            tables[key, default: []].append(finding)
        }
        output.write("\nevery disagreement, in firing order:\n")
        for key in order {
            guard let members = tables[key] else { continue }
            output.write("  \(key[0]) (\(members.count)):\n")
            writeTable(members, indent: "    ", to: &output)
        }
    }
}
