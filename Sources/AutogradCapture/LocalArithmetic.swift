import AutogradEngine

/// What each operation should compute, at the engine's own values of its inputs: so one wrong
/// value does not make every operation after it look wrong too.
extension Replay {
    /// The correct local derivative of `node` with respect to `input`, at the engine's values
    /// of the node's inputs; summed over both positions of an input used twice.
    public func correctLocal(of node: NodeID, input: NodeID) -> Double {
        let operation = graph.operation(of: node)
        let inputs = graph.inputs(of: node)
        guard let first = inputs.first else { return 0 }
        let a = capture.nodes.data[captureID(of: first)]
        let b = inputs.count == 2 ? capture.nodes.data[captureID(of: inputs[1])] : 0
        let exponent = exponent(of: node, operation)
        let out = operation.value(a, b, exponent: exponent)
        let locals = operation.localDerivatives(a, b, out: out, exponent: exponent)
        var total = 0.0
        if first == input { total += locals.0 }
        if inputs.count == 2, inputs[1] == input { total += locals.1 }
        return total
    }

    /// The correct value of `node` from the engine's values of its inputs.
    public func correctValue(of node: NodeID) -> Double {
        let inputs = graph.inputs(of: node)
        guard let first = inputs.first else { return capture.nodes.data[captureID(of: node)] }
        let a = capture.nodes.data[captureID(of: first)]
        let b = inputs.count == 2 ? capture.nodes.data[captureID(of: inputs[1])] : 0
        let operation = graph.operation(of: node)
        return operation.value(a, b, exponent: exponent(of: node, operation))
    }

    /// The node's exponent `k`, 0 where `operation` holds none (its table is not looked in).
    private func exponent(of node: NodeID, _ operation: Op) -> Double {
        operation.hasExponent ? graph.exponent(of: node) ?? 0 : 0
    }
}
