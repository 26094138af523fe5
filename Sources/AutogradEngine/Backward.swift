extension Graph {
    /// The gradient of `root` with respect to every node, in one pass (micrograd's
    /// `backward()`): the root is seeded with 1, then every operation node fires in reverse
    /// topological order. Nodes the root does not depend on keep gradient 0.
    public func backward(from root: NodeID) -> Gradients {
        backward(from: root, order: topologicalOrder(from: root))
    }

    /// `backward(from:)` with the topological order already computed.
    public func backward(from root: NodeID, order: [NodeID]) -> Gradients {
        var gradients = Gradients(count: count)
        guard contains(root) else { return gradients }
        gradients.values[root.index] = 1
        var unused: [Double] = []
        for node in order.reversed() where !isLeaf(node) {
            fire(node.index, gradients: &gradients.values, saving: &unused, keepHistory: false)
        }
        return gradients
    }

    /// Fires node `index`: adds `local × upstream` to each input's gradient, input by input in
    /// source order, saving each input's gradient before its addition when `keepHistory`.
    ///
    /// The one-shot backward pass and the stepper both fire through here, so stepping to the
    /// end gives bit-for-bit the one-shot gradients.
    @inlinable func fire(
        _ index: Int, gradients: inout [Double], saving saved: inout [Double], keepHistory: Bool
    ) {
        let first = Int(firstInputs[index])
        let second = secondInputs[index]
        let upstream = gradients[index]
        let a = values[first]
        let b = second == NodeInputs.none ? 0 : values[Int(second)]
        let (localA, localB) = operations[index].localDerivatives(a, b, out: values[index])
        if keepHistory { saved.append(gradients[first]) }
        gradients[first] = gradients[first] + localA * upstream
        if second != NodeInputs.none {
            let secondIndex = Int(second)
            if keepHistory { saved.append(gradients[secondIndex]) }
            gradients[secondIndex] = gradients[secondIndex] + localB * upstream
        }
    }
}
