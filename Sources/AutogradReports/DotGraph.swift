import AutogradCapture
import AutogradEngine
import AutogradProgram
import AutogradText

/// Writes `--dot`: Graphviz DOT in the style of micrograd's `draw_dot`, a record per value
/// (label | data | grad) and an op node per operation, left to right. Render it with
/// `dot -Tsvg`. Values the root does not depend on are drawn grey and dashed. On a capture,
/// each record also holds the engine's own grad (`yours`); the causes are red (an edge whose
/// `_backward` passes the wrong thing, labelled with what it passed and what is correct; a
/// wrong value; a node fired at the wrong time; a grad left over or a wrong seed), and the
/// grads that are wrong only as their consequence are a lighter orange; a legend says which.
package enum DotGraph {
    /// Writes the graph of `script`, with its gradients after the backward pass, to `output`.
    package static func write(_ script: Script, to output: inout some TextOutputStream) {
        write(script, review: nil, to: &output)
    }

    /// Writes the replayed graph of `run` with the engine's grads beside the correct ones, and
    /// its disagreements marked, to `output`.
    package static func write(_ run: CapturedRun, to output: inout some TextOutputStream) {
        write(run.script, review: run.review, to: &output)
    }

    private static func write(
        _ script: Script, review: Review?, to output: inout some TextOutputStream
    ) {
        let graph = script.graph
        let names = NodeNames(graph: graph)
        let order = graph.topologicalOrder(from: script.root)
        let gradients = graph.backward(from: script.root, order: order)
        var reachable = [Bool](repeating: false, count: graph.count)
        for node in order { reachable[node.index] = true }

        let marks = review.map { Marks($0, count: graph.count) }

        output.write("digraph autograd {\n  rankdir=LR;\n  node [fontname=\"monospace\"];\n")
        if let review {
            output.write("  // verdict: \(review.verdict.kind.rawValue)\n")
            if !review.findings.isEmpty { output.write(Self.legend) }
        }
        for node in graph.nodeIDs {
            var fields = [
                names.name(of: node), "data \(NumberFormat.fourDecimals(graph.value(of: node)))",
                "grad \(NumberFormat.fourDecimals(gradients[node]))",
            ]
            let mark = marks?.nodes[node.index] ?? .none
            if let review {
                let wrong = mark == .none ? "" : " ✗"
                fields.append("yours \(VerdictText.text(review.engineGrad(of: node)))\(wrong)")
            }
            let record = fields.map(escapeRecordField).joined(separator: " | ")
            let style: String
            switch mark {
            case .cause: style = Self.wrong
            case .consequence: style = Self.consequence
            case .none:
                style = reachable[node.index] ? "" : ", color=gray, fontcolor=gray, style=dashed"
            }
            output.write("  n\(node.rawValue) [shape=record, label=\"{ \(record) }\"\(style)];\n")
            let inputs = graph.inputs(of: node)
            guard !inputs.isEmpty else { continue }
            let opStyle = marks?.operations[node.index] == true ? Self.wrong : style
            output.write(
                "  n\(node.rawValue)_op [label=\"\(escapeString(opLabel(of: node, in: graph)))\"\(opStyle)];\n"
            )
            output.write("  n\(node.rawValue)_op -> n\(node.rawValue);\n")
            for input in inputs {
                let edge = review.flatMap { edgeLabel(of: node, input: input, review: $0) } ?? ""
                output.write("  n\(input.rawValue) -> n\(node.rawValue)_op\(edge);\n")
            }
        }
        output.write("}\n")
    }

    /// The attributes of a cause: what the learner must fix.
    private static let wrong = ", color=red, fontcolor=red, penwidth=2"

    /// The attributes of a grad that is wrong only because of a cause upstream.
    private static let consequence = ", color=orange, fontcolor=darkorange, style=dashed"

    /// A box saying what red and orange mean, for a capture with disagreements.
    private static let legend = """
          legend [shape=note, fontname="monospace", label="red: the cause, what to fix\\lorange, dashed: a grad wrong only because of it\\l"];

        """

    /// How a capture's judge marks a node.
    private enum Mark {
        /// Nothing wrong.
        case none
        /// A cause: its value, its seed, a grad left over, or when its `_backward` ran.
        case cause
        /// Its final grad is wrong only as a consequence of a cause.
        case consequence
    }

    /// Where a capture's judge found something wrong: the nodes, and the operations with an
    /// edge whose `_backward` passes the wrong thing (always a cause).
    private struct Marks {
        var nodes: [Mark]
        var operations: [Bool]

        init(_ review: Review, count: Int) {
            nodes = [Mark](repeating: .none, count: count)
            operations = [Bool](repeating: false, count: count)
            for finding in review.findings {
                let index = finding.node.index
                switch finding {
                case .edge, .raised: operations[index] = true
                case .forward, .order, .seed, .notZeroed: nodes[index] = .cause
                case .grad: if nodes[index] == .none { nodes[index] = .consequence }
                }
            }
        }
    }

    /// The attributes of the edge from `input` into `node`'s operation when the judge found it
    /// wrong: red, labelled with what the engine passed and what is correct.
    private static func edgeLabel(of node: NodeID, input: NodeID, review: Review) -> String? {
        guard let finding = review.finding(of: node, input: input) else { return nil }
        let probe = review.probe(of: node, input: input)
        let yours = probe?.local.map(NumberFormat.fourDecimals) ?? "nothing"
        let mode = probe.map { $0.mode == .add ? "" : " (\($0.mode.rawValue))" } ?? ""
        let correct = NumberFormat.fourDecimals(
            finding.correct ?? review.replay.correctLocal(of: node, input: input))
        let label = escapeString("yours \(yours)\(mode) ✗ correct \(correct)")
        return " [label=\"\(label)\"\(wrong)]"
    }

    /// The op node's text: the operation, and `**2` for a constant power, as micrograd shows.
    private static func opLabel(of node: NodeID, in graph: Graph) -> String {
        let spelling = graph.operation(of: node).spelling
        return graph.exponent(of: node).map { spelling + NumberFormat.compact($0) } ?? spelling
    }

    /// A field of a record label: the characters that structure records escaped.
    private static func escapeRecordField(_ text: String) -> String {
        escaped(text, "{}|<>\"\\")
    }

    /// A quoted string's text: quotes and backslashes escaped.
    private static func escapeString(_ text: String) -> String {
        escaped(text, "\"\\")
    }

    private static func escaped(_ text: String, _ special: String) -> String {
        var result = ""
        for character in text {
            if special.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
