extension Graph {
    /// Recomputes the value of every operation node from its inputs, in creation order (which
    /// puts inputs first), leaving leaves and constants as they are.
    ///
    /// Values are computed as nodes are added, so this is only needed to time the forward pass
    /// on its own.
    public mutating func evaluate() {
        for index in 0..<count where links[index].first != NodeInputs.none {
            values[index] = recomputedValue(of: index, in: values)
        }
    }

    /// The value node `index` would have given the values in `values` for its inputs.
    func recomputedValue(of index: Int, in values: [Double]) -> Double {
        let pair = links[index]
        if pair.first == NodeInputs.none { return values[index] }
        let a = values[Int(pair.first)]
        let b = pair.second == NodeInputs.none ? 0 : values[Int(pair.second)]
        let operation = codes[index]
        let exponent = operation.hasExponent ? exponents[Int32(index), default: .nan] : 0
        return operation.value(a, b, exponent: exponent)
    }
}

extension Graph {
    /// The local derivatives of node `id` with respect to each of its inputs, at the graph's
    /// values; the second is 0 for one-input operations, both are 0 for leaves.
    public func localDerivatives(of id: NodeID) -> (Double, Double) {
        let pair = links[id.index]
        guard pair.first != NodeInputs.none else { return (0, 0) }
        let b = pair.second == NodeInputs.none ? 0 : values[Int(pair.second)]
        return operation(of: id).localDerivatives(
            values[Int(pair.first)], b, out: values[id.index], exponent: exponent(of: id) ?? 0)
    }
}

extension Graph {
    /// Sets the value of the leaf `id`, as a training step does; operation nodes keep their
    /// values until `evaluate()`.
    ///
    /// - Precondition: `id` is a leaf of the graph.
    public mutating func setValue(_ value: Double, ofLeaf id: NodeID) {
        precondition(isLeaf(id), "only a leaf's value can be set")
        values[id.index] = value
    }
}
