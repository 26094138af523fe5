import AutogradEngine

/// A capture document (`autograd-capture/1`) of a graph as a correct engine would have been
/// recorded, the way the Python bridge writes it: one node a line, every `_backward` probed,
/// the firing order observed. The benchmark reads it back to time what opening a capture
/// costs.
enum CaptureText {
    /// The capture of `graph`'s backward pass from `root`, every node of the graph included
    /// (ids must run from 0), lines counted from the node's index.
    static func document(of graph: Graph, root: NodeID) -> [UInt8] {
        let order = graph.topologicalOrder(from: root)
        let gradients = graph.backward(from: root, order: order)
        var text = "{\"format\": \"autograd-capture/1\", \"engine\": \"bench.Value\", "
        text += "\"script\": \"bench.py\", \"calls\": 1, \"captures\": [\n"
        text += "{\"index\": 0, \"kept\": true, \"root\": \(root.rawValue), \"nodes\": [\n"
        var written = false
        for node in graph.nodeIDs {
            text += written ? ",\n" : ""
            written = true
            text += "{\"id\": \(node.rawValue), \"op\": \"\(spelling(of: node, in: graph))\", "
            text += "\"label\": " + (graph.label(of: node).map { "\"\($0)\"" } ?? "null")
            text += ", \"data\": \(number(graph.value(of: node)))"
            text += ", \"grad\": \(number(gradients[node])), \"grad_before\": 0.0"
            let inputs = Array(graph.inputs(of: node))
            text +=
                ", \"children\": [\(inputs.map { String($0.rawValue) }.joined(separator: ", "))]"
            text += ", \"ordered\": true, \"file\": \"bench.py\", \"line\": \(node.index + 1)"
            if !inputs.isEmpty { text += ", \"probe\": [" + probes(of: node, in: graph) + "]" }
            text += "}"
        }
        let fired = order.reversed().filter { !graph.isLeaf($0) }
        text += "\n], \"fired\": [" + fired.map { String($0.rawValue) }.joined(separator: ", ")
        text += "]}\n]}\n"
        return Array(text.utf8)
    }

    /// The engine's op string: micrograd's `**2` for a constant power, `ReLU` for relu.
    private static func spelling(of node: NodeID, in graph: Graph) -> String {
        let operation = graph.operation(of: node)
        if graph.isLeaf(node) { return "" }
        if operation == .power { return "**" + number(graph.exponent(of: node) ?? 0) }
        // micrograd's own spelling; every other operation writes its definition's.
        return operation == .relu ? "ReLU" : operation.spelling
    }

    /// What a correct `_backward` passes to each distinct input, as the probe reports it.
    private static func probes(of node: NodeID, in graph: Graph) -> String {
        let inputs = Array(graph.inputs(of: node))
        let values = inputs.map { graph.value(of: $0) }
        let operation = graph.operation(of: node)
        let exponent = graph.exponent(of: node) ?? 0
        let locals = operation.localDerivatives(
            values[0], values.count > 1 ? values[1] : 0, out: graph.value(of: node),
            exponent: exponent)
        if inputs.count == 2, inputs[0] == inputs[1] {
            return
                "{\"child\": \(inputs[0].rawValue), \"local\": \(number(locals.0 + locals.1)), \"mode\": \"add\"}"
        }
        return zip(inputs, [locals.0, locals.1]).map { input, local in
            "{\"child\": \(input.rawValue), \"local\": \(number(local)), \"mode\": \"add\"}"
        }.joined(separator: ", ")
    }

    private static func number(_ value: Double) -> String {
        value.isFinite
            ? value.description : value.isNaN ? "\"nan\"" : value > 0 ? "\"inf\"" : "\"-inf\""
    }
}
