import AgScript
import AutogradCapture
import AutogradEngine
import AutogradScreen
import Testing

/// The debugger on someone's engine: two captures of `z = x * y + y + tanh(x)` from an engine
/// whose tanh `_backward` passes t instead of 1 − t², at x = 2 and then x = 1 (y = 3).
@Suite("The debugger on your own engine")
struct CaptureSessionTests {
    /// One capture at `x`: the engine's numbers as the buggy engine computes them by hand
    /// (x.grad = y + tanh(x), where y + 1 − tanh(x)² is right).
    static func capture(index: Int, x: Double, tanh t: Double) -> String {
        let line = "\"file\": \"train.py\", \"line\": 3"
        return """
            {"index": \(index), "root": 5, "fired": [5, 4, 3, 2], "nodes": [
             {"id": 0, "op": "", "label": "x", "data": \(x), "grad": \(3 + t), "children": [], \(line)},
             {"id": 1, "op": "", "label": "y", "data": 3.0, "grad": \(x + 1), "children": [], \(line)},
             {"id": 2, "op": "*", "label": null, "data": \(x * 3), "grad": 1.0, "children": [0, 1],
              "probe": [{"child": 0, "local": 3.0, "mode": "add"}, {"child": 1, "local": \(x), "mode": "add"}]},
             {"id": 3, "op": "+", "label": null, "data": \(x * 3 + 3), "grad": 1.0, "children": [2, 1],
              "probe": [{"child": 2, "local": 1.0, "mode": "add"}, {"child": 1, "local": 1.0, "mode": "add"}]},
             {"id": 4, "op": "tanh", "label": null, "data": \(t), "grad": 1.0, "children": [0], \(line),
              "probe": [{"child": 0, "local": \(t), "mode": "add"}]},
             {"id": 5, "op": "+", "label": "z", "data": \(x * 3 + 3 + t), "grad": 1.0, "children": [3, 4],
              "probe": [{"child": 3, "local": 1.0, "mode": "add"}, {"child": 4, "local": 1.0, "mode": "add"}]}]}
            """
    }

    static func run(number: Int? = nil) throws -> CapturedRun {
        let text = """
            {"format": "autograd-capture/1", "script": "train.py", "captures": [
            \(capture(index: 0, x: 2, tanh: 0.9640275800758169)),
            \(capture(index: 1, x: 1, tanh: 0.7615941559557649))]}
            """
        let document = try CaptureReader.read(Array(text.utf8), path: "run.json")
        let source = Array("import engine\nx = Value(2.0)\nz = x * y + y + x.tanh()\n".utf8)
        return try CapturedRun(
            document: document, number: number, path: "run.json", readSource: { _ in source })
    }

    @Test("v runs to where tanh fires and selects it; the notice is the verdict")
    func verdictKey() throws {
        let run = try Self.run()
        var session = Session(.capture(run))
        session.apply(.jumpToVerdict)
        let tanh = NodeID(4)
        #expect(session.executionNode == tanh)
        #expect(session.selectedNode == tanh)
        #expect(session.notice == .verdict(run.review.verdict))
        #expect(run.review.verdict.kind == .local)
    }

    @Test("the forward pass shows the engine's value beside each recomputed one; L the losses")
    func forwardOnCapture() throws {
        var session = Session(.capture(try Self.run(number: 1)))
        session.apply(.stepBack)
        #expect(session.phase == .forward)
        // The root z = 2·3 + 3 + tanh(2) = 9.9640, the engine's own value beside it; tanh(x),
        // made on line 3 (`z = …`) without a label, is named after it; #3 has no line.
        let grid = Screen().render(session, width: 120, height: 34)
        let lines = (0..<grid.height).map(grid.text(ofRow:))
        #expect(
            lines.contains {
                $0.contains("z = #3 + z@3 = 9.0000 + 0.9640 = 9.9640   yours 9.9640 ✓")
            })
        session.apply(.toggleLossCurve)
        let curve = Screen().render(session, width: 120, height: 34)
        // Two captures: z = 9.9640 at x = 2, then 3 + 3 + tanh(1) = 6.7616 at x = 1.
        #expect(
            (0..<curve.height).map(curve.text(ofRow:)).contains {
                $0.contains("── loss: capture 1 9.9640, last 6.7616")
            })
    }

    @Test("] and [ move between captures at the same step, and stop at the ends")
    func captureKeys() throws {
        var session = Session(.capture(try Self.run(number: 1)))
        session.apply(.stepForward)
        session.apply(.stepForward)
        session.apply(.nextEpoch)
        #expect(session.capture?.number == 2)
        #expect(session.currentStep == 2)
        #expect(session.notice == .capture(number: 2, of: 2))
        // The second capture's x is 1: its graph holds the engine's numbers at x = 1.
        #expect(session.script.graph.value(of: NodeID(0)) == 1)
        session.apply(.nextEpoch)
        #expect(session.notice == .noCapture(before: false))
        session.apply(.previousEpoch)
        #expect(session.capture?.number == 1)
        session.apply(.previousEpoch)
        #expect(session.notice == .noCapture(before: true))
    }

    @Test("the capture keys on an .ag file say what they are for")
    func captureKeysOnAgFile() throws {
        var session = Session(.script(try script("x = 2.0\ny = tanh(x)\n")))
        session.apply(.jumpToVerdict)
        #expect(session.notice == .needsCapture(refused: .jumpToVerdict))
        session.apply(.nextEpoch)
        #expect(session.notice == .noTraining(refused: .nextEpoch))
    }

    @Test("the screen: yours beside grad, ✗ on x, the engine's local in the step, the verdict")
    func screen() throws {
        var session = Session(.capture(try Self.run()), width: 100, height: 24)
        session.apply(.jumpToVerdict)
        let grid = Screen().render(session, width: 100, height: 24)
        let lines = textAndMask(of: grid, rows: 0..<24).text.split(separator: "\n").map(String.init)
        #expect(lines[0].contains("capture 2/2 █▁"))
        // The verdict pane under the title says the verdict whole; the graph pane follows.
        #expect(lines[1].hasPrefix("── verdict: local  (V hides) ──"))
        #expect(
            lines[2]
                == " tanh's _backward (tanh(x), line 3) passes 0.7616 to x; the local derivative is 1 − out² = 0.4200   "
        )
        #expect(lines[3].contains("grad        yours"))
        let xRow = try #require(lines.first { $0.contains(" x ") && $0.contains("leaf") })
        #expect(xRow.hasSuffix("3.7616✗") || xRow.contains("3.7616✗ "))
        let stepLine = try #require(lines.first { $0.contains("x.grad +=") })
        #expect(stepLine.contains("0.4200 × 1.0000"))
        #expect(stepLine.contains("yours 0.7616 ✗"))
        // The status line does not say it again.
        #expect(lines[23].hasPrefix("verdict: local  n step"))
    }
}
