import AutogradEngine
import Foundation
import Testing

@Suite("Backward stepper")
struct BackwardStepperTests {
    /// a = 2, b = -0.5, c = a * b, d = c + a, L = tanh(d): the trace-json example.
    static func example() -> (
        graph: Graph, a: NodeID, b: NodeID, c: NodeID, d: NodeID, loss: NodeID
    ) {
        var graph = Graph()
        let a = graph.addLeaf(2.0, label: "a")
        let b = graph.addLeaf(-0.5, label: "b")
        let c = graph.add(.multiply, a, b)
        let d = graph.add(.add, c, a)
        let loss = graph.add(.tanh, d)
        return (graph, a, b, c, d, loss)
    }

    @Test("the example's steps: seed, then tanh, +, * with hand-derived numbers")
    func exampleSteps() throws {
        let (graph, a, b, c, d, loss) = Self.example()
        var stepper = BackwardStepper(graph: graph, root: loss)
        #expect(stepper.stepCount == 4)
        #expect(stepper.firingOrder == [loss, d, c])

        let seedEvent = stepper.next()
        let seed = try #require(seedEvent)
        #expect(seed.kind == .seed && seed.index == 0 && seed.node == loss && seed.upstream == 1)
        #expect(seed.contributions.isEmpty)

        // tanh: d = 1, local = 1 − tanh(1)², by hand.
        let tanhLocal = 1 - pow(tanh(1.0), 2)
        let fireTanhEvent = stepper.next()
        let fireTanh = try #require(fireTanhEvent)
        #expect(fireTanh.kind == .backward && fireTanh.node == loss && fireTanh.upstream == 1)
        #expect(fireTanh.contributions.map(\.input) == [d])
        #expect(isClose(fireTanh.contributions[0].local, tanhLocal, tolerance: 1e-15))

        // +: both inputs receive the upstream unchanged; a's first contribution.
        let fireAddEvent = stepper.next()
        let fireAdd = try #require(fireAddEvent)
        #expect(fireAdd.node == d && fireAdd.contributions.map(\.input) == [c, a])
        #expect(fireAdd.contributions.map(\.local) == [1, 1])
        #expect(fireAdd.contributions.map(\.before) == [0, 0])

        // *: a receives b × upstream on top of what + gave it; b receives a × upstream.
        let fireMultiplyEvent = stepper.next()
        let fireMultiply = try #require(fireMultiplyEvent)
        #expect(fireMultiply.node == c && fireMultiply.contributions.map(\.input) == [a, b])
        #expect(fireMultiply.contributions.map(\.local) == [-0.5, 2.0])
        #expect(isClose(fireMultiply.contributions[0].before, tanhLocal, tolerance: 1e-15))
        #expect(isClose(stepper.gradients[a], tanhLocal * (1 - 0.5), tolerance: 1e-15))
        #expect(isClose(stepper.gradients[b], tanhLocal * 2, tolerance: 1e-15))

        #expect(stepper.next() == nil)
        #expect(stepper.isFinished)
    }

    @Test("every contribution adds up: delta = local × upstream, after = before + delta")
    func contributionsAddUp() {
        let graph = randomGraph(nodes: 400, leaves: 6, seed: 99)
        let root = NodeID(graph.count - 1)
        var received = [Double](repeating: 0, count: graph.count)
        for event in BackwardStepper(graph: graph, root: root) where event.kind == .backward {
            for contribution in event.contributions {
                #expect(contribution.delta == contribution.local * event.upstream)
                #expect(contribution.after == contribution.before + contribution.delta)
                #expect(contribution.before == received[contribution.input.index])
                received[contribution.input.index] = contribution.after
            }
        }
        // What the events say each input received adds up to the plain reference's gradients.
        received[root.index] = 1
        let reference = ReferenceBackprop.gradients(of: graph, from: root)
        #expect(ReferenceBackprop.firstDifference(received, reference) == nil)
    }

    @Test(
        "stepping to the end gives the reference gradients, and one-shot backward's bit for bit",
        arguments: 1...12)
    func steppingEqualsOneShot(seed: UInt64) {
        let graph = randomGraph(nodes: 500, leaves: 8, seed: seed)
        let root = NodeID(graph.count - 1)
        var stepper = BackwardStepper(graph: graph, root: root)
        while stepper.next() != nil {}
        let reference = ReferenceBackprop.gradients(of: graph, from: root)
        #expect(ReferenceBackprop.firstDifference(stepper.gradients.values, reference) == nil)
        #expect(bits(stepper.gradients.values) == bits(graph.backward(from: root).values))
    }

    @Test("a node's grad is final when it fires: nothing after changes it", arguments: 1...6)
    func gradientFinalWhenFiring(seed: UInt64) {
        let graph = randomGraph(nodes: 600, leaves: 5, seed: seed)
        let root = NodeID(graph.count - 1)
        let final = ReferenceBackprop.gradients(of: graph, from: root)
        var stepper = BackwardStepper(graph: graph, root: root)
        var firedAt: [NodeID: Int] = [:]
        while let event = stepper.next() {
            #expect(isClose(event.upstream, final[event.node.index], tolerance: 1e-12))
            let isFinal = stepper.isGradientFinal(event.node)
            #expect(isFinal)
            firedAt[event.node] = event.index
            for contribution in event.contributions {
                // No input is a node that has already fired.
                #expect(firedAt[contribution.input] == nil)
            }
        }
    }

    @Test("a leaf's grad becomes final with its last user's step, not before")
    func leafFinality() {
        let (graph, a, b, _, _, loss) = Self.example()
        var stepper = BackwardStepper(graph: graph, root: loss)
        // a receives from d = c + a (step 2) and c = a * b (step 3); b only at step 3.
        #expect(stepper.lastContributingStep(to: a) == 3)
        #expect(stepper.lastContributingStep(to: b) == 3)
        #expect(stepper.lastContributingStep(to: loss) == 0)
        stepper.seek(toStep: 2)
        #expect(!stepper.isGradientFinal(a))
        stepper.seek(toStep: 3)
        #expect(stepper.isGradientFinal(a) && stepper.isGradientFinal(b))
    }

    @Test("stepping back restores every grad exactly, step by step")
    func stepBackRestores() {
        let graph = randomGraph(nodes: 300, leaves: 4, seed: 3)
        var stepper = BackwardStepper(graph: graph, root: NodeID(graph.count - 1))
        var snapshots = [bits(stepper.gradients.values)]
        while stepper.next() != nil { snapshots.append(bits(stepper.gradients.values)) }
        for expected in snapshots.reversed().dropFirst() {
            let undone = stepper.stepBack()
            #expect(undone != nil)
            #expect(bits(stepper.gradients.values) == expected)
        }
        #expect(stepper.appliedStepCount == 0)
        #expect(stepper.stepBack() == nil)
    }

    @Test("seeking to any step equals stepping there from the start, and back again")
    func seekMatchesStepping() {
        let graph = randomGraph(nodes: 200, leaves: 4, seed: 11)
        let root = NodeID(graph.count - 1)
        var reference = BackwardStepper(graph: graph, root: root)
        var snapshots: [[UInt64]] = []
        while reference.next() != nil { snapshots.append(bits(reference.gradients.values)) }

        var stepper = BackwardStepper(graph: graph, root: root)
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<60 {
            let target = Int.random(in: 0...stepper.finalStep, using: &generator)
            stepper.seek(toStep: target)
            #expect(stepper.currentStep == target)
            #expect(bits(stepper.gradients.values) == snapshots[target])
            #expect(stepper.event(at: target) == reference.event(at: target))
        }
        stepper.seek(toStep: .max)
        #expect(stepper.isFinished)
        stepper.reset()
        #expect(stepper.appliedStepCount == 0)
        #expect(stepper.gradients.values.allSatisfy { $0.bitPattern == 0 })
    }

    @Test("a * a adds to a twice in one step")
    func squareAddsTwice() throws {
        var graph = Graph()
        let a = graph.addLeaf(3, label: "a")
        let square = graph.add(.multiply, a, a)
        var stepper = BackwardStepper(graph: graph, root: square)
        stepper.seek(toStep: 1)
        let event = try #require(stepper.event(at: 1))
        #expect(event.contributions.map(\.input) == [a, a])
        #expect(event.contributions.map(\.before) == [0, 3])
        #expect(event.contributions.map(\.after) == [3, 6])
        stepper.stepBack()
        #expect(stepper.gradients[a] == 0)

        // Step by step, not by seeking: both contributions land, and step back undoes both.
        stepper.reset()
        #expect(stepper.advance(by: 2) == 2)
        #expect(stepper.gradients[a] == 6)
        #expect(stepper.gradients[square] == 1)
        #expect(stepper.retreat(by: 1) == 1)
        #expect(stepper.gradients[a] == 0)
        #expect(stepper.gradients[square] == 1)
        #expect(stepper.retreat(by: 1) == 1)
        #expect(stepper.gradients[square] == 0)
    }

    @Test("a leaf as root: only the seed step")
    func leafRoot() {
        var graph = Graph()
        let a = graph.addLeaf(3, label: "a")
        var stepper = BackwardStepper(graph: graph, root: a)
        #expect(stepper.stepCount == 1)
        #expect(stepper.next()?.kind == .seed)
        #expect(stepper.next() == nil)
        #expect(stepper.gradients[a] == 1)
    }

    @Test("a million-node chain steps to the end and back")
    func millionNodeChain() {
        var graph = Graph()
        graph.reserveCapacity(1_000_000)
        let x = graph.addLeaf(0.5, label: "x")
        var node = x
        for _ in 1..<1_000_000 { node = graph.add(.negate, node) }
        var stepper = BackwardStepper(graph: graph, root: node)
        #expect(stepper.stepCount == 1_000_000)
        stepper.seek(toStep: stepper.finalStep)
        // 999,999 negations: d(root)/dx = (−1)^999999 = −1.
        #expect(stepper.gradients[x] == -1)
        stepper.seek(toStep: 0)
        #expect(stepper.gradients[x] == 0)
        #expect(stepper.gradients[node] == 1)
    }
}
