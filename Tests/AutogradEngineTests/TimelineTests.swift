import AutogradEngine
import Foundation
import Testing

/// The training timeline: forward steps, the seed, backward steps and updates, epoch after
/// epoch, exact in both directions. Numbers come from plain arithmetic written out here.
@Suite("The timeline: forward, backward, update, epochs")
struct TimelineTests {
    /// `L = (w * x - t) ** 2` for one sample, and `w.data += -lr * w.grad`.
    struct Regression {
        var graph = Graph()
        let w: NodeID
        let product: NodeID
        let error: NodeID
        let loss: NodeID
        static let x = 1.5
        static let target = 2.0
        static let rate = 0.1

        init(w start: Double = 0.5) {
            w = graph.addLeaf(start, label: "w")
            let x = graph.addLeaf(Self.x, label: "x")
            let t = graph.addLeaf(Self.target, label: "t")
            product = graph.add(.multiply, w, x)
            error = graph.add(.subtract, product, t)
            loss = graph.add(.power, error, exponent: 2)
        }

        var update: Update {
            Update(
                node: w, direction: .add,
                amount: .binary(.multiply, .negated(.hyperparameter("lr", Self.rate)), .gradient),
                line: 7)
        }

        /// The losses and the weights of `epochs` epochs of this loop in plain arithmetic.
        static func byHand(epochs: Int, w start: Double = 0.5) -> (losses: [Double], w: [Double]) {
            var w = start
            var losses: [Double] = []
            var weights: [Double] = []
            for _ in 0..<epochs {
                weights.append(w)
                let error = w * x - target
                losses.append(pow(error, 2))
                let grad = 2 * error * x
                w = w + (-rate) * grad
            }
            return (losses, weights)
        }
    }

    @Test(
        "it opens at the seed; back from there is the forward pass, values unknown until computed")
    func forwardPass() {
        let model = Regression()
        var timeline = Timeline(
            training: Training(graph: model.graph, root: model.loss, updates: [model.update]))
        #expect(timeline.phase == .seed && timeline.epoch == 0)
        #expect(timeline.forwardStepCount == 3)
        let wentBack1 = timeline.stepBack()
        #expect(wentBack1)
        #expect(timeline.phase == .forward && timeline.stepInPhase == 3)
        #expect(timeline.currentNode == model.loss)
        let wentBack2 = timeline.stepBack()
        #expect(wentBack2)
        #expect(timeline.currentNode == model.error)
        #expect(timeline.value(of: model.loss) == nil)
        #expect(timeline.value(of: model.error) == 0.5 * 1.5 - 2)
        timeline.stepBack()
        let wentBack3 = timeline.stepBack()
        #expect(wentBack3)
        #expect(timeline.stepInPhase == 0 && timeline.currentNode == nil)
        #expect(timeline.value(of: model.product) == nil)
        #expect(timeline.value(of: model.w) == 0.5)
        let wentBack4 = timeline.stepBack()
        #expect(!wentBack4)
        #expect(timeline.stepper.gradients.values.allSatisfy { $0 == 0 })
    }

    @Test("after the backward pass the update moves w by -lr × grad, and epoch 2 starts from it")
    func updateAndNextEpoch() {
        let model = Regression()
        var timeline = Timeline(
            training: Training(graph: model.graph, root: model.loss, updates: [model.update]))
        timeline.move(toBackwardStep: timeline.stepper.finalStep)
        let wentOn1 = timeline.stepForward()
        #expect(wentOn1)
        #expect(timeline.phase == .update && timeline.stepInPhase == 1)
        let error = 0.5 * 1.5 - 2.0
        let grad = 2 * error * 1.5
        let step = timeline.currentUpdate
        #expect(step?.grad == grad)
        #expect(step?.delta == -0.1 * grad)
        #expect(step?.before == 0.5 && step?.after == 0.5 + -0.1 * grad)
        #expect(timeline.value(of: model.w) == 0.5 + -0.1 * grad)
        // The next step is epoch 2's forward 0: the new w, nothing else computed.
        let wentOn2 = timeline.stepForward()
        #expect(wentOn2)
        #expect(timeline.epoch == 1 && timeline.phase == .forward && timeline.stepInPhase == 0)
        #expect(timeline.value(of: model.w) == 0.5 + -0.1 * grad)
        #expect(timeline.value(of: model.loss) == nil)
        // And back: the update again, w's old value when stepped back through it.
        let wentBack5 = timeline.stepBack()
        #expect(wentBack5)
        #expect(timeline.epoch == 0 && timeline.phase == .update)
        let wentBack6 = timeline.stepBack()
        #expect(wentBack6)
        #expect(timeline.value(of: model.w) == 0.5)
    }

    @Test("epochs stepped through, jumped to and run agree with plain arithmetic, bit for bit")
    func epochsAreExact() {
        let model = Regression()
        let training = Training(graph: model.graph, root: model.loss, updates: [model.update])
        let hand = Regression.byHand(epochs: 12)
        #expect(training.run(epochs: 12).losses == hand.losses)

        var stepped = Timeline(training: training)
        for _ in 0..<(11 * stepped.positionsPerEpoch) { stepped.stepForward() }
        #expect(stepped.epoch == 11 && stepped.phase == .seed)
        #expect(stepped.losses == hand.losses)
        #expect(stepped.value(of: model.w) == hand.w[11])

        var jumped = Timeline(training: training)
        jumped.move(toEpoch: 11)
        #expect(jumped.phase == .seed)
        #expect(jumped.graph.values == stepped.graph.values)
        #expect(jumped.stepper.finalGradients.values == stepped.stepper.finalGradients.values)

        // All the way back to epoch 1: the same numbers as when it opened.
        let opened = Timeline(training: training)
        for _ in 0..<(11 * stepped.positionsPerEpoch) { stepped.stepBack() }
        #expect(stepped.epoch == 0 && stepped.phase == .seed)
        #expect(stepped.graph.values == opened.graph.values)
        #expect(stepped.stepper.gradients.values == opened.stepper.gradients.values)
    }

    @Test("a graph without updates has one epoch: stepping stops at its ends")
    func oneEpoch() {
        let model = Regression()
        var timeline = Timeline(graph: model.graph, root: model.loss)
        #expect(!timeline.trains)
        timeline.move(to: timeline.positionsPerEpoch - 1)
        #expect(timeline.stepper.isFinished)
        let wentOn3 = timeline.stepForward()
        #expect(!wentOn3)
        timeline.move(toEpoch: 5)
        #expect(timeline.epoch == 0)
    }

    @Test("c's NaN stop: the first step that makes a non-finite number out of finite ones")
    func nonFinite() {
        // log(x - 2) at x = 1 is NaN in the forward pass; sqrt(0)'s local is infinite.
        var graph = Graph()
        let x = graph.addLeaf(1, label: "x")
        let two = graph.addConstant(2)
        let shifted = graph.add(.subtract, x, two)
        let logged = graph.add(.log, shifted)
        let timeline = Timeline(graph: graph, root: logged)
        let found = timeline.firstNonFiniteOffset(after: -1)
        #expect(found?.node == logged)
        #expect(found?.offset == timeline.forwardStep(computing: logged))

        var zero = Graph()
        let z = zero.addLeaf(0, label: "z")
        let root = zero.add(.sqrt, z)
        let backward = Timeline(graph: zero, root: root)
        let stop = backward.firstNonFiniteOffset(after: backward.offset)
        // sqrt's local at 0 is 1/(2·0) = +inf: step 1 of the backward pass makes z.grad inf.
        #expect(stop?.node == z)
        #expect(stop?.offset == backward.firstOffset(of: .seed) + 1)
        #expect(backward.firstNonFiniteOffset(after: stop?.offset ?? 0) == nil)
    }
}
