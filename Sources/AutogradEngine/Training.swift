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

    /// A training loop of `updates` on `graph`, minimising the value of `root`.
    public init(graph: Graph, root: NodeID, updates: [Update]) {
        self.graph = graph
        self.root = root
        self.updates = updates
        var seen = Set<NodeID>()
        updatedLeaves = updates.map(\.node).filter { seen.insert($0).inserted }
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
        var current: [NodeID: Double] = [:]
        return updates.enumerated().map { index, update in
            let before = current[update.node] ?? graph.value(of: update.node)
            let grad = gradients[update.node]
            let after = update.updated(before, grad: grad)
            current[update.node] = after
            return UpdateStep(
                index: index + 1, update: update, grad: grad,
                delta: update.amount.value(grad: grad),
                before: before, after: after)
        }
    }

    /// The values the updated leaves end an epoch with, after `steps`: where the next epoch
    /// starts.
    public func leafValues(after steps: [UpdateStep], startingFrom start: [Double]) -> [Double] {
        var values = start
        var position: [NodeID: Int] = [:]
        for (index, leaf) in updatedLeaves.enumerated() { position[leaf] = index }
        for step in steps {
            if let index = position[step.update.node] { values[index] = step.after }
        }
        return values
    }

    /// Runs `epochs` epochs from the first one and returns the loss of each (the root's value
    /// in its forward pass) and the updated leaves' values at the end.
    public func run(epochs: Int) -> (losses: [Double], leafValues: [Double]) {
        var leafValues = firstLeafValues
        var losses: [Double] = []
        losses.reserveCapacity(max(0, epochs))
        for _ in 0..<max(0, epochs) {
            let epochGraph = graph(leafValues: leafValues)
            losses.append(epochGraph.value(of: root))
            let gradients = epochGraph.backward(from: root, order: order)
            leafValues = self.leafValues(
                after: updateSteps(graph: epochGraph, gradients: gradients),
                startingFrom: leafValues)
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
