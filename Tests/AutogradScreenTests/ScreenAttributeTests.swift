import AutogradEngine
import AutogradScreen
import AutogradText
import GraphGenerators
import Testing

@Suite("Screen markers and attributes")
struct ScreenAttributeTests {
    @Test("the execution point, the cursor, receiving inputs and grad states all look different")
    func graphPaneStyles() throws {
        var session = Session(.script(try demo("chain.ag")), width: 100, height: 30)
        for _ in 0..<3 { session.apply(.stepForward) }
        session.apply(.moveSelection(by: 6))
        let grid = Screen().render(session, width: 100, height: 30)
        // y: the execution point (n fires); n: what this step adds (to b and xw); c: changed on
        // an earlier step; d: nothing added yet, and faint text; f: the final mark ✓; the
        // upper-case row is the cursor, on x, in reverse video.
        expectRows(
            grid, from: 2,
            text: """
                   ●    ✓ L     o ** 2                   0.7196       1.0000
                   ●    ✓ o     tanh(n)                  0.8483       1.6966
                 ▶ ●─╮  ✓ n     xw + b                   1.2500       0.4757
                   │ ●  ✓ b     leaf                     2.0000       0.4757  += 0.4757
                   ●─╮  ✓ xw    x * w                   -0.7500       0.4757  += 0.4757
                   │ ●  · w     leaf                    -1.5000       0.0000
                   ●    · x     leaf                     0.5000       0.0000
                """,
            mask: """
                        f       dddddd                           ccccccccccc
                        f       ddddddd                          ccccccccccc
                 y yyyy f y     dddddd              yyyyyyyyyyy  ccccccccccc
                        f       dddd                             nnnnnnnnnnn  nnnnnnnnn
                        f       ddddd                            nnnnnnnnnnn  nnnnnnnnn
                        d       dddd                             ddddddddddd
                ########D#######DDDD#############################DDDDDDDDDDD########################################
                """)
    }

    @Test("breakpoints are marked; unused nodes are dimmed; NaN stands out")
    func breakpointsUnusedAndNaN() throws {
        let text = "x = -1.0\nunused = x * 5\ny = log(x) + x\nbackward y"
        var session = Session(.script(try script(text)), width: 100, height: 30)
        session.apply(.toggleBreakpoint)
        session.apply(.moveSelection(by: 1))
        let grid = Screen().render(session, width: 100, height: 30)
        // r: the breakpoint ◆ and NaN; y: the execution point (the root, seeded); the cursor
        // is on y@3 (log(x), named after its line); d: the unused nodes, dimmed whole, and
        // what is still zero.
        expectRows(
            grid, from: 2,
            text: """
                ◆▶ ●─╮  ✓ y         y@3 + x                      nan       1.0000
                   ●─┤  · y@3       log(x)                       nan       0.0000
                     ●  · x         leaf                     -1.0000       0.0000
                   ●    · unused@2  const                     5.0000       0.0000  unused
                   ●    · unused    x * 5                    -5.0000       0.0000  unused
                """,
            mask: """
                ry yyyy f y         ddddddd              rrrrrrrrrrr  nnnnnnnnnnn
                ########D###########DDDDDD###############RRRRRRRRRRR##DDDDDDDDDDD###################################
                        d           dddd                              ddddddddddd
                   dddd d dddddddd  ddddd                ddddddddddd  ddddddddddd  dddddd
                   dddd d dddddd    ddddd                ddddddddddd  ddddddddddd  dddddd
                """)
    }

    @Test("monochrome uses attributes only, and still tells the markers apart")
    func monochrome() throws {
        var session = Session(.script(try demo("shared.ag")), width: 100, height: 30)
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
        let session = Session(.script(try demo("chain.ag")), width: 50, height: 12)
        let small = Screen().render(session, width: 50, height: 12)
        #expect(small.text.contains("needs at least 60x16"))
        #expect(small.text.contains("this terminal is 50x12"))
        #expect(
            ScreenLayout(width: 59, height: 40) == nil
                && ScreenLayout(width: 200, height: 15) == nil)
        let enlarged = Screen().render(session, width: 60, height: 16)
        #expect(enlarged.text(ofRow: 0).hasPrefix(" autograd-tui  demos/chain.ag"))
    }

    @Test(
        "the too-small message fits any size, whole words only, down to one word",
        arguments: [(50, 12), (20, 5), (12, 2), (7, 1), (3, 1), (0, 0)])
    func tooSmallFits(_ width: Int, _ height: Int) throws {
        let session = Session(.script(try demo("chain.ag")), width: width, height: height)
        let grid = Screen().render(session, width: width, height: height)
        let words = grid.text.split(whereSeparator: \.isWhitespace).map(String.init)
        let vocabulary = Set(
            "autograd-tui needs at least 60x16; 60x16 60x16, this terminal one is \(width)x\(height). \(width)x\(height); Enlarge it, or press Press q to quit. quits enlarge"
                .split(separator: " ").map(String.init))
        if width >= "enlarge".count {
            #expect(!words.isEmpty && words.allSatisfy(vocabulary.contains), "\(grid.text)")
        } else if height > 0 {
            #expect(words == [String("enlarge".prefix(width))])
        }
        if width >= 20 && height >= 5 {
            #expect(words.contains("needs") && words.contains { $0.hasPrefix("60x16") })
        }
    }

    @Test("a long path gives way in the title, from the left, before the step and the hints")
    func longPath() throws {
        let path = "/a/very/long/folder/name/that/goes/on/and/on/for/ever/chain.ag"
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("demos/chain.ag"), encoding: .utf8)
        let session = Session(.script(try script(text, path: path)), width: 80, height: 24)
        let title = Screen().render(session, width: 80, height: 24).text(ofRow: 0)
        #expect(title.contains("…"))
        #expect(title.contains("/chain.ag  7 nodes  backward 0/4"))
        #expect(title.hasSuffix("? help  q quit"))
        let narrow = Screen().render(session, width: 60, height: 16).text(ofRow: 0)
        #expect(narrow.contains("chain.ag  7 nodes  backward 0/4"))
    }

    @Test("the help overlay lists every key; the search prompt shows what is typed")
    func helpAndSearch() throws {
        var session = Session(.script(try demo("chain.ag")), width: 100, height: 48)
        session.apply(.toggleHelp)
        let help = Screen().render(session, width: 100, height: 48).text
        #expect(help.contains("n  space  →   step: compute, fire or update the next node"))
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
        let prompt = Screen().render(session, width: 100, height: 36)
        #expect(prompt.text(ofRow: 35).hasPrefix("/xw█"))
    }

    @Test("on 80×24 the help is taller than the screen: j and k scroll it to every key")
    func helpScrolls() throws {
        var session = Session(.script(try demo("chain.ag")), width: 80, height: 24)
        session.apply(.toggleHelp)
        var help = Screen().render(session, width: 80, height: 24).text
        #expect(help.contains("n  space  →"))
        #expect(!help.contains("q  Ctrl-C"))
        #expect(help.contains("j/k scroll, any other key closes"))
        for _ in 0..<KeyBindings.all.count {
            if let command = KeyMap.command(
                for: .character("j"), in: session, layout: ScreenLayout(width: 80, height: 24))
            {
                session.apply(command)
            }
        }
        help = Screen().render(session, width: 80, height: 24).text
        #expect(help.contains("q  Ctrl-C"))
        #expect(session.isHelpVisible)
        // At the bottom, the very next k moves the window: the bound is the help's real one.
        let bottom = help
        if let command = KeyMap.command(
            for: .character("k"), in: session, layout: ScreenLayout(width: 80, height: 24))
        {
            session.apply(command)
        }
        #expect(Screen().render(session, width: 80, height: 24).text != bottom)
        session.apply(.toggleHelp)
        #expect(!session.isHelpVisible && session.helpScrollRow == 0)
    }

    @Test("the step pane writes the local derivatives in the file's own names")
    func formulaNames() throws {
        var session = Session(.script(try demo("every_op.ag")), width: 120, height: 40)
        let g = try #require(
            session.script.graph.nodeIDs.last { session.script.graph.label(of: $0) == "g" })
        let step = try #require(session.stepper.step(firing: g))
        while session.currentStep < step { session.apply(.stepForward) }
        let grid = Screen().render(session, width: 120, height: 40)
        let header = try #require(
            (0..<grid.height).map(grid.text(ofRow:)).first { $0.contains("fire g =") })
        #expect(header.contains("fire g = y ** x"))
        #expect(header.contains("∂g/∂y = x·yˣ⁻¹, ∂g/∂x = g·ln y"))
    }

    @Test("the status line puts the session's notice into words, else shows the key hints")
    func statusLine() throws {
        var session = Session(.script(try demo("shared.ag")), width: 100, height: 30)
        func status() -> String { Screen().render(session, width: 100, height: 30).text(ofRow: 29) }
        #expect(status().hasPrefix("n step  p back  c/C continue"))
        session.apply(.stepBack)
        session.apply(.startOfPhase)
        session.apply(.stepBack)
        #expect(status() == "at the start of the forward pass: nothing to undo")
        let rowOfD = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "d" })
        session.apply(.selectRow(rowOfD))
        session.apply(.toggleBreakpoint)
        #expect(status() == "breakpoint on d")
        session.apply(.continueForward)
        #expect(status() == "breakpoint: d fires at step \(session.currentStep)")
        session.apply(.checkSelected)
        #expect(
            status()
                == "press x on an input (a leaf or a constant) to check its gradient: d is an operation"
        )
        session.apply(.beginSearch)
        for character in "zz" { session.apply(.typeInSearch(character)) }
        session.apply(.submitSearch)
        #expect(status() == "/zz: no node matches")
    }

    @Test("the inspector shows full precision, inputs, users and the ledger with running sums")
    func inspector() throws {
        var session = Session(.script(try demo("shared.ag")), width: 120, height: 40)
        session.apply(.runToEnd)
        let rowOfA = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "a" })
        session.apply(.selectRow(rowOfA))
        let text = Screen().render(session, width: 120, height: 40).text
        let final = session.finalGradients[session.selectedNode]
        #expect(text.contains("grad  \(final)  final"))
        #expect(text.contains("users  c, d, e (twice)"))
        // d = c + a and c = a * b give one contribution each, e = a * a two.
        #expect(text.contains("ledger  4 of 4 contributions so far"))
        // The running sum of the last entry is the final grad.
        let ledger = session.stepper.ledger(of: session.selectedNode)
        #expect(ledger.map { session.names.name(of: $0.user) } == ["e", "e", "d", "c"])
        #expect(ledger.last?.contribution.after == final)
    }

    @Test("long source lines fold in the source pane, so a demo's opening comment reads whole")
    func sourceLinesFold() throws {
        var session = Session(.script(try demo("chain.ag")), width: 120, height: 40)
        let rowOfX = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "x" })
        session.apply(.selectRow(rowOfX))
        let grid = Screen().render(session, width: 120, height: 40)
        let layout = try #require(ScreenLayout(width: 120, height: 40))
        let pane = (layout.source.y + 1..<layout.source.y + layout.source.height).map { row in
            String(grid.text(ofRow: row).prefix(layout.source.width - 1))
        }
        let shown = pane.joined(separator: " ").split(separator: " ").joined(separator: " ")
        for line in 4...6 {
            let text = session.script.source.text(ofLine: line)
            #expect(text.count > layout.source.width, "line \(line) is short enough already")
            let words = text.split(separator: " ").joined(separator: " ")
            #expect(shown.contains(words), "line \(line) is cut:\n\(pane.joined(separator: "\n"))")
        }
    }

    @Test("at 60x16 numbers are shown whole, in a shorter form, or left out, never cut")
    func numbersAreNeverCut() throws {
        var session = Session(.script(try demo("mlp.ag")), width: 60, height: 16)
        for _ in 0..<9 { session.apply(.stepForward) }
        var grid = Screen().render(session, width: 60, height: 16)
        let rows = (0..<grid.height).map(grid.text(ofRow:))
        // The step pane drops the symbols before it cuts a number, and leaves out a number
        // that does not fit whole (#54 is named after its line, 41, which made h23).
        #expect(rows.contains("  h23@41#54.grad += 1.0000 × -0.5008 = -0.5008   0.0000 → …"))
        // The inspector lists err1's value and marks that err2 did not fit.
        #expect(rows.contains { $0.hasSuffix("inputs  err1 0.0061, …") })
        session.apply(.moveSelection(by: 20))
        grid = Screen().render(session, width: 60, height: 16)
        let layout = try #require(ScreenLayout(width: 60, height: 16))
        let panes = (layout.graph.y..<(layout.step.y + layout.step.height))
        let text = panes.map(grid.text(ofRow:)).joined(separator: "\n")
        // Every number in the graph and step panes has its four decimals.
        for match in text.matches(of: /-?\d+\.\d+/) {
            let decimals = match.output.split(separator: ".").last?.count ?? 0
            #expect(decimals >= 4, "cut number \(match.output)")
        }
        #expect(text.contains("  h23@41#54.grad += 1.0000 × -0.5008 = -0.5008"))
    }

    @Test("wide characters take two cells, combining marks none; only controls become ?")
    func wideCharacters() throws {
        var grid = Grid(width: 10, height: 1)
        let end = grid.write("中文e\u{301}😀x\u{7}", column: 0, row: 0)
        #expect(end == 9)
        #expect(grid.text(ofRow: 0) == "中文e\u{301}😀x?")
        #expect(grid[1, 0].isContinuation && grid[3, 0].isContinuation)
        // A wide character that would not fit whole before the limit leaves a space.
        var narrow = Grid(width: 3, height: 1)
        narrow.write("a中文", column: 0, row: 0)
        #expect(narrow.text(ofRow: 0) == "a中")
        narrow.write("ab中", column: 0, row: 0)
        #expect(narrow.text(ofRow: 0) == "ab")
    }

    @Test("labels in CJK and emoji are drawn as themselves, told apart")
    func wideLabels() throws {
        let text =
            "a = Value(1.0, label='中文')\nb = Value(2.0, label='日本')\nc = a * b\nc.label = '😀'"
        let session = Session(.script(try script(text)), width: 100, height: 30)
        let grid = Screen().render(session, width: 100, height: 30)
        let rows = (0..<grid.height).map(grid.text(ofRow:))
        #expect(rows.contains { $0.contains("✓ 😀") && $0.contains("中文 * 日本") })
        #expect(rows.contains { $0.contains("· 中文") })
        #expect(rows.contains { $0.contains("· 日本") })
        #expect(!grid.text.contains("??"))
    }

    @Test("a whole piece is written whole or replaced by …; prose may be cut")
    func wholePieces() {
        var grid = Grid(width: 12, height: 1)
        grid.write([.prose("abc "), .whole("0.0107"), .prose(" tail")], column: 0, row: 0)
        #expect(grid.text == "abc 0.0107 t")
        grid = Grid(width: 8, height: 1)
        grid.write([.prose("abc "), .whole("0.0107"), .prose(" tail")], column: 0, row: 0)
        #expect(grid.text == "abc …")
        #expect(NumberFormat.fitting(0.20264034470738532, width: 8) == "0.20264")
        #expect(NumberFormat.fitting(-0.0027, width: 30) == "-0.0027")
        #expect(NumberFormat.fitting(123456.789, width: 4) == "1.2e+05")
    }

    @Test("the inspector and the status line give a check's verdict in words")
    func checkVerdictWords() throws {
        var session = Session(.script(try script("x = -1.0\ny = sqrt(x)")), width: 120, height: 40)
        session.apply(.moveSelection(by: 1))
        session.apply(.checkSelected)
        let text = Screen().render(session, width: 120, height: 40).text
        #expect(text.contains(": not finite, not comparable"))
        #expect(text.contains("check x: not finite, not comparable, error nan"))
        #expect(!text.contains("notFinite"))
    }

    @Test("a leaf with thousands of uses: the ledger counts them all and shows the latest")
    func sharedLeafLedger() throws {
        let text = GraphGenerator.sharedLeaf(uses: 5000)
        var session = Session(.script(try script(text)), width: 200, height: 40)
        let rowOfX = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "x" })
        session.apply(.selectRow(rowOfX))
        session.apply(.runToEnd)
        var screen = Screen().render(session, width: 200, height: 40).text
        #expect(screen.contains("ledger  5000 of 5000 contributions so far"))
        #expect(screen.contains("users  y@2#1 (twice), y@2#2, y@2#3,"))
        // As many users as leave room for the count of the rest.
        #expect(screen.contains("y@2#9, … 4990 more uses"))
        // The latest entries come last: the final step, y@2#1 = x + x, adds twice, and the
        // running sum ends at the final gradient.
        let last = session.stepper.finalStep
        #expect(screen.contains("step \(last) from y@2#1: += 1.0000  sum 4999.0000"))
        #expect(screen.contains("step \(last) from y@2#1: += 1.0000  sum 5000.0000"))
        session.apply(.restart)
        for _ in 0..<3 { session.apply(.stepForward) }
        screen = Screen().render(session, width: 200, height: 40).text
        #expect(screen.contains("ledger  3 of 5000 contributions so far"))
    }

    @Test("a 50 MB label is named by its beginning, in the graph and the inspector")
    func longLabel() throws {
        let text = GraphGenerator.longLabel(bytes: 50_000_000)
        var session = Session(.script(try script(text)), width: 120, height: 40)
        session.apply(.moveSelection(by: 10))
        let screen = Screen().render(session, width: 120, height: 40).text
        #expect(screen.contains("inspect aaaa"))
        #expect(session.names.name(of: session.selectedNode).count == Session.longestLabelShown)
        #expect(session.names.name(of: session.selectedNode).hasSuffix("…"))
    }

    @Test("a value with many users lists a dozen and counts the rest")
    func manyUsers() throws {
        let uses = (1...20).map { "u\($0) = x * \($0)" }.joined(separator: "\n")
        let sum = (1...20).map { "u\($0)" }.joined(separator: " + ")
        let source = try script("x = 1.0\n\(uses)\ns = \(sum)")
        var session = Session(.script(source), width: 200, height: 40)
        let rowOfX = try #require(
            session.layout.rows.firstIndex { session.script.graph.label(of: $0) == "x" })
        session.apply(.selectRow(rowOfX))
        let text = Screen().render(session, width: 200, height: 40).text
        #expect(
            text.contains("users  u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, u11, u12, … 8 more uses")
        )
    }
}
