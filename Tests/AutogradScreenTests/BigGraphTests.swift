import AutogradEngine
import AutogradScreen
import Foundation
import Testing

/// `demos/train.ag` (392 nodes) on the screens a learner has: where the execution point is,
/// how wide the expression column stays, how rows are named.
@Suite("A big graph a learner can find their way in")
struct BigGraphTests {
    static let sizes = [(80, 24), (100, 30)]

    /// A session on `train.ag` driven as the debugger's loop drives it: each command, then
    /// the session fitted to the screen and the screen drawn.
    struct Driver {
        var session: Session
        let width: Int
        let height: Int

        init(width: Int, height: Int) throws {
            session = Session(.script(try demo("train.ag")), width: width, height: height)
            self.width = width
            self.height = height
        }

        /// Applies `command` `times` times, a frame after each, and says whether the last
        /// frame shows the execution point.
        mutating func pressShows(_ command: Command, times: Int = 1) -> Bool {
            for _ in 0..<times {
                session.apply(command)
                fit()
            }
            return showsExecution(Screen().render(session, width: width, height: height))
        }

        mutating func fit() {
            session.fit(width: width, height: height)
        }

        /// The rows of the graph pane (the header left out).
        func graphRows(of grid: Grid) -> [String] {
            guard let rect = ScreenLayout(for: session, width: width, height: height)?.graph
            else { return [] }
            return ((rect.y + 1)..<(rect.y + rect.height)).map(grid.text(ofRow:))
        }

        /// Whether the graph pane shows the execution point's `▶`.
        func showsExecution(_ grid: Grid) -> Bool {
            graphRows(of: grid).contains { $0.dropFirst().first == "▶" }
        }
    }

    @Test(
        "the execution point stays on screen through 40 steps, G, an update and the next epoch",
        arguments: sizes)
    func executionInView(width: Int, height: Int) throws {
        var driver = try Driver(width: width, height: height)
        for step in 1...40 {
            let shows = driver.pressShows(.stepForward)
            #expect(shows, "after \(step) steps")
        }
        let shown1 = driver.pressShows(.runToEnd)
        #expect(shown1, "after G")
        let shown2 = driver.pressShows(.stepForward)
        #expect(shown2, "at the first update")
        let phase = driver.session.phase
        #expect(phase == .update)
        let shown3 = driver.pressShows(.stepForward, times: 20)
        #expect(shown3, "20 updates on")
        let shown4 = driver.pressShows(.nextEpoch)
        #expect(shown4, "after ]")
        let shown5 = driver.pressShows(.stepBack, times: 30)
        #expect(shown5, "30 steps back")
        let shown6 = driver.pressShows(.restart)
        #expect(shown6, "after the restart")
    }

    @Test("a resize keeps the execution point in view", arguments: sizes)
    func resize(width: Int, height: Int) throws {
        var driver = try Driver(width: 120, height: 50)
        _ = driver.pressShows(.stepForward, times: 60)
        var small = Driver(session: driver.session, width: width, height: height)
        small.fit()
        let shows = small.showsExecution(
            Screen().render(small.session, width: width, height: height))
        #expect(shows)
    }

    @Test("once the user moves the selection away, the selection stays in view, not the point")
    func selectionWins() throws {
        var driver = try Driver(width: 100, height: 30)
        _ = driver.pressShows(.stepForward, times: 40)
        let showsAfterSelecting = driver.pressShows(.selectRow(0))
        #expect(!showsAfterSelecting)
        let scrollRow = driver.session.scrollRow
        #expect(scrollRow == 0)
        // A step brings the point back.
        let showsAfterStep = driver.pressShows(.stepForward)
        #expect(showsAfterStep)
    }
}

extension BigGraphTests {
    @Test(
        "lanes take what the columns leave: every row's expression whole, lanes a third at most",
        arguments: sizes)
    func lanesOnABudget(width: Int, height: Int) throws {
        var driver = try Driver(width: width, height: height)
        _ = driver.pressShows(.stepForward, times: 40)
        let session = driver.session
        let grid = Screen().render(session, width: width, height: height)
        let rows = driver.graphRows(of: grid)
        #expect(session.layout.laneCount * 2 <= width / 3 + 2)
        var checked = 0
        for (offset, text) in rows.enumerated() {
            let node = session.layout.rows[session.scrollRow + offset]
            guard !session.script.graph.isLeaf(node) else { continue }
            let expression = session.names.expression(of: node)
            #expect(
                expression.count > 20 || text.contains(expression),
                "row \(offset) lacks \(expression): \(text)")
            checked += 1
        }
        #expect(checked >= rows.count / 2)
        // Edges past the budget are still named at both ends.
        let spilled = (0..<session.layout.rows.count).flatMap {
            session.layout.spilledEdges(fromRow: $0)
        }
        #expect(!spilled.isEmpty)
        let shown = rows.filter { $0.contains("→ #") }
        #expect(!shown.isEmpty)
    }
}

extension BigGraphTests {
    @Test("train.ag: every row is named from the code (label or line), none by its id alone")
    func namesFromTheCode() throws {
        for (width, height) in Self.sizes {
            var driver = try Driver(width: width, height: height)
            _ = driver.pressShows(.stepForward, times: 40)
            let session = driver.session
            let rows = driver.graphRows(of: Screen().render(session, width: width, height: height))
            for offset in rows.indices {
                let node = session.layout.rows[session.scrollRow + offset]
                let name = session.names.name(of: node)
                #expect(!name.hasPrefix("#"), "row \(offset): \(name)")
            }
            // The row of the execution point shows its line and its id, even cut to 80 columns.
            let execution = rows.first { $0.dropFirst().first == "▶" } ?? ""
            #expect(execution.contains("@100#340"), "\(execution)")
        }
    }
}

extension BigGraphTests.Driver {
    init(session: Session, width: Int, height: Int) {
        self.session = session
        self.width = width
        self.height = height
    }
}

extension BigGraphTests {
    @Test("the title never cuts where the step stands: the node count and the epoch give way")
    func titleKeepsTheStep() throws {
        // A long path: what made the title cut its step at 60 columns on a 75,873-node capture.
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("demos/train.ag"), encoding: .utf8)
        let script = try script(text, path: "examples/a/very/long/folder/name/train.ag")
        var session = Session(.script(script), width: 60, height: 16)
        session.apply(.runToEnd)
        let final = "backward \(session.stepper.finalStep)/\(session.stepper.finalStep)"
        for width in [60, 70, 100] {
            let title = Screen().render(session, width: width, height: 16).text(ofRow: 0)
            #expect(title.contains(final), "\(width): \(title)")
            #expect(title.contains("train.ag"), "\(width): \(title)")
        }
    }
}
