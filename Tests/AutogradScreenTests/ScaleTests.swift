import AgScript
import AutogradEngine
import AutogradScreen
import GraphGenerators
import Testing

/// Correctness at size: a million-node graph read, stepped and drawn. Timing is the
/// benchmark's business (autograd-bench), not these tests'.
@Suite("A million nodes: read, step and render", .serialized)
struct ScaleTests {
    @Test("generated graphs have the size asked for", arguments: GraphShape.allCases)
    func generatedSizes(_ shape: GraphShape) throws {
        let script = try ScriptReader.read(
            GraphGenerator.source(shape, nodes: 5_000), path: "\(shape)")
        #expect(script.graph.count >= 5_000 && script.graph.count <= 5_000 + 1_328)
    }

    @Test("a 10⁶-node chain and a 10⁶-node wide graph", arguments: [GraphShape.chain, .wide])
    func millionNodes(_ shape: GraphShape) throws {
        let script = try ScriptReader.read(
            GraphGenerator.source(shape, nodes: 1_000_000), path: "\(shape)")
        #expect(script.graph.count >= 1_000_000)
        var session = Session(.script(script), width: 200, height: 60)
        let screen = Screen()
        #expect(screen.render(session, width: 200, height: 60).text.contains("backward 0/"))

        for _ in 0..<3 { session.apply(.stepForward) }
        session.apply(.stepBack)
        #expect(session.currentStep == 2)
        session.apply(.runToEnd)
        #expect(session.stepper.isFinished)
        // The stepper's end is the one-shot backward pass, bit for bit.
        let oneShot = script.graph.backward(from: script.root)
        #expect(
            session.stepper.gradients.values.map(\.bitPattern) == oneShot.values.map(\.bitPattern))
        session.apply(.pageDown)
        session.apply(.moveSelection(by: 500_000))
        let frame = screen.render(session, width: 200, height: 60)
        let final = session.stepper.finalStep
        #expect(frame.text.contains("backward \(final)/\(final)"))
        // Back through the whole forward pass to its start, and on again to the seed.
        session.apply(.restart)
        session.apply(.stepBack)
        session.apply(.startOfPhase)
        #expect(session.phase == .forward && session.timeline.stepInPhase == 0)
        #expect(session.timeline.value(of: script.root) == nil)
        session.apply(.continueForward)
        #expect(session.timeline.value(of: script.root) == script.graph.value(of: script.root))
        session.apply(.restart)
        #expect(session.stepper.gradients[script.root] == 1)
        #expect(session.stepper.gradients.values.filter { $0 != 0 }.count == 1)
    }
}
