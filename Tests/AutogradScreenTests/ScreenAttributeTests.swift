import AutogradEngine
import AutogradScreen
import Testing

@Suite("Screen markers and attributes")
struct ScreenAttributeTests {
    /// Where the graph pane draws the node labelled `label`: its grid row, and the columns
    /// where its name and its gradient start.
    func graphRow(of label: String, in grid: Grid, session: Session) -> (
        row: Int, column: Int, grad: Int?
    )? {
        guard
            let node = session.layout.rows.first(where: {
                session.script.graph.label(of: $0) == label
            })
        else { return nil }
        let row = 2 + session.layout.row(of: node) - session.scrollRow
        let text = Array(grid.text(ofRow: row))
        let nameColumn = 3 + 2 * session.layout.laneCount + 3
        guard nameColumn < text.count, String(text[nameColumn...]).hasPrefix(label + " ") else {
            return nil
        }
        // The gradient is the second number: skip the name, the expression and the data.
        let numbers = String(text).ranges(of: /-?\d+\.\d{4}(e[+-]\d+)?/)
        let grad =
            numbers.count >= 2
            ? String(text).distance(from: String(text).startIndex, to: numbers[1].lowerBound) : nil
        return (row, nameColumn, grad)
    }

    @Test("the execution point, the cursor and the receiving inputs look different")
    func markersDoNotCollide() throws {
        var session = Session(script: try demo("chain.ag"), width: 100, height: 30)
        session.apply(.stepForward)
        session.apply(.stepForward)
        session.apply(.stepForward)
        session.apply(.moveSelection(by: 6))
        let grid = Screen().render(session, width: 100, height: 30)
        let firing = try #require(graphRow(of: "n", in: grid, session: session))
        let selected = try #require(graphRow(of: "x", in: grid, session: session))
        let receiving = try #require(graphRow(of: "b", in: grid, session: session))

        #expect(grid[1, firing.row].character == "▶")
        #expect(grid[firing.column, firing.row].style == Theme.color.execution)
        #expect(grid[selected.column, selected.row].style.reverse)
        #expect(!grid[selected.column, firing.row].style.reverse)
        #expect(grid.text(ofRow: receiving.row).hasSuffix("0.4757  += 0.4757"))
        #expect(grid[try #require(receiving.grad), receiving.row].style == Theme.color.changedNow)
    }

    @Test(
        "grads changed on this step, earlier, and never are styled apart; final differs from pending"
    )
    func gradientStates() throws {
        var session = Session(script: try demo("chain.ag"), width: 100, height: 30)
        session.apply(.stepForward)
        session.apply(.stepForward)
        let grid = Screen().render(session, width: 100, height: 30)
        func gradStyle(_ label: String) throws -> Style {
            let place = try #require(graphRow(of: label, in: grid, session: session))
            return grid[try #require(place.grad), place.row].style
        }
        #expect(try gradStyle("n") == Theme.color.changedNow)
        #expect(try gradStyle("o") == Theme.color.changedBefore)
        #expect(try gradStyle("x") == Theme.color.untouched)
        let final = try #require(graphRow(of: "o", in: grid, session: session))
        let pending = try #require(graphRow(of: "x", in: grid, session: session))
        #expect(grid[final.column - 2, final.row].character == "✓")
        #expect(grid[pending.column - 2, pending.row].character == "·")
    }

    @Test("breakpoints are marked; unused nodes are dimmed; NaN stands out")
    func breakpointsUnusedAndNaN() throws {
        let text = "x = -1.0\nunused = x * 5\ny = log(x) + x\nbackward y"
        var session = Session(script: try script(text), width: 100, height: 30)
        session.apply(.toggleBreakpoint)
        session.apply(.moveSelection(by: 1))
        let grid = Screen().render(session, width: 100, height: 30)
        let root = try #require(graphRow(of: "y", in: grid, session: session))
        #expect(grid[0, root.row].character == "◆")
        #expect(grid[0, root.row].style == Theme.color.breakpoint)
        let unused = try #require(graphRow(of: "unused", in: grid, session: session))
        #expect(grid[unused.column, unused.row].style == Theme.color.unused)
        #expect(grid.text(ofRow: unused.row).hasSuffix("unused"))
        let logRow = try #require(
            (2..<grid.height).first { grid.text(ofRow: $0).contains("log(x)") })
        let logText = grid.text(ofRow: logRow)
        let nan = try #require(logText.range(of: "nan"))
        let nanColumn = logText.distance(from: logText.startIndex, to: nan.lowerBound)
        var nanStyle = grid[nanColumn, logRow].style
        nanStyle.reverse = false  // the log row is the selected one
        #expect(nanStyle == Theme.color.problem)
    }

    @Test("monochrome uses attributes only, and still tells the markers apart")
    func monochrome() throws {
        var session = Session(script: try demo("shared.ag"), width: 100, height: 30)
        session.apply(.stepForward)
        let grid = Screen(theme: .monochrome).render(session, width: 100, height: 30)
        #expect(grid.cells.allSatisfy { $0.style.foreground == nil })
        let theme = Theme.monochrome
        let distinct: Set<Style> = [
            theme.execution, theme.changedNow, theme.untouched, theme.problem, theme.changedBefore,
        ]
        #expect(distinct.count == 5)
    }

    @Test("a screen too small shows a message, and the layout comes back when enlarged")
    func tooSmall() throws {
        let session = Session(script: try demo("chain.ag"), width: 50, height: 12)
        let small = Screen().render(session, width: 50, height: 12)
        #expect(small.text.contains("needs at least 60x16"))
        #expect(small.text.contains("this terminal is 50x12"))
        #expect(
            ScreenLayout(width: 59, height: 40) == nil
                && ScreenLayout(width: 200, height: 15) == nil)
        let enlarged = Screen().render(session, width: 60, height: 16)
        #expect(enlarged.text(ofRow: 0).hasPrefix(" autograd-tui  demos/chain.ag"))
    }

    @Test("the help overlay lists every key; the search prompt shows what is typed")
    func helpAndSearch() throws {
        var session = Session(script: try demo("chain.ag"), width: 100, height: 30)
        session.apply(.toggleHelp)
        let help = Screen().render(session, width: 100, height: 30).text
        #expect(help.contains("n  space  →   step: fire the next node"))
        #expect(help.contains("q  Ctrl-C     quit"))
        // Every binding is listed, with its keys, and the help says what each does.
        for binding in KeyBindings.all {
            #expect(help.contains(binding.keyNames + " "), "help lacks \(binding.keyNames)")
            let firstWords = binding.help.split(separator: " ").prefix(3).joined(separator: " ")
            #expect(help.contains(firstWords), "help lacks \(binding.help)")
        }
        session.apply(.toggleHelp)
        session.apply(.beginSearch)
        session.apply(.typeInSearch("x"))
        session.apply(.typeInSearch("w"))
        let prompt = Screen().render(session, width: 100, height: 30)
        #expect(prompt.text(ofRow: 29).hasPrefix("/xw█"))
    }

    @Test("the status line puts the session's notice into words, else shows the key hints")
    func statusLine() throws {
        var session = Session(script: try demo("shared.ag"), width: 100, height: 30)
        func status() -> String { Screen().render(session, width: 100, height: 30).text(ofRow: 29) }
        #expect(status().hasPrefix("n step  p back  c/C continue"))
        session.apply(.stepBack)
        #expect(status() == "at step 0: nothing to undo")
        let rowOfD = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "d" })
        session.apply(.selectRow(rowOfD))
        session.apply(.toggleBreakpoint)
        #expect(status() == "breakpoint on d")
        session.apply(.continueForward)
        #expect(status() == "breakpoint: d fires at step \(session.currentStep)")
        session.apply(.checkSelected)
        #expect(status() == "x checks a leaf's gradient: d is an operation; select a leaf")
        session.apply(.beginSearch)
        for character in "zz" { session.apply(.typeInSearch(character)) }
        session.apply(.submitSearch)
        #expect(status() == "/zz: no node matches")
    }

    @Test("the inspector shows full precision, inputs, users and the ledger with running sums")
    func inspector() throws {
        var session = Session(script: try demo("shared.ag"), width: 120, height: 40)
        session.apply(.runToEnd)
        let rowOfA = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "a" })
        session.apply(.selectRow(rowOfA))
        let text = Screen().render(session, width: 120, height: 40).text
        let final = session.finalGradients[session.selectedNode]
        #expect(text.contains("grad  \(final)  final"))
        #expect(text.contains("users  c, d, e, e"))
        // d = c + a and c = a * b give one contribution each, e = a * a two.
        #expect(text.contains("ledger  4 of 4 contributions so far"))
        // The running sum of the last entry is the final grad.
        let ledger = session.stepper.ledger(of: session.selectedNode, users: session.users)
        #expect(ledger.map { session.names.name(of: $0.user) } == ["e", "e", "d", "c"])
        #expect(ledger.last?.contribution.after == final)
    }

    @Test("a value with many users lists a dozen and counts the rest")
    func manyUsers() throws {
        let uses = (1...20).map { "u\($0) = x * \($0)" }.joined(separator: "\n")
        let sum = (1...20).map { "u\($0)" }.joined(separator: " + ")
        let source = try script("x = 1.0\n\(uses)\ns = \(sum)")
        var session = Session(script: source, width: 200, height: 40)
        let rowOfX = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "x" })
        session.apply(.selectRow(rowOfX))
        let text = Screen().render(session, width: 200, height: 40).text
        #expect(text.contains("users  u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, u11, u12, … 8 more"))
    }
}
