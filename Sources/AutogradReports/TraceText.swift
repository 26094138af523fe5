import AgScript
import AutogradEngine

/// Writes `--trace`: each backward step as readable text, the chain rule in numbers.
///
/// ```
/// step 3/3  fire c = a * b   upstream 0.4200
///   a.grad += -0.5000 × 0.4200 = -0.2100   (0.4200 → 0.2100)
/// ```
public enum TraceText {
    /// Writes the trace of `script` to `output`, then the final gradient of every leaf.
    public static func write(_ script: Script, to output: inout some TextOutputStream) {
        let graph = script.graph
        let names = NodeNames(graph: graph)
        var stepper = BackwardStepper(graph: graph, root: script.root)
        let last = stepper.finalStep
        while let event = stepper.next() {
            output.write(line(for: event, of: last, graph: graph, names: names))
        }
        output.write(
            "\ngradients of \(names.name(of: script.root)) = \(NumberFormat.fourDecimals(graph.value(of: script.root))):\n"
        )
        for node in stepper.topologicalOrder where graph.isLeaf(node) {
            let value = NumberFormat.fourDecimals(graph.value(of: node))
            let gradient = NumberFormat.fourDecimals(stepper.gradients[node])
            output.write("  \(names.name(of: node)) = \(value)   grad \(gradient)\n")
        }
    }

    /// The text of one step: its header, then one line per contribution.
    public static func line(for event: StepEvent, of last: Int, graph: Graph, names: NodeNames)
        -> String
    {
        let header = "step \(event.index)/\(last)"
        guard event.kind == .backward else {
            return "\(header)  seed \(names.name(of: event.node)).grad = 1\n"
        }
        let upstream = NumberFormat.fourDecimals(event.upstream)
        var text =
            "\(header)  fire \(names.name(of: event.node)) = \(names.expression(of: event.node))   upstream \(upstream)\n"
        for contribution in event.contributions {
            let local = NumberFormat.fourDecimals(contribution.local)
            let delta = NumberFormat.fourDecimals(contribution.delta)
            let before = NumberFormat.fourDecimals(contribution.before)
            let after = NumberFormat.fourDecimals(contribution.after)
            text +=
                "  \(names.name(of: contribution.input)).grad += \(local) × \(upstream) = \(delta)   (\(before) → \(after))\n"
        }
        return text
    }
}
