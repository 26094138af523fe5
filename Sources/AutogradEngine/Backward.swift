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
        gradients.values.withUnsafeMutableBufferPointer { grads in
            withKernel { $0.fire(order, in: 0..<order.count, reversed: true, grads: grads) }
        }
        return gradients
    }

    /// Runs `body` with the kernel of backpropagation over this graph's tables.
    func withKernel<Result>(_ body: (BackwardKernel) -> Result) -> Result {
        codes.withUnsafeBufferPointer { codes in
            values.withUnsafeBufferPointer { values in
                links.withUnsafeBufferPointer { links in
                    Op.evaluators.withUnsafeBufferPointer { evaluators in
                        body(
                            BackwardKernel(
                                codes: codes, values: values, links: links, exponents: exponents,
                                evaluators: evaluators))
                    }
                }
            }
        }
    }
}

/// The loops of backpropagation, in one place: nodes fire one after another, each adding
/// `local × upstream` to its inputs' gradients. The one-shot backward pass and the stepper
/// both fire through here, so stepping to the end gives bit-for-bit the one-shot gradients.
/// On big graphs the loops look ahead (`Lookahead`).
struct BackwardKernel {
    let codes: UnsafeBufferPointer<Op>
    let values: UnsafeBufferPointer<Double>
    let links: UnsafeBufferPointer<Graph.Links>
    let exponents: [Int32: Double]
    /// `Op.evaluators`, by raw value.
    let evaluators: UnsafeBufferPointer<Op.Evaluator>
    let lookahead: Lookahead

    init(
        codes: UnsafeBufferPointer<Op>, values: UnsafeBufferPointer<Double>,
        links: UnsafeBufferPointer<Graph.Links>, exponents: [Int32: Double],
        evaluators: UnsafeBufferPointer<Op.Evaluator>
    ) {
        self.codes = codes
        self.values = values
        self.links = links
        self.exponents = exponents
        self.evaluators = evaluators
        lookahead = Lookahead(nodeCount: links.count)
    }

    /// Fires the nodes of `nodes[range]`, first to last or, when `reversed`, last to first;
    /// leaves among them take no step. Each input's gradient before its addition is written
    /// to `history`, in firing order, when one is given: one value per input of each operation
    /// fired.
    func fire(
        _ nodes: [NodeID], in range: Range<Int>, reversed: Bool = false,
        grads: UnsafeMutableBufferPointer<Double>,
        saving history: UnsafeMutableBufferPointer<Double>? = nil
    ) {
        guard let grads = grads.baseAddress else { return }
        var saved = history?.baseAddress
        walk(nodes, in: range, reversed: reversed) {
            prepareToFire($0, grads: grads)
        } _: {
            fire($0, grads: grads, saving: &saved)
        }
    }

    /// The firing plan of a stepper for the topological order `order`: the operation nodes in
    /// firing order, each node's step, every step that adds to each node's gradient (in step
    /// order, a step twice where a node uses an input twice), and where each step's saved
    /// gradients start in the history (one extra entry marks its end).
    func plan(order: [NodeID], root: NodeID) -> FiringPlan {
        var firing: [NodeID] = []
        firing.reserveCapacity(order.count)
        var savedStart: [Int32] = [0, 1]
        savedStart.reserveCapacity(order.count + 2)
        var stepOfNode = [Int32](repeating: -1, count: links.count)
        // First pass: the steps, and how many contributions each node receives.
        var cursors = [Int32](repeating: 0, count: links.count + 1)
        stepOfNode.withUnsafeMutableBufferPointer { stepOfNode in
            cursors.withUnsafeMutableBufferPointer { counts in
                walk(order, in: 0..<order.count, reversed: true) {
                    prefetchInputs(of: $0, in: UnsafePointer(counts.baseAddress))
                } _: { index in
                    let pair = links[index]
                    if pair.first == NodeInputs.none { return }
                    firing.append(NodeID(index))
                    stepOfNode[index] = Int32(firing.count)
                    counts[Int(pair.first)] += 1
                    var count: Int32 = 1
                    if pair.second != NodeInputs.none {
                        counts[Int(pair.second)] += 1
                        count = 2
                    }
                    savedStart.append(savedStart[savedStart.count - 1] + count)
                }
            }
        }
        // Where each node's steps start: the counts summed, then used as fill cursors.
        var starts = [Int32](repeating: 0, count: links.count + 1)
        for node in 0..<links.count { starts[node + 1] = starts[node] + cursors[node] }
        for node in 0..<links.count { cursors[node] = starts[node] }
        // Second pass, in step order, so each node's steps come out sorted.
        var steps = [Int32](repeating: 0, count: Int(starts[links.count]))
        steps.withUnsafeMutableBufferPointer { steps in
            cursors.withUnsafeMutableBufferPointer { cursors in
                var step: Int32 = 0
                walk(firing, in: 0..<firing.count, reversed: false) {
                    prefetchInputs(of: $0, in: UnsafePointer(cursors.baseAddress))
                } _: { index in
                    step += 1
                    let pair = links[index]
                    steps[Int(cursors[Int(pair.first)])] = step
                    cursors[Int(pair.first)] += 1
                    if pair.second != NodeInputs.none {
                        steps[Int(cursors[Int(pair.second)])] = step
                        cursors[Int(pair.second)] += 1
                    }
                }
            }
        }
        return FiringPlan(
            firing: firing, stepOfNode: stepOfNode,
            contributions: StepsByNode(starts: starts, steps: steps), savedStart: savedStart)
    }

    /// Calls `body` with the index of each node of `nodes[range]`, in order or reversed. On big
    /// graphs, first `prepare` gets the node `distance` positions ahead, after the links of
    /// the node twice as far ahead are asked for.
    @inline(__always)
    private func walk(
        _ nodes: [NodeID], in range: Range<Int>, reversed: Bool,
        prepare: (_ index: Int) -> Void, _ body: (_ index: Int) -> Void
    ) {
        let lead = lookahead.distance
        nodes.withUnsafeBufferPointer { nodes in
            if lead == 0 {
                if reversed {
                    for position in range.reversed() { body(nodes[position].index) }
                } else {
                    for position in range { body(nodes[position].index) }
                }
                return
            }
            let step = reversed ? -1 : 1
            var position = reversed ? range.upperBound - 1 : range.lowerBound
            for _ in range {
                let far = position + 2 * lead * step
                if range.contains(far) {
                    Lookahead.prefetch(links.baseAddress, at: nodes[far].index)
                }
                let near = position + lead * step
                if range.contains(near) { prepare(nodes[near].index) }
                body(nodes[position].index)
                position += step
            }
        }
    }

    /// Asks for the values and gradients that firing node `index` will read and write.
    @inline(__always)
    private func prepareToFire(_ index: Int, grads: UnsafePointer<Double>) {
        prefetchInputs(of: index, in: grads)
        prefetchInputs(of: index, in: values.baseAddress)
    }

    /// Asks for the lines of `table[input]` for each input of node `index`.
    @inline(__always)
    private func prefetchInputs<Element>(of index: Int, in table: UnsafePointer<Element>?) {
        let pair = links[index]
        if pair.first == NodeInputs.none { return }
        Lookahead.prefetch(table, at: Int(pair.first))
        if pair.second != NodeInputs.none { Lookahead.prefetch(table, at: Int(pair.second)) }
    }

    /// Fires node `index` if it is an operation: adds `local × upstream` to each input's
    /// gradient, input by input in source order, writing each input's gradient before its
    /// addition at `saved` (and moving it on) when given.
    @inline(__always)
    private func fire(
        _ index: Int, grads: UnsafeMutablePointer<Double>,
        saving saved: inout UnsafeMutablePointer<Double>?
    ) {
        let pair = links[index]
        if pair.first == NodeInputs.none { return }
        let a = Int(pair.first)
        let upstream = grads[index]
        let evaluator = evaluators[Int(codes[index].rawValue)]
        let valueA = values[a]
        let valueB = pair.second == NodeInputs.none ? 0 : values[Int(pair.second)]
        let out = values[index]
        let exponent = evaluator.hasExponent ? exponents[Int32(index), default: .nan] : 0
        let localA = evaluator.first(valueA, valueB, out, exponent)
        saved?[0] = grads[a]
        grads[a] = grads[a] + localA * upstream
        if pair.second == NodeInputs.none {
            saved = saved?.advanced(by: 1)
            return
        }
        let c = Int(pair.second)
        let localB = evaluator.second(valueA, valueB, out, exponent)
        saved?[1] = grads[c]
        grads[c] = grads[c] + localB * upstream
        saved = saved?.advanced(by: 2)
    }
}

/// Which steps a stepper takes and what each touches, worked out once from the order.
struct FiringPlan {
    /// The operation nodes in the order they fire: step `k` (for `k ≥ 1`) fires `firing[k - 1]`.
    let firing: [NodeID]
    /// For each node, the step that fires it, or -1 for leaves and nodes the root ignores.
    let stepOfNode: [Int32]
    /// For each node, the steps that add to its gradient.
    let contributions: StepsByNode
    /// Where each step's saved gradients start in the history; one extra entry marks the end.
    /// Step 0, the seed, saves the root's gradient.
    let savedStart: [Int32]
}

/// For each node, the steps at which its users fire and add to its gradient, ascending (a
/// step twice for a user that takes the node twice): flat arrays, one run per node.
struct StepsByNode {
    /// Where each node's run starts in `steps`; one extra entry marks the end.
    let starts: [Int32]
    /// The runs, node by node.
    let steps: [Int32]

    /// Node `index`'s steps.
    func steps(of index: Int) -> ArraySlice<Int32> {
        steps[Int(starts[index])..<Int(starts[index + 1])]
    }

    /// How many of node `index`'s steps come before `step`: a binary search in its run.
    func count(of index: Int, before step: Int) -> Int {
        let run = steps(of: index)
        var low = run.startIndex
        var high = run.endIndex
        while low < high {
            let middle = (low + high) / 2
            if Int(run[middle]) < step { low = middle + 1 } else { high = middle }
        }
        return low - run.startIndex
    }
}
