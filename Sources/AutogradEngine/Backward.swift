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
        withKernel { kernel in
            gradients.values.withUnsafeMutableBufferPointer { grads in
                guard let grads = grads.baseAddress else { return }
                order.withUnsafeBufferPointer { nodes in
                    var position = nodes.count
                    while position > 0 {
                        position -= 1
                        kernel.fire(Int(nodes[position].rawValue), grads: grads, saving: nil)
                    }
                }
            }
        }
        return gradients
    }

    /// Runs `body` with direct access to the node tables, for the tight loops of
    /// backpropagation.
    @inlinable func withKernel<Result>(_ body: (BackwardKernel) -> Result) -> Result {
        operations.withUnsafeBufferPointer { operations in
            values.withUnsafeBufferPointer { values in
                firstInputs.withUnsafeBufferPointer { first in
                    secondInputs.withUnsafeBufferPointer { second in
                        body(
                            BackwardKernel(
                                operations: operations, values: values, first: first, second: second
                            ))
                    }
                }
            }
        }
    }
}

/// One node's local `_backward`, over the graph's tables. The one-shot backward pass and the
/// stepper both fire through here, so stepping to the end gives bit-for-bit the one-shot
/// gradients.
@usableFromInline struct BackwardKernel {
    @usableFromInline let operations: UnsafeBufferPointer<Op>
    @usableFromInline let values: UnsafeBufferPointer<Double>
    @usableFromInline let first: UnsafeBufferPointer<Int32>
    @usableFromInline let second: UnsafeBufferPointer<Int32>

    @inlinable init(
        operations: UnsafeBufferPointer<Op>, values: UnsafeBufferPointer<Double>,
        first: UnsafeBufferPointer<Int32>, second: UnsafeBufferPointer<Int32>
    ) {
        self.operations = operations
        self.values = values
        self.first = first
        self.second = second
    }

    /// Fires node `index` if it is an operation: adds `local × upstream` to each input's
    /// gradient, input by input in source order, writing each input's gradient before its
    /// addition to `saved` (advanced past what it wrote) when given. Returns how many
    /// contributions it made.
    @inlinable @discardableResult
    func fire(
        _ index: Int, grads: UnsafeMutablePointer<Double>,
        saving saved: UnsafeMutablePointer<Double>?
    ) -> Int {
        let firstInput = first[index]
        if firstInput == NodeInputs.none { return 0 }
        let a = Int(firstInput)
        let secondInput = second[index]
        let upstream = grads[index]
        let b = secondInput == NodeInputs.none ? 0 : values[Int(secondInput)]
        let (localA, localB) = operations[index].localDerivatives(values[a], b, out: values[index])
        saved?[0] = grads[a]
        grads[a] = grads[a] + localA * upstream
        if secondInput == NodeInputs.none { return 1 }
        let c = Int(secondInput)
        saved?[1] = grads[c]
        grads[c] = grads[c] + localB * upstream
        return 2
    }
}
