import AutogradEngine
import AutogradScreen
import Foundation
import Testing

/// The debugger on a training file: back from the seed into the forward pass, on through
/// the updates into the next epoch, the epoch keys, the loss curve, the NaN stop and failed
/// expectations, on the screen as a person sees it.
@Suite("The debugger through the whole training loop")
struct TrainingSessionTests {
    /// One weight and one sample: `L = (w * 1.5 - 2) ** 2`, `w.data += -lr * w.grad`.
    static let regression = """
        lr = 0.1
        w = 0.5
        e = w * 1.5 - 2.0
        L = e ** 2
        L.backward()
        w.data += -lr * w.grad
        """

    func session(_ text: String = regression, width: Int = 100, height: Int = 30) throws
        -> Session
    {
        Session(.script(try script(text)), width: width, height: height)
    }

    func screen(_ session: Session, width: Int = 100, height: Int = 30) -> [String] {
        let grid = Screen().render(session, width: width, height: height)
        return (0..<grid.height).map(grid.text(ofRow:))
    }

    @Test("the title names epoch, phase and step; the forward pass shows what is not computed")
    func forwardPassOnScreen() throws {
        var session = try session()
        #expect(screen(session)[0].contains("epoch 1"))
        #expect(screen(session)[0].contains("backward 0/3"))
        session.apply(.stepBack)
        // Back from the seed: the forward pass has just computed L = e ** 2.
        var lines = screen(session)
        #expect(lines[0].contains("forward 3/3"))
        // e = 0.5 × 1.5 − 2 = −1.25, L = 1.5625.
        #expect(lines.contains { $0.contains("L = e ** 2 = -1.2500 ** 2 = 1.5625") })
        session.apply(.stepBack)
        session.apply(.stepBack)
        lines = screen(session)
        #expect(lines[0].contains("forward 1/3"))
        let rowOfL = try #require(lines.first { $0.contains(" L ") && $0.contains("e ** 2") })
        #expect(rowOfL.contains("?"))
    }

    @Test("the update step in numbers, then epoch 2 from the new weight, and back exactly")
    func updateIntoNextEpoch() throws {
        var session = try session()
        let opened = session.stepper.gradients.values
        session.apply(.runToEnd)
        session.apply(.stepForward)
        // dL/dw = 2 · (−1.25) · 1.5 = −3.75; the update adds −0.1 × −3.75 = 0.375.
        let lines = screen(session)
        #expect(lines[0].contains("update 1/1"))
        #expect(
            lines.contains {
                $0.contains("w.data += -0.1 × (-3.7500) = 0.3750   0.5000 → 0.8750")
            })
        session.apply(.stepForward)
        #expect(session.timeline.epoch == 1 && session.phase == .forward)
        #expect(screen(session)[0].contains("epoch 2"))
        let w = try #require(
            session.script.graph.nodeIDs.first { session.script.graph.label(of: $0) == "w" })
        #expect(session.timeline.value(of: w) == 0.5 + -0.1 * -3.75)
        // All the way back to the opening seed, bit for bit.
        while session.timeline.epoch > 0 || session.phase != .seed { session.apply(.stepBack) }
        #expect(session.stepper.gradients.values == opened)
    }

    @Test("] and [ move between epochs at the same point, E runs epochs, L hides the curve")
    func epochKeys() throws {
        var session = try session()
        session.apply(.stepForward)
        session.apply(.nextEpoch)
        #expect(session.timeline.epoch == 1 && session.currentStep == 1)
        // Epoch 2's loss from w = 0.875: (0.875 · 1.5 − 2)² = 0.455625.
        #expect(session.notice == .epoch(2, loss: pow(0.875 * 1.5 - 2.0, 2)))
        session.apply(.previousEpoch)
        #expect(session.timeline.epoch == 0 && session.currentStep == 1)
        session.apply(.previousEpoch)
        #expect(session.notice == .atFirstEpoch)
        session.epochsPerRun = 10
        session.apply(.runEpochs)
        #expect(session.timeline.epoch == 10 && session.timeline.losses.count >= 11)
        #expect(session.isLossCurveVisible)
        #expect(screen(session).contains { $0.contains("── loss: epoch 11") })
        session.apply(.toggleLossCurve)
        #expect(!session.isLossCurveVisible)
        #expect(screen(session).contains { $0.contains("── source: test.ag") })
    }

    @Test("on a narrow screen the title drops the sparkline before it cuts the file's name")
    func narrowTitle() throws {
        let path = "a/long/folder/name/regression_training.ag"
        var session = Session(
            .script(try script(Self.regression, path: path)), width: 60, height: 16)
        session.epochsPerRun = 12
        session.apply(.runEpochs)
        let narrow = screen(session, width: 60, height: 16)[0]
        #expect(narrow.contains("…training.ag  epoch 13  6 nodes"), "\(narrow)")
        #expect(!narrow.contains("█"))
        let wide = screen(session, width: 120, height: 30)[0]
        #expect(wide.contains("\(path)  epoch 13 █"), "\(wide)")
    }

    @Test("c stops where a NaN is first made, and says so")
    func nonFiniteStop() throws {
        var session = try session(
            """
            x = 1.0
            y = log(x - 2.0)
            z = y * 3.0
            """)
        session.apply(.stepBack)
        session.apply(.startOfPhase)
        session.apply(.stepBack)
        #expect(session.notice == .atStart)
        session.apply(.continueForward)
        let y = try #require(
            session.script.graph.nodeIDs.first { session.script.graph.label(of: $0) == "y" })
        #expect(session.notice == .nonFinite(y, phase: .forward))
        #expect(screen(session).last?.contains("y: its value is not finite") == true)
    }

    @Test("a failed assert is told on opening, marked on its node, explained in the inspector")
    func failedExpectation() throws {
        var session = try session(
            """
            a = 2.0
            b = 3.0
            c = a + b
            d = c * a
            e = c * d
            e.backward()
            assert a.grad == 35
            """)
        // By hand: c = 5, d = 10, e = c·d = c²·a, so de/da = 2ca (via c: 20) + c² (via d: 25).
        guard case .expectationsFailed(1, let first) = session.notice else {
            Issue.record("no notice of the failed assert: \(String(describing: session.notice))")
            return
        }
        #expect(first.actual == 45)
        let rowOfA = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "a" })
        session.apply(.selectRow(rowOfA))
        let lines = screen(session, width: 140, height: 36)
        #expect(lines.contains { $0.contains(" a ") && $0.contains("✗ assert grad == 35") })
        // The inspector wraps the sentence in its half of the screen.
        let inspector = lines.map { String($0.dropFirst(70)) }.joined(separator: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(
            inspector.contains(
                "assert a.grad == 35 (line 7): it is 45.0000 = 25.0000 via d + 20.0000 via c"),
            "\(lines.joined(separator: "\n"))")
    }
}

@Suite("The same point in a graph of another size")
struct SamePointTests {
    @Test("the seed stays the seed, a phase's end its end, a step past the end the last one")
    func samePoint() throws {
        // chain.ag has 4 backward steps and train.ag 299: the other graph is bigger.
        var small = Session(.script(try demo("chain.ag"))).timeline
        var big = Session(.script(try demo("train.ag"))).timeline
        big.move(toBackwardStep: 0)
        #expect(small.offset(atSamePointAs: big) == small.firstOffset(of: .seed))
        big.move(toBackwardStep: big.stepper.finalStep)
        small.move(to: small.offset(atSamePointAs: big))
        #expect(small.stepper.currentStep == small.stepper.finalStep)
        big.move(toBackwardStep: 2)
        small.move(to: small.offset(atSamePointAs: big))
        #expect(small.stepper.currentStep == 2)
        big.move(toBackwardStep: 100)
        small.move(to: small.offset(atSamePointAs: big))
        #expect(small.stepper.currentStep == small.stepper.finalStep)
        big.move(to: big.forwardStepCount)
        small.move(to: small.offset(atSamePointAs: big))
        #expect(small.phase == .forward && small.stepInPhase == small.forwardStepCount)
        // And back: the end of the small one's pass is the end of the big one's.
        small.move(toBackwardStep: small.stepper.finalStep)
        big.move(to: big.offset(atSamePointAs: small))
        #expect(big.stepper.currentStep == big.stepper.finalStep)
        small.move(toBackwardStep: 1)
        big.move(to: big.offset(atSamePointAs: small))
        #expect(big.stepper.currentStep == 1)
    }
}
