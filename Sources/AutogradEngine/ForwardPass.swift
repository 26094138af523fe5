extension Graph {
    /// Recomputes the value of every operation node from its inputs, in creation order (which
    /// puts inputs first), leaving leaves and constants as they are.
    ///
    /// Values are computed as nodes are added, so this is only needed after changing a leaf or
    /// to time the forward pass on its own.
    public mutating func evaluate() {
        for index in 0..<count where firstInputs[index] != NodeInputs.none {
            values[index] = Self.recomputedValue(
                of: index, operations: operations, firstInputs: firstInputs,
                secondInputs: secondInputs, values: values)
        }
    }

    /// Changes the value of leaf or constant `id`; call `evaluate()` to update its users.
    ///
    /// - Precondition: `id` has no inputs.
    public mutating func setValue(_ value: Double, of id: NodeID) {
        precondition(isLeaf(id), "only a leaf's value can be set")
        values[id.index] = value
    }

    /// The value node `index` would have given the values in `values` for its inputs.
    @inlinable func recomputedValue(of index: Int, in values: [Double]) -> Double {
        Self.recomputedValue(
            of: index, operations: operations, firstInputs: firstInputs,
            secondInputs: secondInputs, values: values)
    }

    @inlinable static func recomputedValue(
        of index: Int, operations: [Op], firstInputs: [Int32], secondInputs: [Int32],
        values: [Double]
    ) -> Double {
        let first = firstInputs[index]
        if first == NodeInputs.none { return values[index] }
        let second = secondInputs[index]
        let a = values[Int(first)]
        let b = second == NodeInputs.none ? 0 : values[Int(second)]
        return operations[index].value(a, b)
    }
}
