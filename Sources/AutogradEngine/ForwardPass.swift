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
    @inlinable func recomputedValue(of index: Int, in values: [Double]) -> Double {
        let pair = links[index]
        if pair.first == NodeInputs.none { return values[index] }
        let a = values[Int(pair.first)]
        let b = pair.second == NodeInputs.none ? 0 : values[Int(pair.second)]
        let code = codes[index]
        return code.value(
            a, b, exponent: code == .power ? exponents[Int32(index), default: .nan] : 0)
    }
}
