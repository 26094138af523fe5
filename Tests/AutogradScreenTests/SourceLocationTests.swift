import AgScript
import AutogradCapture
import AutogradEngine
import AutogradScreen
import Testing

/// The verdict in words on screen, and the source pane on any file a capture names: an engine
/// module (`engine.py`, whose `__pow__` passes k·xᵏ where k·xᵏ⁻¹ is right), the script that
/// imports it, a notebook's cells.
@Suite("The verdict pane and the source pane on any file")
struct SourceLocationTests {
    /// The engine module: `__pow__`'s `_backward` is on line 10.
    static let engine = """
        class Value:
          def __init__(s, d, kids=()):
            s.data, s.grad = d, 0.0
            s._prev = set(kids)
            s._backward = lambda: None

          def __pow__(s, k):
            o = Value(s.data ** k, (s,))
            def _backward():
              s.grad += k*s.data**k*o.grad
            o._backward = _backward
            return o

        """

    /// The script: x made on line 2, y on line 3.
    static let train = "from engine import Value\nx = Value(3.0)\ny = x ** 2\ny.backward()\n"

    /// y = x ** 2 at x = 3: the engine passes 2·3² = 18 to x, where 2·3 = 6 is right.
    static func run(
        file: String = "train.py", cell: Int? = nil, grad: Double = 18, local: Double = 18,
        reads: [String: String]? = nil
    ) throws -> CapturedRun {
        let place = "\"file\": \"\(file)\"" + (cell.map { ", \"cell\": \($0)" } ?? "")
        let text = """
            {"format": "autograd-capture/1", "script": "\(file)", "captures": [
             {"index": 0, "root": 1, "fired": [1], "nodes": [
              {"id": 0, "op": "", "label": "x", "data": 3.0, "grad": \(grad), "children": [],
               \(place), "line": 2},
              {"id": 1, "op": "**2", "label": "y", "data": 9.0, "grad": 1.0, "children": [0],
               \(place), "line": 3, "probe": [{"child": 0, "local": \(local), "mode": "add"}]}]}]}
            """
        let document = try CaptureReader.read(Array(text.utf8), path: "run.json")
        let files = reads ?? ["train.py": train, "engine.py": engine]
        return try CapturedRun(
            document: document, number: nil, path: "run.json", alsoReading: ["engine.py"],
            readSource: { files[$0].map { Array($0.utf8) } })
    }

    /// The rows of `grid` as text, trailing spaces dropped.
    static func rows(_ grid: Grid) -> [String] {
        (0..<grid.height).map { row in
            var text = grid.text(ofRow: row)
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    @Test("at 80×24 the verdict pane under the title says the whole sentence, wrapped")
    func verdictAt80() throws {
        let session = Session(.capture(try Self.run()), width: 80, height: 24)
        let grid = Screen().render(session, width: 80, height: 24)
        // k·xᵏ⁻¹ at x = 3, k = 2 is 6; the engine passes k·xᵏ = 18. Wrapped at 79 columns
        // after a one-column margin, at the last space that fits.
        expectRows(
            grid, from: 1,
            text: """
                ── verdict: local  (V hides) ───────────────────────────────────────────────────
                 __pow__'s _backward (y = x ** 2, line 3) passes 18.0000 to x; the local
                 derivative is k·xᵏ⁻¹ with k = 2 = 6.0000
                """,
            mask: """
                hhhhhhhhhhhhrrrrrhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh


                """)
        let rows = Self.rows(grid)
        #expect(rows[4].hasPrefix("── graph "))
        #expect(rows[23].hasPrefix("verdict: local  n step"))
    }

    @Test("at 100×30 the sentence takes two rows, and V hides the pane, giving the rows back")
    func verdictAt100() throws {
        var session = Session(.capture(try Self.run()), width: 100, height: 30)
        var grid = Screen().render(session, width: 100, height: 30)
        expectRows(
            grid, from: 1,
            text: """
                ── verdict: local  (V hides) ───────────────────────────────────────────────────────────────────────
                 __pow__'s _backward (y = x ** 2, line 3) passes 18.0000 to x; the local derivative is k·xᵏ⁻¹ with k
                 = 2 = 6.0000
                """,
            mask: """
                hhhhhhhhhhhhrrrrrhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh


                """)
        let layout = try #require(ScreenLayout(for: session, width: 100, height: 30))
        #expect(layout.verdict.y == 1 && layout.verdict.height == 3)
        #expect(layout.graph.y == 4)
        let key = KeyMap.command(for: .character("V"), in: session, layout: layout)
        session.apply(try #require(key))
        #expect(!session.isVerdictVisible)
        grid = Screen().render(session, width: 100, height: 30)
        #expect(Self.rows(grid)[1].hasPrefix("── graph "))
        #expect(ScreenLayout(for: session, width: 100, height: 30)?.graph.y == 1)
        // v shows it again.
        session.apply(.jumpToVerdict)
        #expect(session.isVerdictVisible)
    }

    @Test("a verdict of none reads as agreement, in the words of the sentence")
    func agreement() throws {
        // The right local, 2·3 = 6, and x.grad = 6.
        let session = Session(.capture(try Self.run(grad: 6, local: 6)), width: 80, height: 24)
        let rows = Self.rows(Screen().render(session, width: 80, height: 24))
        #expect(rows[1].hasPrefix("── verdict: agrees  (V hides) ──"))
        #expect(
            rows[2...3].joined(separator: "\n")
                == """
                 your engine agrees with autograd-tui's on all 2 nodes: every value, local
                 derivative and grad
                """)
        #expect(rows[23].hasPrefix("verdict: agrees  n step"))
    }

    @Test("V on an .ag file says it is for your own engine")
    func verdictKeyOnAgFile() throws {
        var session = Session(.script(try script("x = 2.0\ny = tanh(x)\n")))
        session.apply(.toggleVerdict)
        #expect(session.notice == .needsCapture(refused: .toggleVerdict))
        #expect(ScreenLayout(for: session, width: 80, height: 24)?.verdict.height == 0)
    }

    /// Columns `0..<40` (the source pane at 80 columns) of rows `rows` of `grid`, as text
    /// with trailing spaces dropped and as a style mask (letters of `styleLetters`).
    static func sourcePane(_ grid: Grid, rows: Range<Int>) -> (text: String, mask: String) {
        let both = textAndMask(of: grid, rows: rows)
        func left(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map {
                var row = String($0.prefix(40))
                while row.last == " " { row.removeLast() }
                return row
            }.joined(separator: "\n")
        }
        return (left(both.text), left(both.mask))
    }

    @Test("showing a location shows its file at its line, marked ✗, until the point moves")
    func showLocation() throws {
        var session = Session(.capture(try Self.run()), width: 80, height: 24)
        // The engine's `__pow__` `_backward`, line 10 of engine.py: what `v` will show.
        let wrong = AutogradCapture.SourceLocation(file: "engine.py", line: 10)
        session.apply(.showLocation(wrong))
        #expect(session.sourceFocus == .location(wrong))
        // At 80×24 with the verdict pane (3 rows) the source pane is rows 15 to 22 of the left
        // 40 columns: a header and 7 lines, the marked one as near the middle as the file's
        // 12 lines allow (lines 6 to 12). Neither the execution point nor the selection was
        // made in engine.py, so only the marked line has a mark.
        let pane = Self.sourcePane(Screen().render(session, width: 80, height: 24), rows: 15..<23)
        #expect(
            pane.text == """
                ── source: engine.py ───────────────────
                  6
                  7   def __pow__(s, k):
                  8     o = Value(s.data ** k, (s,))
                  9     def _backward():
                ✗10       s.grad += k*s.data**k*o.grad
                 11     o._backward = _backward
                 12     return o
                """)
        #expect(
            pane.mask == """
                \(String(repeating: "h", count: 40))
                dddd
                dddd
                dddd
                dddd
                rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr
                dddd
                dddd
                """)
        // A step moves the execution point: the pane follows it back to the script.
        session.apply(.stepForward)
        #expect(session.sourceFocus == .execution)
        let back = Self.sourcePane(Screen().render(session, width: 80, height: 24), rows: 15..<23)
        #expect(back.text.hasPrefix("── source: train.py ──"))
        #expect(!back.text.contains("✗"))
    }

    @Test("a notebook's node shows its cell, the line counted in the cell")
    func notebookCell() throws {
        // Cell 1 is markdown, cell 2 the engine, cell 3 markdown, cell 4 the training.
        let cells = [
            ##"{"cell_type": "markdown", "source": ["# Notes\n"]}"##,
            #"{"cell_type": "code", "source": "class Value:\n    pass\n"}"#,
            #"{"cell_type": "markdown", "source": []}"#,
            #"{"cell_type": "code", "source": ["from engine import Value\n", "x = Value(3.0)\n", "y = x ** 2\n", "y.backward()"]}"#,
        ]
        let notebook = "{\"cells\": [\(cells.joined(separator: ", "))], \"nbformat\": 4}"
        let run = try Self.run(
            file: "nb.ipynb", cell: 4, reads: ["nb.ipynb": notebook, "engine.py": Self.engine])
        #expect(run.script.cell(of: NodeID(1)) == 4)
        #expect(run.script.line(of: NodeID(1)) == 3)
        var session = Session(.capture(run), width: 80, height: 24)
        session.apply(.moveSelection(by: 1))
        #expect(session.selectedNode == NodeID(0))
        let pane = Self.sourcePane(Screen().render(session, width: 80, height: 24), rows: 15..<20)
        // The root y (line 3) is the execution point, x (line 2) the selection; the cell's
        // 4 lines need one digit.
        #expect(
            pane.text == """
                ── source: nb.ipynb, cell 4 ────────────
                 1 from engine import Value
                ›2 x = Value(3.0)
                ▶3 y = x ** 2
                 4 y.backward()
                """)
        let rows = Self.rows(Screen().render(session, width: 80, height: 24))
        #expect(rows[15].contains("inspect x (leaf)  #0, cell 4, line 2"))
        #expect(rows[2].contains("(y = x ** 2, cell 4, line 3)"))
    }

    @Test("a file that cannot be read is a note in the pane, not a blank")
    func unreadable() throws {
        let session = Session(.capture(try Self.run(reads: [:])), width: 80, height: 24)
        let pane = Self.sourcePane(Screen().render(session, width: 80, height: 24), rows: 15..<23)
        #expect(pane.text.hasPrefix("── source: train.py ──"))
        #expect(pane.text.contains("\n cannot show train.py: not found where"))
    }

    @Test("a line past the end of a file changed since the capture is said, not drawn (no trap)")
    func lineBeyondTheFile() throws {
        // The script was cut to one line after the capture recorded lines 2 and 3.
        let session = Session(
            .capture(try Self.run(reads: ["train.py": "from engine import Value\n"])),
            width: 120, height: 34)
        let rows = Self.rows(Screen().render(session, width: 120, height: 34)).joined(
            separator: "\n")
        #expect(rows.contains("line 3 is past the end of train.py (1 lines)"), "\(rows)")
    }

    @Test("a lone carriage return ends a line, as Python counts lines")
    func carriageReturns() throws {
        let session = Session(
            .capture(
                try Self.run(reads: [
                    "train.py": "from engine import Value\rx = Value(3.0)\ry = x ** 2\n"
                ])),
            width: 120, height: 34)
        let rows = Self.rows(Screen().render(session, width: 120, height: 34))
        #expect(rows.contains { $0.contains("▶  3 y = x ** 2") || $0.contains("▶3 y = x ** 2") })
    }
}
