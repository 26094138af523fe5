import AgScript
import AutogradEngine

/// Writes `--dot`: Graphviz DOT in the style of micrograd's `draw_dot`, a record per value
/// (label | data | grad) and an op node per operation, left to right. Render it with
/// `dot -Tsvg`. Values the root does not depend on are drawn grey and dashed.
public enum DotGraph {
    /// Writes the graph of `script`, with its gradients after the backward pass, to `output`.
    public static func write(_ script: Script, to output: inout some TextOutputStream) {
        let graph = script.graph
        let names = NodeNames(graph: graph)
        let order = graph.topologicalOrder(from: script.root)
        let gradients = graph.backward(from: script.root, order: order)
        var reachable = [Bool](repeating: false, count: graph.count)
        for node in order { reachable[node.index] = true }

        output.write("digraph autograd {\n  rankdir=LR;\n  node [fontname=\"monospace\"];\n")
        for node in graph.nodeIDs {
            let fields = [
                names.name(of: node), "data \(NumberFormat.fourDecimals(graph.value(of: node)))",
                "grad \(NumberFormat.fourDecimals(gradients[node]))",
            ]
            let record = fields.map(escapeRecordField).joined(separator: " | ")
            let style = reachable[node.index] ? "" : ", color=gray, fontcolor=gray, style=dashed"
            output.write("  n\(node.rawValue) [shape=record, label=\"{ \(record) }\"\(style)];\n")
            let inputs = graph.inputs(of: node)
            guard !inputs.isEmpty else { continue }
            output.write(
                "  n\(node.rawValue)_op [label=\"\(escapeString(opLabel(of: node, in: graph)))\"\(style)];\n"
            )
            output.write("  n\(node.rawValue)_op -> n\(node.rawValue);\n")
            for input in inputs {
                output.write("  n\(input.rawValue) -> n\(node.rawValue)_op;\n")
            }
        }
        output.write("}\n")
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
