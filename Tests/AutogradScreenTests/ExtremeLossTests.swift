import AutogradCapture
import AutogradEngine
import Testing

@testable import AutogradScreen

/// Losses at the ends of `Double`'s range (issue 17): the title's sparkline trapped on
/// `Int(NaN)` when the highest and lowest differ by more than the largest double.
@Suite("Extreme losses")
struct ExtremeLossTests {
    @Test("losses of 1e308 and -1e308 draw the lowest and highest levels")
    func opposingExtremes() {
        #expect(Sparkline.text(of: [1e308, -1e308], width: 16, ascii: true) == "^_")
        let greatest = Double.greatestFiniteMagnitude
        #expect(Sparkline.text(of: [greatest, greatest, -greatest], width: 2, ascii: true) == "^_")
        #expect(Sparkline.text(of: [-greatest, 0, greatest], width: 3, ascii: false) == "▁▅█")
    }

    @Test("a capture whose losses are 1e308 and -1e308 opens on its first screen")
    func captureFirstScreen() throws {
        let text = """
            {"format": "autograd-capture/1", "captures": [
             {"index": 0, "kept": false, "root_data": 1e308},
             {"index": 1, "root": 0, "nodes": [
              {"id": 0, "op": "", "label": "x", "data": -1e308, "grad": 1, "children": []}]}]}
            """
        let document = try CaptureReader.read(Array(text.utf8), path: "run.json")
        let run = try CapturedRun(
            document: document, number: nil, path: "run.json", readSource: { _ in nil })
        let session = Session(.capture(run), width: 100, height: 24)
        let grid = Screen().render(session, width: 100, height: 24)
        #expect(grid.height == 24)
    }
}
