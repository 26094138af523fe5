import AutogradEngine
import Testing

/// A graph far bigger than the caches, with edges that jump across it, against the plain
/// reference backpropagation written in the tests.
@Suite("Backpropagation on a big graph with far edges")
struct BigGraphTests {
    /// One random graph of 600,000 nodes, shared by the tests: far edges everywhere.
    static let graph = randomGraph(nodes: 600_000, leaves: 50, seed: 29)
    static var root: NodeID { NodeID(graph.count - 1) }
    static let referenceOrder = ReferenceBackprop.order(of: graph, from: root)
    static let referenceGradients = ReferenceBackprop.gradients(
        of: graph, from: root, order: referenceOrder)

    @Test("the graph has far edges")
    func graphHasFarEdges() {
        let far = (0..<Self.graph.count).filter { index in
            Self.graph.inputs(of: NodeID(index)).contains { index - $0.index > 100_000 }
        }
        #expect(far.count > 10_000)
    }

    @Test("the topological order is the reference walk's")
    func order() {
        let order = Self.graph.topologicalOrder(from: Self.root)
        #expect(order.count == Self.referenceOrder.count)
        #expect(zip(order, Self.referenceOrder).first { $0 != $1 } == nil)
    }

    @Test("one-shot backward gives the reference gradients")
    func oneShot() {
        let gradients = Self.graph.backward(from: Self.root).values
        #expect(ReferenceBackprop.firstDifference(gradients, Self.referenceGradients) == nil)
    }

    @Test("the stepper steps to the reference gradients, back to zero, and keeps its bookkeeping")
    func stepper() {
        var stepper = BackwardStepper(graph: Self.graph, root: Self.root)
        let expected = Self.referenceGradients
        #expect(ReferenceBackprop.firstDifference(stepper.finalGradients.values, expected) == nil)
        stepper.advance(by: stepper.stepCount)
        #expect(ReferenceBackprop.firstDifference(stepper.gradients.values, expected) == nil)

        // Undo the last steps one at a time, then redo them: the same bits each way.
        var snapshots: [[UInt64]] = []
        for _ in 0..<20 {
            snapshots.append(bits(stepper.gradients.values))
            stepper.retreat()
        }
        for snapshot in snapshots.reversed() {
            stepper.advance()
            #expect(bits(stepper.gradients.values) == snapshot)
        }

        stepper.retreat(by: stepper.stepCount)
        #expect(stepper.gradients.values.allSatisfy { $0 == 0 })

        // The first and last step that add to each node, found from the firing order.
        var first = [Int?](repeating: nil, count: Self.graph.count)
        var last = [Int?](repeating: nil, count: Self.graph.count)
        first[Self.root.index] = 0
        last[Self.root.index] = 0
        for (position, node) in stepper.firingOrder.enumerated() {
            #expect(stepper.step(firing: node) == position + 1)
            for input in Self.graph.inputs(of: node) {
                if first[input.index] == nil { first[input.index] = position + 1 }
                last[input.index] = position + 1
            }
        }
        for index in 0..<Self.graph.count {
            let node = NodeID(index)
            if stepper.firstContributingStep(to: node) != first[index]
                || stepper.lastContributingStep(to: node) != last[index]
            {
                Issue.record("contributing steps of \(node) differ from the firing order's")
                return
            }
        }
    }
}
