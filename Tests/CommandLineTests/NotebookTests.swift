import Foundation
import Testing

/// A notebook opened unchanged: `examples/bug_pow_notebook.ipynb` has IPython lines in cell 1
/// (`!pip install`, `%matplotlib inline`), an engine in cell 2 whose `__pow__` passes k·xᵏ
/// where k·xᵏ⁻¹ is right, a markdown cell 3, and in cell 4 two steps of gradient descent on
/// `loss = x ** 2 * 0.5` from x = 3 with a rate of 0.1.
///
/// By hand: the first pass gives x.grad = 0.5 · 2·3² = 9, so x = 3 − 0.9 = 2.1; on the second
/// (the capture opened) `sq = x ** 2` (cell 4, line 3) passes 2·2.1² = 8.82 to x, where
/// 2·2.1 = 4.2 is right, and x.grad is 0.5 · 8.82 = 4.41 where 2.1 is.
@Suite("Notebooks, opened as they are")
struct NotebookTests {
    static let notebook = "examples/bug_pow_notebook.ipynb"

    /// The 1-based line, within cell `cell` (counted from 1, markdown cells included), of the
    /// first line containing `target` at or after the first containing `anchor`.
    static func line(inCell cell: Int, after anchor: String, of target: String) throws -> Int {
        let url = BinaryRunner.packageRoot.appendingPathComponent(notebook)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cells = try #require(document["cells"] as? [[String: Any]])
        let source = cells[cell - 1]["source"]
        let text = (source as? [String])?.joined() ?? (source as? String) ?? ""
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains(anchor) })
        return try #require(lines[start...].firstIndex { $0.contains(target) }) + 1
    }

    @Test("--check names the cell and the line in it, and counts the IPython lines skipped")
    func check() throws {
        let result = try BinaryRunner.run(["--check", Self.notebook])
        #expect(result.status == 1, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        // The wrong _backward is in cell 2, the engine's: its line counted within the cell,
        // found in the notebook itself.
        let closure = try Self.line(inCell: 2, after: "def __pow__", of: "def _backward")
        #expect(
            lines.first
                == "bug_pow_notebook.ipynb, cell 2, line \(closure) in __pow__: __pow__'s _backward (sq = x ** 2, cell 4, line 3) passes 8.8200 to x; the local derivative is k·xᵏ⁻¹ with k = 2 = 4.2000"
        )
        #expect(lines.contains { $0.hasPrefix("    sq = x ** 2, cell 4, line 3  x") })
        #expect(lines.contains("    1 grad downstream is wrong because of it"))
        #expect(
            result.standardError.contains(
                "autograd-tui: skipped 2 IPython lines (%magic, !shell, %%cell) in \(Self.notebook)"
            ))
        // The notebook's own print, after the two steps: x = 2.1 − 0.1 · 4.41 = 1.659.
        #expect(result.standardError.contains("x = 1.6590"))
    }

    @Test("--json writes the cell beside the line, for every node and the verdict")
    func json() throws {
        let result = try BinaryRunner.run(["--json", Self.notebook])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
                as? [String: Any])
        let verdict = try #require(document["verdict"] as? [String: Any])
        #expect(verdict["kind"] as? String == "local")
        #expect(verdict["cell"] as? Int == 4)
        #expect(verdict["line"] as? Int == 3)
        #expect((verdict["yours"] as? Double).map { abs($0 - 8.82) < 1e-9 } == true)
        #expect((verdict["correct"] as? Double).map { abs($0 - 4.2) < 1e-9 } == true)
        // The code that is wrong: __pow__'s closure, in the engine's cell.
        let code = try #require(verdict["code"] as? [String: Any])
        #expect(code["cell"] as? Int == 2)
        #expect(
            code["line"] as? Int
                == (try Self.line(inCell: 2, after: "def __pow__", of: "def _backward")))
        #expect(code["function"] as? String == "__pow__")
        let nodes = try #require(document["nodes"] as? [[String: Any]])
        // x (line 1), sq (line 3), the constant 0.5 and loss (line 4): all made in cell 4.
        #expect(nodes.map { $0["cell"] as? Int } == [4, 4, 4, 4])
        #expect(nodes.map { $0["line"] as? Int } == [1, 3, 4, 4])
    }

    @Test("--save-capture, then the capture opened, gives the same verdict in the same words")
    func savedCapture() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("run.json").path
        let direct = try BinaryRunner.run(["--check", "--save-capture", saved, Self.notebook])
        let reopened = try BinaryRunner.run(["--check", saved])
        #expect(reopened.status == 1, "\(reopened.standardError)")
        #expect(reopened.standardOutput == direct.standardOutput)
        let document = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(
            document.contains(#""call": {"file": "bug_pow_notebook.ipynb", "cell": 4, "line": 6}"#))
    }

    @Test("--trace and --dot work on a notebook too")
    func traceAndDot() throws {
        let trace = try BinaryRunner.run(["--trace", Self.notebook])
        #expect(trace.status == 0, "\(trace.standardError)")
        #expect(
            trace.standardOutput.split(separator: "\n").last?.hasPrefix(
                "verdict: local: __pow__'s _backward (sq = x ** 2, cell 4, line 3)") == true)
        let dot = try BinaryRunner.run(["--dot", Self.notebook])
        #expect(dot.status == 0, "\(dot.standardError)")
        #expect(dot.standardOutput.contains("// verdict: local"))
    }

}
