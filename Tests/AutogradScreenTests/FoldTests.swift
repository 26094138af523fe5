import AgScript
import AutogradCapture
import AutogradEngine
import AutogradScreen
import Testing

/// The graph folded by source line (`z`): one row per line of code, its nodes under it.
@Suite("The graph folded by source line")
struct FoldTests {
    /// The rows a folded view should have, listed the slow way: every fold in line order,
    /// each open one followed by its nodes.
    static func expectedRows(_ view: FoldedView) -> [GraphRow] {
        var rows: [GraphRow] = []
        for fold in 0..<view.folds.count {
            rows.append(.fold(fold))
            if view.openFolds.contains(fold) {
                rows += view.folds.nodes(in: fold).map(GraphRow.node)
            }
        }
        return rows
    }

    @Test("train.ag: every node in the fold of the line that made it, folds in line order")
    func grouping() throws {
        let script = try demo("train.ag")
        let session = Session(.script(script))
        let folds = session.foldedView.folds
        var seen = Set<NodeID>()
        for fold in 0..<folds.count {
            let line = folds.places[fold].line
            let nodes = folds.nodes(in: fold)
            #expect(!nodes.isEmpty)
            for node in nodes {
                #expect(script.line(of: node) == line)
                #expect(folds.fold(of: node) == fold)
                #expect(seen.insert(node).inserted)
            }
            // In the layout's row order, the firing order.
            let rows = nodes.map { session.layout.row(of: $0) }
            #expect(rows == rows.sorted())
        }
        #expect(seen.count == script.graph.count)
        let lines = folds.places.map(\.line).filter { $0 > 0 }
        #expect(lines == lines.sorted() && Set(lines).count == lines.count)
        #expect(folds.places.first { $0.line == 0 } == nil || folds.places.last?.line == 0)
    }

    @Test("the fired count of each fold is the number of its nodes fired by that step")
    func firedCounts() throws {
        var session = Session(.script(try demo("train.ag")))
        let folds = session.foldedView.folds
        let final = session.stepper.finalStep
        for step in [0, 1, 7, final / 2, final] {
            for fold in 0..<folds.count {
                let counted = folds.nodes(in: fold).filter {
                    (session.stepper.step(firing: $0) ?? Int.max) <= step
                }.count
                #expect(folds.firedCount(in: fold, atStep: step) == counted)
            }
        }
        session.apply(.stepBack)
        #expect((0..<folds.count).allSatisfy { folds.firedCount(in: $0, atStep: nil) == 0 })
    }

    @Test("rows and their indices agree with the rows listed one by one, whatever is open")
    func rowsMatchTheList() throws {
        var view = FoldedView(folds: Session(.script(try demo("train.ag"))).foldedView.folds)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            let fold = Int.random(in: 0..<view.folds.count, using: &generator)
            if round % 3 == 2 { view.close(fold) } else { view.open(fold) }
            let expected = Self.expectedRows(view)
            #expect(view.rowCount == expected.count)
            for (index, item) in expected.enumerated() {
                #expect(view.item(at: index) == item)
                #expect(view.row(of: item) == index)
            }
        }
    }

    @Test("z folds and unfolds, the selection kept on its node; Enter, l and h open and close")
    func foldAndUnfold() throws {
        var session = Session(.script(try demo("train.ag")), width: 100, height: 30)
        session.apply(.moveSelection(by: 5))
        let node = session.selectedNode
        session.apply(.toggleFolding)
        let lines = session.foldedView.folds.count
        #expect(session.notice == .folded(lines: lines))
        #expect(session.rowCount == lines)
        let fold = try #require(session.selectedFold)
        #expect(session.foldedView.folds.fold(of: node) == fold)
        session.apply(.runToSelected)
        #expect(session.foldedView.isOpen(fold))
        session.apply(.moveSelection(by: 1))
        #expect(session.graphRow(at: session.selectedRow) != .fold(fold))
        session.apply(.closeFold)
        #expect(!session.foldedView.isOpen(fold))
        #expect(session.selectedFold == fold)
        session.apply(.openFold)
        #expect(session.foldedView.isOpen(fold))
        session.apply(.toggleBreakpoint)
        #expect(session.notice == .needsNode(refused: .toggleBreakpoint))
        session.apply(.toggleFolding)
        #expect(session.notice == .unfolded)
        #expect(session.rowCount == session.layout.rows.count)
        #expect(session.selectedNode == session.foldedView.folds.nodes(in: fold).first)
        session.apply(.closeFold)
        #expect(session.notice == .needsFolding(refused: .closeFold))
    }

    @Test("Z: stepping opens the line it enters and closes the one it left; ▶ always shown")
    func following() throws {
        var driver = try BigGraphTests.Driver(width: 100, height: 30)
        driver.session.apply(.toggleFolding)
        driver.session.apply(.toggleFoldFollowing)
        #expect(driver.session.notice == .followsExecution(true))
        for step in 1...60 {
            let shows = driver.pressShows(.stepForward)
            #expect(shows, "after \(step) steps")
            let session = driver.session
            let view = session.foldedView
            let fold = view.folds.fold(of: session.executionNode)
            // Only the execution point's fold is open: following closed the others.
            #expect(view.openFolds == [fold])
            #expect(
                session.graphRow(at: session.row(of: session.executionNode))
                    == .node(session.executionNode))
        }
        // A fold the user opens stays open when the point leaves it.
        driver.session.apply(.toggleFoldFollowing)
        let shows = driver.pressShows(.runToEnd)
        #expect(shows)
    }

    @Test("a search and a breakpoint's stop open the fold they land in")
    func landingOpens() throws {
        var session = Session(.script(try demo("train.ag")), width: 100, height: 30)
        session.apply(.toggleFolding)
        session.apply(.beginSearch)
        for character in "l2n3" { session.apply(.typeInSearch(character)) }
        session.apply(.submitSearch)
        guard case .found(_, let found) = session.notice else {
            Issue.record("no match: \(String(describing: session.notice))")
            return
        }
        #expect(session.selectedNode == found)
        #expect(session.graphRow(at: session.selectedRow) == .node(found))
        session.apply(.toggleBreakpoint)
        #expect(session.notice == .breakpointSet(found))
        session.apply(.closeFold)
        session.apply(.continueForward)
        guard case .breakpointHit = session.notice else {
            Issue.record("no stop: \(String(describing: session.notice))")
            return
        }
        let fold = session.foldedView.folds.fold(of: session.executionNode)
        #expect(session.foldedView.isOpen(fold))
    }

    @Test("the folded screen: a row per line with its code and counts, the title says so")
    func screen() throws {
        var session = Session(.script(try demo("train.ag")), width: 100, height: 30)
        session.apply(.toggleFolding)
        let grid = Screen().render(session, width: 100, height: 30)
        let text = (0..<grid.height).map(grid.text(ofRow:))
        #expect(text.contains { $0.hasPrefix("── graph by line") })
        let script = session.script
        let folds = session.foldedView.folds
        let selected = try #require(session.selectedFold)
        let line = folds.places[selected].line
        let code = script.source.text(ofLine: line).trimmingPrefix(" ")
        let row = try #require(text.first { $0.contains(" \(line)  \(code.prefix(20))") })
        #expect(row.contains("\(folds.size(of: selected)) nodes"))
        let ascii = Screen(glyphs: .ascii, theme: .monochrome).render(
            session, width: 100, height: 30)
        #expect(ascii.cells.allSatisfy { $0.character.isASCII })
    }

    @Test("a capture's folds are the lines of every file of the learner's code, the script's first")
    func foldsAcrossFiles() throws {
        let text = """
            {"format": "autograd-capture/1", "script": "train.py", "captures": [
             {"index": 0, "root": 2, "fired": [2], "nodes": [
              {"id": 0, "op": "", "label": "x", "data": 3.0, "grad": 4.0, "children": [],
               "file": "nn.py", "line": 3},
              {"id": 1, "op": "", "label": "w", "data": 1.0, "grad": 3.0, "children": [],
               "file": "nn.py", "line": 3},
              {"id": 2, "op": "*", "label": "y", "data": 3.0, "grad": 1.0, "children": [0, 1],
               "file": "train.py", "line": 2,
               "probe": [{"child": 0, "local": 1.0, "mode": "add"}, {"child": 1, "local": 3.0, "mode": "add"}]}]}]}
            """
        let document = try CaptureReader.read(Array(text.utf8), path: "run.json")
        let files = [
            "train.py": "import nn\ny = nn.forward()\n",
            "nn.py": "def forward():\n  w = 1\n  x = make(3.0, w)\n",
        ]
        let run = try CapturedRun(
            document: document, number: nil, path: "run.json", alsoReading: ["nn.py"],
            readSource: { files[$0].map { Array($0.utf8) } })
        var session = Session(.capture(run), width: 120, height: 34)
        let places = session.foldedView.folds.places
        #expect(places.map(\.file) == [nil, "nn.py"])
        #expect(places.map(\.line) == [2, 3])
        #expect(session.foldedView.folds.size(of: 1) == 2)
        session.apply(.toggleFolding)
        let rows = (0..<34).map(Screen().render(session, width: 120, height: 34).text(ofRow:))
        #expect(rows.contains { $0.contains("nn.py:3  forward: x = make(3.0, w)") }, "\(rows)")
    }
}
