/// The whole training loop one step at a time, forwards and backwards: each epoch is its
/// forward steps, the seed, its backward steps and its update steps.
///
/// Positions within an epoch, in order: `forward 0` (only the leaves known) to `forward F`
/// (every value computed, one step per operation node reachable from the root, in
/// topological order); the seed and backward steps of a `BackwardStepper`; then `update 1` to
/// `update U`. After the last update comes the next epoch's `forward 0`. A file without
/// updates has one epoch.
///
/// Only the current epoch is held: its graph and its stepper. An earlier or later epoch is
/// rebuilt from the values its updated leaves started with, which are kept for every epoch
/// reached, so moving across epochs is exact, bit for bit, in both directions, and costs one
/// forward and backward pass per epoch crossed.
public struct Timeline: Sendable {
    /// Where in an epoch a position is.
    public enum Phase: String, Sendable, CaseIterable {
        /// Values being computed from the leaves.
        case forward
        /// The root's grad set to 1.
        case seed
        /// `_backward`s firing.
        case backward
        /// Leaves moved against their gradients.
        case update
    }

    /// The training loop: graph, root, updates.
    public let training: Training
    /// The operation nodes reachable from the root, in the order the forward pass computes
    /// them.
    public let forwardOrder: [NodeID]
    /// The current epoch, from 0.
    public private(set) var epoch = 0
    /// The current epoch's graph, every value computed (what is shown as known depends on the
    /// position).
    public private(set) var graph: Graph
    /// The current epoch's backward pass.
    public private(set) var stepper: BackwardStepper
    /// The current epoch's update steps, computed from its final gradients.
    public private(set) var updateSteps: [UpdateStep]
    /// The position within the epoch: 0 is `forward 0`.
    public private(set) var offset: Int
    /// The loss of every epoch reached so far.
    public private(set) var losses: [Double]

    /// The updated leaves' values at the start of every epoch reached, and of the one after.
    private var leafStarts: [[Double]]
    /// Each reachable operation node's position in `forwardOrder`, -1 for the others.
    private let forwardRank: [Int32]

    /// A timeline at the seed of epoch 1, as the debugger opens.
    public init(training: Training) {
        self.training = training
        let graph = training.graph
        var forwardOrder: [NodeID] = []
        var rank = [Int32](repeating: -1, count: graph.count)
        for node in training.order where !graph.isLeaf(node) {
            rank[node.index] = Int32(forwardOrder.count)
            forwardOrder.append(node)
        }
        self.forwardOrder = forwardOrder
        forwardRank = rank
        self.graph = graph
        stepper = BackwardStepper(graph: graph, root: training.root, order: training.order)
        updateSteps = training.updateSteps(graph: graph, gradients: stepper.finalGradients)
        let start = training.firstLeafValues
        leafStarts = [start, training.leafValues(after: updateSteps, startingFrom: start)]
        losses = [graph.value(of: training.root)]
        offset = forwardOrder.count + 1
        stepper.seek(toAppliedStepCount: 1)
    }

    /// A timeline of one backward pass (no updates) of `root` in `graph`, at the seed.
    public init(graph: Graph, root: NodeID) {
        self.init(training: Training(graph: graph, root: root, updates: []))
    }

    /// The number of forward steps in an epoch (`F` in `forward k/F`).
    public var forwardStepCount: Int { forwardOrder.count }

    /// The number of update steps in an epoch.
    public var updateStepCount: Int { training.updates.count }

    /// Whether the file trains: epochs follow one another.
    public var trains: Bool { !training.updates.isEmpty }

    /// The number of positions in an epoch.
    public var positionsPerEpoch: Int { forwardStepCount + 1 + stepper.stepCount + updateStepCount }

    /// The phase of the current position.
    public var phase: Phase {
        if offset <= forwardStepCount { return .forward }
        let backward = offset - forwardStepCount - 1
        if backward == 0 { return .seed }
        return backward < stepper.stepCount ? .backward : .update
    }

    /// The step within the phase: `k` of `forward k/F`, the backward step (0 for the seed),
    /// the update (from 1).
    public var stepInPhase: Int {
        switch phase {
        case .forward: offset
        case .seed, .backward: offset - forwardStepCount - 1
        case .update: offset - forwardStepCount - stepper.stepCount
        }
    }

    /// How many values the forward pass has computed so far this epoch.
    public var computedCount: Int { Swift.min(offset, forwardStepCount) }

    /// How many updates have been applied this epoch.
    public var appliedUpdateCount: Int {
        Swift.max(0, offset - forwardStepCount - stepper.stepCount)
    }

    /// The node the current step computes, seeds, fires or updates; `nil` at `forward 0`.
    public var currentNode: NodeID? {
        switch phase {
        case .forward: offset == 0 ? nil : forwardOrder[offset - 1]
        case .seed, .backward: stepper.node(atStep: stepInPhase)
        case .update: updateSteps[stepInPhase - 1].update.node
        }
    }

    /// The current update step, in the update phase.
    public var currentUpdate: UpdateStep? {
        phase == .update ? updateSteps[stepInPhase - 1] : nil
    }

    /// `node`'s value at this position: `nil` where the forward pass has not computed it yet;
    /// an updated leaf's new value once its update has been applied.
    public func value(of node: NodeID) -> Double? {
        if graph.isLeaf(node) {
            for step in updateSteps.prefix(appliedUpdateCount).reversed()
            where step.update.node == node {
                return step.after
            }
            return graph.value(of: node)
        }
        if offset > forwardStepCount { return graph.value(of: node) }
        let rank = forwardRank[node.index]
        return rank >= 0 && Int(rank) < offset ? graph.value(of: node) : nil
    }

    /// The forward step that computes `node` (from 1), `nil` for leaves and nodes the root
    /// does not depend on.
    public func forwardStep(computing node: NodeID) -> Int? {
        let rank = forwardRank[node.index]
        return rank < 0 ? nil : Int(rank) + 1
    }

    /// Moves one position on, into the next epoch after the last update; false at the end of a
    /// file that does not train.
    @discardableResult
    public mutating func stepForward() -> Bool {
        if offset + 1 < positionsPerEpoch {
            move(to: offset + 1)
            return true
        }
        guard trains else { return false }
        enter(epoch: epoch + 1)
        move(to: 0)
        return true
    }

    /// Moves one position back, into the previous epoch's last update from `forward 0`; false
    /// at `forward 0` of epoch 1.
    @discardableResult
    public mutating func stepBack() -> Bool {
        if offset > 0 {
            move(to: offset - 1)
            return true
        }
        guard epoch > 0 else { return false }
        enter(epoch: epoch - 1)
        move(to: positionsPerEpoch - 1)
        return true
    }

    /// Moves to `offset` within the current epoch (clamped).
    public mutating func move(to offset: Int) {
        self.offset = Swift.min(Swift.max(offset, 0), positionsPerEpoch - 1)
        let applied = Swift.min(
            Swift.max(self.offset - forwardStepCount, 0), stepper.stepCount)
        stepper.seek(toAppliedStepCount: applied)
    }

    /// Moves to backward step `step` (0, the seed) of the current epoch.
    public mutating func move(toBackwardStep step: Int) {
        move(to: forwardStepCount + 1 + Swift.min(Swift.max(step, 0), stepper.finalStep))
    }

    /// The offset in this timeline of the point `other` stands at, in another graph: the same
    /// phase, at the same step of it, the last step where this one has fewer; a phase's
    /// first and last step stay its first and last.
    public func offset(atSamePointAs other: Timeline) -> Int {
        let phase = other.phase
        let step = other.stepInPhase
        let (count, otherCount) =
            switch phase {
            case .forward: (forwardStepCount, other.forwardStepCount)
            case .seed, .backward: (stepper.finalStep, other.stepper.finalStep)
            case .update: (updateStepCount, other.updateStepCount)
            }
        let matched = step == otherCount ? count : Swift.min(step, count)
        return switch phase {
        case .forward: matched
        case .seed, .backward: firstOffset(of: .seed) + matched
        case .update: firstOffset(of: .update) - 1 + Swift.max(1, matched)
        }
    }

    /// The offset of the first position of `phase` in an epoch.
    public func firstOffset(of phase: Phase) -> Int {
        switch phase {
        case .forward: 0
        case .seed, .backward: forwardStepCount + 1
        case .update: forwardStepCount + stepper.stepCount + 1
        }
    }

    /// Moves to epoch `target` (from 0) at the same offset; epochs between are run without
    /// being stepped through. A file that does not train has epoch 0 only.
    public mutating func move(toEpoch target: Int) {
        let target = Swift.max(0, trains ? target : 0)
        guard target != epoch else { return }
        let offset = self.offset
        // Run to the epoch's start: every epoch between contributes its loss and its leaves.
        while leafStarts.count <= target {
            let (loss, next) = training.epoch(from: leafStarts[leafStarts.count - 1])
            losses.append(loss)
            leafStarts.append(next)
        }
        enter(epoch: target)
        move(to: offset)
    }

    /// The first position after `offset` in this epoch whose step makes a NaN or an infinity
    /// out of finite numbers (a value from finite inputs, a grad from a finite grad and a
    /// finite upstream, an update from a finite value and grad), and the node it makes it for.
    ///
    /// Only where a non-finite number first appears counts, not every step it then flows
    /// through, so `c` stops at each origin in turn.
    public func firstNonFiniteOffset(after offset: Int) -> (offset: Int, node: NodeID)? {
        var position = Swift.max(offset + 1, 1)
        while position <= forwardStepCount {
            let node = forwardOrder[position - 1]
            if !graph.value(of: node).isFinite,
                graph.inputs(of: node).allSatisfy({ graph.value(of: $0).isFinite })
            {
                return (position, node)
            }
            position += 1
        }
        let seed = forwardStepCount + 1
        let firstStep = Swift.max(position - seed, 1)
        if firstStep <= stepper.finalStep {
            var probe = stepper
            probe.seek(toAppliedStepCount: firstStep)
            while let event = probe.next() {
                let made = event.contributions.first { contribution in
                    !contribution.after.isFinite && contribution.before.isFinite
                        && event.upstream.isFinite
                }
                if let made { return (seed + event.index, made.input) }
            }
        }
        let firstUpdate = Swift.max(position - seed - stepper.stepCount, 0)
        for step in updateSteps.dropFirst(firstUpdate)
        where !step.after.isFinite && step.before.isFinite && step.grad.isFinite {
            return (seed + stepper.stepCount + step.index - 1, step.update.node)
        }
        return nil
    }

    /// Makes epoch `target` the current one, its stepper at the start; `leafStarts` must
    /// reach it.
    private mutating func enter(epoch target: Int) {
        let start = leafStarts[target]
        graph = training.graph(leafValues: start)
        stepper = BackwardStepper(graph: graph, root: training.root, order: training.order)
        updateSteps = training.updateSteps(graph: graph, gradients: stepper.finalGradients)
        if leafStarts.count == target + 1 {
            leafStarts.append(training.leafValues(after: updateSteps, startingFrom: start))
        }
        if losses.count == target { losses.append(graph.value(of: training.root)) }
        epoch = target
    }
}
