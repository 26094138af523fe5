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
                    kernel.lookahead.forEach(
                        nodes, in: 0..<nodes.count, reversed: true,
                        prepare: { kernel.prepareToFire($0, grads: grads) }
                    ) { kernel.fire($0, grads: grads, saving: nil) }
                }
            }
        }
        return gradients
    }

    /// Runs `body` with direct access to the node tables, for the tight loops of
    /// backpropagation.
    @inlinable func withKernel<Result>(_ body: (BackwardKernel) -> Result) -> Result {
        codes.withUnsafeBufferPointer { codes in
            values.withUnsafeBufferPointer { values in
                links.withUnsafeBufferPointer { links in
                    body(
                        BackwardKernel(
                            codes: codes, values: values, links: links, exponents: exponents))
                }
            }
        }
    }
}

/// One node's local `_backward`, over the graph's tables. The one-shot backward pass and the
/// stepper both fire through here, so stepping to the end gives bit-for-bit the one-shot
/// gradients.
@usableFromInline struct BackwardKernel {
    @usableFromInline let codes: UnsafeBufferPointer<Op.Code>
    @usableFromInline let values: UnsafeBufferPointer<Double>
    @usableFromInline let links: UnsafeBufferPointer<Graph.Links>
    @usableFromInline let exponents: [Int32: Double]
    /// How loops over these tables look ahead.
    @usableFromInline let lookahead: Lookahead

    @inlinable init(
        codes: UnsafeBufferPointer<Op.Code>, values: UnsafeBufferPointer<Double>,
        links: UnsafeBufferPointer<Graph.Links>, exponents: [Int32: Double]
    ) {
        self.codes = codes
        self.values = values
        self.links = links
        self.exponents = exponents
        lookahead = Lookahead(links: links)
    }

    /// Asks memory for the values and gradients that firing node `index` will read and write;
    /// what `Lookahead.forEach` prepares before a node fires.
    @inlinable func prepareToFire(_ index: Int, grads: UnsafePointer<Double>) {
        let pair = links[index]
        if pair.first == NodeInputs.none { return }
        Lookahead.prefetch(grads, at: Int(pair.first))
        Lookahead.prefetch(values.baseAddress, at: Int(pair.first))
        if pair.second == NodeInputs.none { return }
        Lookahead.prefetch(grads, at: Int(pair.second))
        Lookahead.prefetch(values.baseAddress, at: Int(pair.second))
    }

    /// Fires node `index` if it is an operation: adds `local × upstream` to each input's
    /// gradient, input by input in source order, writing each input's gradient before its
    /// addition to `saved` when given. Returns how many contributions it made.
    @inlinable @discardableResult
    func fire(
        _ index: Int, grads: UnsafeMutablePointer<Double>,
        saving saved: UnsafeMutablePointer<Double>?
    ) -> Int {
        let pair = links[index]
        if pair.first == NodeInputs.none { return 0 }
        let a = Int(pair.first)
        let upstream = grads[index]
        let b = pair.second == NodeInputs.none ? 0 : values[Int(pair.second)]
        let code = codes[index]
        let exponent = code == .power ? exponents[Int32(index), default: .nan] : 0
        let (localA, localB) = code.localDerivatives(
            values[a], b, out: values[index], exponent: exponent)
        saved?[0] = grads[a]
        grads[a] = grads[a] + localA * upstream
        if pair.second == NodeInputs.none { return 1 }
        let c = Int(pair.second)
        saved?[1] = grads[c]
        grads[c] = grads[c] + localB * upstream
        return 2
    }
}
