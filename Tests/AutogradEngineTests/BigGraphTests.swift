import Testing

@testable import AutogradEngine

/// Big graphs take the loops that ask memory for what comes next. These tests check them
/// against plain reference code written here, on a random graph above the threshold.
@Suite("Backpropagation on graphs big enough to look ahead")
struct LookaheadTests {
    /// One random graph over the threshold, shared by the tests: far edges everywhere.
    static let graph = randomGraph(
        nodes: Lookahead.minimumNodeCount + 10_000, leaves: 50, seed: 29)
    static var root: NodeID { NodeID(graph.count - 1) }

    /// The post-order of a left-to-right depth-first walk, with a stack of (node, next input).
    static let referenceOrder: [NodeID] = {
        var visited = Set<NodeID>([root])
        var stack: [(node: NodeID, next: Int)] = [(root, 0)]
        var order: [NodeID] = []
        while let top = stack.last {
            let inputs = graph.inputs(of: top.node)
            if top.next == inputs.count {
                order.append(top.node)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let input = inputs[top.next]
            if visited.insert(input).inserted { stack.append((input, 0)) }
        }
        return order
    }()

    /// Each node's gradient, accumulated in reverse topological order by plain loops.
    static func referenceGradients() -> [Double] {
        var grads = [Double](repeating: 0, count: graph.count)
        grads[root.index] = 1
        for node in referenceOrder.reversed() {
            let inputs = graph.inputs(of: node)
            guard !inputs.isEmpty else { continue }
            let a = graph.value(of: inputs[0])
            let b = inputs.count > 1 ? graph.value(of: inputs[1]) : 0
            let locals = graph.operation(of: node).localDerivatives(
                a, b, out: graph.value(of: node))
            grads[inputs[0].index] += locals.0 * grads[node.index]
            if inputs.count > 1 { grads[inputs[1].index] += locals.1 * grads[node.index] }
        }
        return grads
    }

    /// The first node whose gradient differs from `expected` in any bit, `nil` when none does:
    /// a failure names one node instead of printing half a million numbers.
    static func firstDifference(_ grads: [Double], _ expected: [Double]) -> Int? {
        guard grads.count == expected.count else { return -1 }
        return grads.indices.first { grads[$0].bitPattern != expected[$0].bitPattern }
    }

    @Test("the graph is big enough to look ahead, and has far edges")
    func graphLooksAhead() {
        #expect(Self.graph.count >= Lookahead.minimumNodeCount)
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

    @Test("one-shot backward gives the reference gradients, bit for bit")
    func oneShot() {
        let gradients = Self.graph.backward(from: Self.root).values
        #expect(Self.firstDifference(gradients, Self.referenceGradients()) == nil)
    }

    @Test("the stepper steps to the reference gradients, back to zero, and keeps its bookkeeping")
    func stepper() {
        let expected = Self.referenceGradients()
        var stepper = BackwardStepper(graph: Self.graph, root: Self.root)
        #expect(Self.firstDifference(stepper.finalGradients.values, expected) == nil)
        stepper.advance(by: stepper.stepCount)
        #expect(Self.firstDifference(stepper.gradients.values, expected) == nil)

        // Undo the last steps one at a time, then redo them: the same bits each way.
        var snapshots: [[Double]] = []
        for _ in 0..<20 {
            snapshots.append(stepper.gradients.values)
            stepper.retreat()
        }
        for snapshot in snapshots.reversed() {
            stepper.advance()
            #expect(Self.firstDifference(stepper.gradients.values, snapshot) == nil)
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
