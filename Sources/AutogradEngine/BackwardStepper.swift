/// Backpropagation one step at a time, forwards and backwards.
///
/// Step 0 seeds the root's gradient with 1; each later step fires one operation node in
/// reverse topological order, adding `local × upstream` to each of its inputs. As a
/// `Sequence`, it yields the step events in order; it can also step back, reset and seek.
///
/// The whole history is recorded once, when the stepper is made, in one pass as cheap as a
/// one-shot backward: every gradient each step overwrites, and the final gradients. Stepping
/// back restores the saved values exactly, bit for bit, and never subtracts; jumping to the
/// end copies the final gradients and jumping to the start clears them, so no key in a
/// debugger has to replay a million steps. Stepping to the end gives the same gradients as
/// `Graph.backward(from:)`.
public struct BackwardStepper: Sequence, IteratorProtocol, Sendable {
    /// The graph being differentiated, with its forward values.
    public let graph: Graph
    /// The node being differentiated.
    public let root: NodeID
    /// The nodes reachable from the root, inputs first, the root last.
    public let topologicalOrder: [NodeID]
    /// The operation nodes in the order they fire: step `k` (for `k ≥ 1`) fires
    /// `firingOrder[k - 1]`.
    public let firingOrder: [NodeID]
    /// The gradients once every step has been applied.
    public let finalGradients: Gradients
    /// Every node's gradient after the steps applied so far.
    public private(set) var gradients: Gradients
    /// How many steps have been applied: 0 before the seed, `stepCount` at the end.
    public private(set) var appliedStepCount = 0

    /// For each node, the step that fires it, or -1 for leaves and nodes the root ignores.
    private let stepOfNode: [Int32]
    /// For each node, the steps that add to its gradient, ascending; the root's seed, step 0,
    /// is not among them.
    let contributions: StepsByNode
    /// Where each step's saved gradients start in `saved`; one extra entry marks the end.
    private let savedStart: [Int32]
    /// The gradient each contribution overwrote, in step order: the whole history.
    private let saved: [Double]

    /// A stepper for `root` in `graph`, with no step applied yet (every gradient 0).
    ///
    /// - Precondition: `root` is a node of `graph`.
    public init(graph: Graph, root: NodeID) {
        self.init(graph: graph, root: root, order: graph.topologicalOrder(from: root))
    }

    /// A stepper for `root` given its topological order (`graph.topologicalOrder(from: root)`).
    public init(graph: Graph, root: NodeID, order: [NodeID]) {
        precondition(graph.contains(root), "the root must be a node of the graph")
        self.graph = graph
        self.root = root
        topologicalOrder = order
        let plan = graph.withKernel { $0.plan(order: order, root: root) }
        let firing = plan.firing
        firingOrder = firing
        stepOfNode = plan.stepOfNode
        contributions = plan.contributions
        savedStart = plan.savedStart

        // The one pass that records the history: the seed (the root's gradient was 0), then
        // every step, saving what each contribution overwrites.
        var final = Gradients(count: graph.count)
        var saved = [Double](repeating: 0, count: Int(plan.savedStart[plan.savedStart.count - 1]))
        final.values[root.index] = 1
        final.values.withUnsafeMutableBufferPointer { grads in
            saved.withUnsafeMutableBufferPointer { history in
                let afterSeed = UnsafeMutableBufferPointer(rebasing: history.dropFirst())
                graph.withKernel {
                    $0.fire(firing, in: 0..<firing.count, grads: grads, saving: afterSeed)
                }
            }
        }
        self.saved = saved
        finalGradients = final
        gradients = Gradients(count: graph.count)
    }

    /// The number of steps: the seed plus one per operation node.
    public var stepCount: Int { firingOrder.count + 1 }

    /// The index of the final step (`N` in "step K/N").
    public var finalStep: Int { firingOrder.count }

    /// The index of the last applied step, or `nil` before the seed.
    public var currentStep: Int? { appliedStepCount == 0 ? nil : appliedStepCount - 1 }

    /// Whether every step has been applied.
    public var isFinished: Bool { appliedStepCount == stepCount }

    /// The node that step `step` seeds or fires.
    ///
    /// - Precondition: `0 <= step <= finalStep`.
    public func node(atStep step: Int) -> NodeID {
        step == 0 ? root : firingOrder[step - 1]
    }

    /// The step that fires `node`, or `nil` for leaves and nodes the root does not depend on.
    /// The root fires at step 1 when it is an operation.
    public func step(firing node: NodeID) -> Int? {
        guard graph.contains(node) else { return nil }
        let step = stepOfNode[node.index]
        return step < 0 ? nil : Int(step)
    }

    /// Whether `node`'s gradient is final: the last step that adds to it has been applied, so
    /// nothing left to apply can change it. Nodes the root does not depend on are final at 0.
    ///
    /// When a node fires, every node that uses it has fired already, so its gradient is final
    /// by then; a leaf's is final once its last user has fired.
    public func isGradientFinal(_ node: NodeID) -> Bool {
        (lastContributingStep(to: node) ?? -1) < appliedStepCount
    }

    /// The last step that adds to `node`'s gradient: 0 (the seed) for the root, `nil` for nodes
    /// the root does not depend on.
    public func lastContributingStep(to node: NodeID) -> Int? {
        if node == root { return 0 }
        return contributions.steps(of: node.index).last.map(Int.init)
    }

    /// The first step that adds to `node`'s gradient: 0 for the root, `nil` for nodes the root
    /// does not depend on.
    public func firstContributingStep(to node: NodeID) -> Int? {
        if node == root { return 0 }
        return contributions.steps(of: node.index).first.map(Int.init)
    }

    /// Whether any applied step has added to `node`'s gradient (or seeded it).
    public func hasReceivedGradient(_ node: NodeID) -> Bool {
        (firstContributingStep(to: node) ?? Int.max) < appliedStepCount
    }

    /// Applies the next step and returns what it did, or `nil` at the end.
    public mutating func next() -> StepEvent? {
        guard advance() else { return nil }
        return event(at: appliedStepCount - 1)
    }

    /// Applies the next step without describing it; returns false at the end. What a debugger
    /// key uses: the event is rebuilt only if someone asks for it.
    @discardableResult
    public mutating func advance() -> Bool {
        advance(by: 1) == 1
    }

    /// Applies up to `count` steps in one pass, without describing them; returns how many it
    /// applied. Each step fires exactly as `next()` would.
    @discardableResult
    public mutating func advance(by count: Int) -> Int {
        let applied = Swift.max(0, Swift.min(count, stepCount - appliedStepCount))
        guard applied > 0 else { return 0 }
        var remaining = applied
        if appliedStepCount == 0 {
            gradients.values[root.index] = 1
            appliedStepCount = 1
            remaining -= 1
        }
        let firstStep = appliedStepCount
        gradients.values.withUnsafeMutableBufferPointer { grads in
            // Step k fires firingOrder[k - 1].
            graph.withKernel {
                $0.fire(
                    firingOrder, in: (firstStep - 1)..<(firstStep - 1 + remaining), grads: grads)
            }
        }
        appliedStepCount += remaining
        return applied
    }

    /// Undoes the last applied step and returns the event it undid, or `nil` before the seed.
    @discardableResult
    public mutating func stepBack() -> StepEvent? {
        guard let step = currentStep, let undone = event(at: step) else { return nil }
        retreat()
        return undone
    }

    /// Undoes the last applied step without describing it; returns false before the seed.
    @discardableResult
    public mutating func retreat() -> Bool {
        retreat(by: 1) == 1
    }

    /// Undoes up to `count` steps in one pass, restoring the saved gradients exactly (input by
    /// input in reverse); returns how many it undid.
    @discardableResult
    public mutating func retreat(by count: Int) -> Int {
        let undone = Swift.max(0, Swift.min(count, appliedStepCount))
        guard undone > 0 else { return 0 }
        let lastStep = appliedStepCount - 1
        graph.links.withUnsafeBufferPointer { links in
            gradients.values.withUnsafeMutableBufferPointer { grads in
                for step in stride(from: lastStep, to: lastStep - undone, by: -1) {
                    let start = Int(savedStart[step])
                    if step == 0 {
                        grads[root.index] = saved[start]
                        continue
                    }
                    let pair = links[firingOrder[step - 1].index]
                    if pair.second != NodeInputs.none { grads[Int(pair.second)] = saved[start + 1] }
                    grads[Int(pair.first)] = saved[start]
                }
            }
        }
        appliedStepCount -= undone
        return undone
    }

    /// Undoes every step: all gradients back to 0, before the seed.
    public mutating func reset() {
        seek(toAppliedStepCount: 0)
    }

    /// Moves so that `step` is the last applied step; a step past either end stops at that end.
    public mutating func seek(toStep step: Int) {
        seek(toAppliedStepCount: Swift.min(Swift.max(step, 0), finalStep) + 1)
    }

    /// Applies or undoes steps until exactly `count` have been applied (clamped to the range).
    ///
    /// It takes the shortest way: from where it is, or from the start (cleared gradients), or
    /// from the end (the final gradients), counting a fresh start as a sixteenth of a step per
    /// node, so a jump costs at most a copy and the distance to the nearer end.
    public mutating func seek(toAppliedStepCount count: Int) {
        let target = Swift.min(Swift.max(count, 0), stepCount)
        let restartCost = graph.count / 16
        let fromHere = Swift.abs(target - appliedStepCount)
        let fromStart = target + restartCost
        let fromEnd = stepCount - target + restartCost
        if fromStart < fromHere && fromStart <= fromEnd {
            gradients = Gradients(count: graph.count)
            appliedStepCount = 0
        } else if fromEnd < fromHere {
            gradients = finalGradients
            appliedStepCount = stepCount
        }
        advance(by: target - appliedStepCount)
        retreat(by: appliedStepCount - target)
    }

    /// The event of step `step`, rebuilt from the recorded history; `nil` if `step` has not
    /// been applied.
    public func event(at step: Int) -> StepEvent? {
        guard step >= 0, step < appliedStepCount else { return nil }
        let start = Int(savedStart[step])
        if step == 0 {
            return StepEvent(
                index: 0, kind: .seed, node: root, upstream: finalGradients.values[root.index],
                contributions: .none)
        }
        let node = firingOrder[step - 1]
        let inputs = graph.inputs(of: node)
        // A node's gradient is final when it fires, so the final gradient is the upstream.
        let upstream = finalGradients.values[node.index]
        let locals = graph.localDerivatives(of: node)
        func contribution(_ position: Int, local: Double) -> Contribution {
            let before = saved[start + position]
            let delta = local * upstream
            return Contribution(
                input: inputs[position], local: local, delta: delta, before: before,
                after: before + delta)
        }
        return StepEvent(
            index: step, kind: .backward, node: node, upstream: upstream,
            contributions: Contributions(
                first: contribution(0, local: locals.0),
                second: inputs.count > 1 ? contribution(1, local: locals.1) : nil))
    }
}
