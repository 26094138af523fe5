/// Gradient descent on a graph, epoch after epoch: the forward pass from the leaves, the
/// backward pass, then the updates in file order, each reading this epoch's gradients.
///
/// The next epoch starts from the updated leaves; everything else is recomputed, so the
/// epoch's numbers depend only on its leaves, and any epoch can be rebuilt exactly from the
/// values its updated leaves started with.
public struct Training: Sendable {
    /// The graph of the first epoch, as read.
    public let graph: Graph
    /// The node whose value is the loss.
    public let root: NodeID
    /// The updates, in file order.
    public let updates: [Update]
    /// The leaves the updates change, each once, in order of first update.
    public let updatedLeaves: [NodeID]
    /// The topological order from the root: the same in every epoch.
    public let order: [NodeID]
    /// For each update, the position of its leaf in `updatedLeaves`.
    private let slots: [Int]

    /// A training loop of `updates` on `graph`, minimising the value of `root`.
    public init(graph: Graph, root: NodeID, updates: [Update]) {
        self.graph = graph
        self.root = root
        self.updates = updates
        var slotOfLeaf: [NodeID: Int] = [:]
        var leaves: [NodeID] = []
        var slots: [Int] = []
        for update in updates {
            let slot = slotOfLeaf[update.node] ?? leaves.count
            if slot == leaves.count {
                slotOfLeaf[update.node] = slot
                leaves.append(update.node)
            }
            slots.append(slot)
        }
        updatedLeaves = leaves
        self.slots = slots
        order = graph.topologicalOrder(from: root)
    }

    /// The values the updated leaves start the first epoch with.
    public var firstLeafValues: [Double] { updatedLeaves.map(graph.value(of:)) }

    /// The graph of an epoch whose updated leaves start at `leafValues`, every other value
    /// recomputed from the leaves.
    public func graph(leafValues: [Double]) -> Graph {
        var graph = self.graph
        for (leaf, value) in zip(updatedLeaves, leafValues) { graph.setValue(value, ofLeaf: leaf) }
        graph.evaluate()
        return graph
    }

    /// What each update does in an epoch whose graph is `graph` and whose final gradients are
    /// `gradients`: the leaf's value before and after, in file order.
    public func updateSteps(graph: Graph, gradients: Gradients) -> [UpdateStep] {
        var current = updatedLeaves.map(graph.value(of:))
        return updates.enumerated().map { index, update in
            let before = current[slots[index]]
            let grad = gradients[update.node]
            let delta = update.amount.value(grad: grad)
            let after = update.updated(before, by: delta)
            current[slots[index]] = after
            return UpdateStep(
                index: index + 1, update: update, grad: grad, delta: delta, before: before,
                after: after)
        }
    }

    /// The values the updated leaves end an epoch with, after `steps`: where the next epoch
    /// starts.
    public func leafValues(after steps: [UpdateStep], startingFrom start: [Double]) -> [Double] {
        var values = start
        for step in steps { values[slots[step.index - 1]] = step.after }
        return values
    }

    /// One epoch from the updated leaves' values `start`, without stepping through it: its
    /// loss, and where the next epoch starts. Its one-shot backward pass gives the same
    /// gradients, bit for bit, as stepping through it.
    public func epoch(from start: [Double]) -> (loss: Double, next: [Double]) {
        let epochGraph = graph(leafValues: start)
        let gradients = epochGraph.backward(from: root, order: order)
        let next = leafValues(
            after: updateSteps(graph: epochGraph, gradients: gradients), startingFrom: start)
        return (epochGraph.value(of: root), next)
    }

    /// Runs `epochs` epochs from the first one and returns the loss of each (the root's value
    /// in its forward pass) and the updated leaves' values at the end.
    public func run(epochs: Int) -> (losses: [Double], leafValues: [Double]) {
        var leafValues = firstLeafValues
        var losses: [Double] = []
        losses.reserveCapacity(max(0, epochs))
        for _ in 0..<max(0, epochs) {
            let (loss, next) = epoch(from: leafValues)
            losses.append(loss)
            leafValues = next
        }
        return (losses, leafValues)
    }
}

/// One update applied: the leaf's value before and after `w.data += amount`.
public struct UpdateStep: Sendable, Equatable {
    /// The update's position in the epoch's update phase, from 1.
    public var index: Int
    /// The statement.
    public var update: Update
    /// The leaf's gradient this epoch.
    public var grad: Double
    /// The right-hand side's value: what is added (or, for `-=`, subtracted).
    public var delta: Double
    /// The leaf's value before.
    public var before: Double
    /// The leaf's value after.
    public var after: Double
}
