import AutogradEngine
import AutogradScreen
import Foundation
import Testing

@Suite("The session as a state machine")
struct SessionTests {
    func session(_ demoName: String = "shared.ag", rows: Int = 30) throws -> Session {
        var session = Session(.script(try demo(demoName)))
        session.fit(visibleRows: rows, laneBudget: 8)
        return session
    }

    func row(of label: String, in session: Session) throws -> Int {
        try #require(session.layout.rows.firstIndex { session.script.graph.label(of: $0) == label })
    }

    @Test("it opens at step 0: the root seeded with 1, every other grad 0, the root selected")
    func opening() throws {
        let session = try session()
        #expect(session.currentStep == 0 && session.phase == .seed)
        #expect(session.executionNode == session.script.root)
        #expect(session.selectedNode == session.script.root)
        for node in session.script.graph.nodeIDs {
            #expect(session.stepper.gradients[node] == (node == session.script.root ? 1 : 0))
        }
    }

    @Test("n steps, p steps back to exactly the same grads, and both stop at the ends")
    func stepping() throws {
        var session = try session()
        let atStart = bits(session.stepper.gradients.values)
        session.apply(.stepForward)
        #expect(session.currentStep == 1 && session.phase == .backward)
        session.apply(.stepBack)
        #expect(bits(session.stepper.gradients.values) == atStart)
        // Back from the seed is the forward pass: its last step computed the root.
        session.apply(.stepBack)
        #expect(session.phase == .forward && session.currentStep == 0)
        #expect(session.timeline.stepInPhase == session.timeline.forwardStepCount)
        #expect(session.executionNode == session.script.root)
        #expect(session.notice == nil)
        session.apply(.startOfPhase)
        #expect(session.timeline.stepInPhase == 0)
        session.apply(.stepBack)
        #expect(session.notice == .atStart)
        session.apply(.runToEnd)
        #expect(session.stepper.isFinished)
        session.apply(.stepForward)
        #expect(session.stepper.isFinished && session.notice == .atEnd)
        #expect(bits(session.stepper.gradients.values) == bits(session.finalGradients.values))
        session.apply(.restart)
        #expect(bits(session.stepper.gradients.values) == atStart)
    }

    @Test("breakpoints: c stops where the node fires, C goes back, and p after c is one step")
    func breakpoints() throws {
        var session = try session()
        session.apply(.selectRow(try row(of: "d", in: session)))
        session.apply(.toggleBreakpoint)
        let d = session.selectedNode
        #expect(session.breakpoints.nodes == [d])
        #expect(session.notice == .breakpointSet(d))
        let firesAt = try #require(session.stepper.step(firing: d))
        session.apply(.continueForward)
        #expect(session.currentStep == firesAt)
        #expect(
            session.notice == .breakpointHit(.init(node: d, step: firesAt, isWatch: false)))
        // Step back after continue: exactly the grads of the step before.
        var reference = BackwardStepper(graph: session.script.graph, root: session.script.root)
        reference.seek(toStep: firesAt - 1)
        session.apply(.stepBack)
        #expect(bits(session.stepper.gradients.values) == bits(reference.gradients.values))
        session.apply(.continueForward)
        session.apply(.continueForward)
        #expect(session.stepper.isFinished && session.notice == .noBreakpointAhead)
        session.apply(.continueBackward)
        #expect(session.currentStep == firesAt)
        session.apply(.continueBackward)
        #expect(session.currentStep == 0 && session.notice == .noBreakpointBehind)
        session.apply(.toggleBreakpoint)
        #expect(session.breakpoints.nodes.isEmpty)
        #expect(session.notice == .breakpointCleared(d))
    }

    @Test("a breakpoint on a leaf stops at every step that adds to its grad")
    func leafWatchpoint() throws {
        var session = try session()
        session.apply(.selectRow(try row(of: "a", in: session)))
        let a = session.selectedNode
        session.apply(.toggleBreakpoint)
        var stops: [Int] = []
        while !session.stepper.isFinished {
            session.apply(.continueForward)
            if case .breakpointHit(let hit) = session.notice {
                #expect(hit.node == a && hit.isWatch && hit.step == session.currentStep)
                stops.append(hit.step)
            }
        }
        let expected = Set(
            session.users.users(of: a).compactMap { session.stepper.step(firing: $0) }
        ).sorted()
        #expect(stops == expected)
        #expect(stops.count == 3)
    }

    @Test(
        "Enter runs until the selected node fires, forwards or backwards; leaves and unused nodes explain"
    )
    func runToSelected() throws {
        var session = try session()
        session.apply(.selectRow(try row(of: "c", in: session)))
        session.apply(.runToSelected)
        let c = session.selectedNode
        #expect(session.executionNode == c)
        #expect(session.notice == .runToFiring(c, step: session.currentStep))
        session.apply(.selectRow(0))
        session.apply(.runToSelected)
        #expect(session.currentStep == 1)
        session.apply(.selectRow(try row(of: "b", in: session)))
        session.apply(.runToSelected)
        let b = session.selectedNode
        #expect(session.notice == .runToFinalGradient(b, step: session.currentStep))
        #expect(session.stepper.isGradientFinal(b))
        session.apply(.stepBack)
        #expect(!session.stepper.isGradientFinal(b))

        var withUnused = Session(
            .script(try script("x = 1.0\nunused = x * 5\ny = tanh(x)\nbackward y")))
        withUnused.apply(.selectRow(withUnused.layout.rows.count - 1))
        let unused = withUnused.selectedNode
        #expect(withUnused.script.graph.label(of: unused) == "unused")
        withUnused.apply(.runToSelected)
        #expect(withUnused.notice == .unused(unused, refused: .runToSelected))
        #expect(withUnused.currentStep == 0)
        withUnused.apply(.toggleBreakpoint)
        #expect(withUnused.breakpoints.nodes.isEmpty)
        #expect(withUnused.notice == .unused(unused, refused: .toggleBreakpoint))
    }

    @Test("selection moves by rows and pages, stays in range, and follows clicks")
    func selection() throws {
        var session = try session("mlp.ag", rows: 10)
        session.apply(.moveSelection(by: -1))
        #expect(session.selectedRow == 0)
        session.apply(.moveSelection(by: 3))
        #expect(session.selectedRow == 3)
        session.apply(.pageDown)
        #expect(session.selectedRow == 12)
        #expect(session.scrollRow <= 12 && 12 < session.scrollRow + 10)
        session.apply(.pageUp)
        #expect(session.selectedRow == 3)
        session.apply(.moveSelection(by: 100_000))
        #expect(session.selectedRow == session.layout.rows.count - 1)
        session.apply(.selectRow(-5))
        #expect(session.selectedRow == session.layout.rows.count - 1)
        session.apply(.selectRow(7))
        #expect(session.selectedRow == 7)
    }

    @Test("stepping keeps the execution point in view")
    func scrollingFollowsExecution() throws {
        var session = try session("mlp.ag", rows: 5)
        session.apply(.runToEnd)
        let row = session.layout.row(of: session.executionNode)
        #expect(session.scrollRow <= row && row < session.scrollRow + 5)
    }

    @Test(
        "search jumps to the next label that begins with the text, wraps, and repeats with an empty query"
    )
    func search() throws {
        var session = try session("mlp.ag")
        session.apply(.beginSearch)
        for character in "h2" { session.apply(.typeInSearch(character)) }
        session.apply(.typeInSearch("x"))
        session.apply(.deleteInSearch)
        #expect(session.search.prompt == "h2")
        session.apply(.submitSearch)
        #expect(session.search.prompt == nil)
        let first = session.selectedNode
        #expect(session.script.graph.label(of: first)?.hasPrefix("h2") == true)
        #expect(session.notice == .found(query: "h2", first))
        session.apply(.beginSearch)
        session.apply(.submitSearch)
        #expect(session.selectedNode != first)
        #expect(session.script.graph.label(of: session.selectedNode)?.hasPrefix("h2") == true)
        session.apply(.beginSearch)
        for character in "nothing" { session.apply(.typeInSearch(character)) }
        let before = session.selectedRow
        session.apply(.submitSearch)
        #expect(session.notice == .noMatch(query: "nothing"))
        #expect(session.selectedRow == before)
        session.apply(.beginSearch)
        session.apply(.cancelSearch)
        #expect(session.search.prompt == nil)
    }

    @Test("search matches ASCII letters in either case; #id finds exactly that node, named or not")
    func searchCaseAndIDs() throws {
        var session = try session("mlp.ag")
        func search(_ text: String) {
            session.apply(.beginSearch)
            for character in text { session.apply(.typeInSearch(character)) }
            session.apply(.submitSearch)
        }
        search("H2")
        #expect(session.script.graph.label(of: session.selectedNode)?.hasPrefix("h2") == true)
        search("2")
        #expect(session.notice == .noMatch(query: "2"))

        let graph = session.script.graph
        for node in [NodeID(3), NodeID(4), NodeID(34)] {
            search(node.description)
            #expect(session.selectedNode == node, "\(node)")
            #expect(session.notice == .found(query: node.description, node))
        }
        #expect(graph.label(of: NodeID(4)) != nil)
        search("#\(graph.count)")
        #expect(session.notice == .noMatch(query: "#\(graph.count)"))
    }

    @Test("x checks the selected leaf against finite differences; operations are refused")
    func gradientCheck() throws {
        var session = try session("chain.ag")
        session.apply(.checkSelected)
        #expect(session.checks.isEmpty)
        #expect(session.notice == .checkNeedsLeaf(session.script.root))
        session.apply(.selectRow(try row(of: "w", in: session)))
        session.apply(.checkSelected)
        let result = try #require(session.checks[session.selectedNode])
        #expect(result.verdict == .agrees)
        #expect(session.notice == .checked(session.selectedNode, .agrees, error: result.error))
        // chain.ag: L = tanh(x·w + b)², so dL/dw = 2·tanh(n)·(1 − tanh(n)²)·x with n = −0.75 + 2.
        let n = 0.5 * -1.5 + 2.0
        let expected = 2 * tanh(n) * (1 - tanh(n) * tanh(n)) * 0.5
        #expect(abs(result.analytic - expected) < 1e-12)
        #expect(abs(result.numeric - expected) < 1e-8)
    }

    @Test("keys map to commands; the help overlay and the search prompt take keys first")
    func keyMap() throws {
        var session = try session()
        let layout = try #require(ScreenLayout(width: 100, height: 30))
        let expected: [(Key, Command)] = [
            (.character("n"), .stepForward), (.character(" "), .stepForward),
            (.right, .stepForward),
            (.character("N"), .stepBack), (.character("p"), .stepBack), (.left, .stepBack),
            (.character("c"), .continueForward), (.character("C"), .continueBackward),
            (.character("G"), .runToEnd), (.end, .runToEnd), (.character("g"), .restart),
            (.home, .restart),
            (.character("j"), .moveSelection(by: 1)), (.down, .moveSelection(by: 1)),
            (.character("k"), .moveSelection(by: -1)), (.up, .moveSelection(by: -1)),
            (.pageDown, .pageDown), (.pageUp, .pageUp), (.enter, .runToSelected),
            (.character("b"), .toggleBreakpoint), (.character("/"), .beginSearch),
            (.character("x"), .checkSelected), (.character("?"), .toggleHelp),
            (.character("q"), .quit), (.interrupt, .quit),
            (.click(column: 10, row: 4), .selectRow(2)),
        ]
        for (key, command) in expected {
            #expect(KeyMap.command(for: key, in: session, layout: layout) == command, "\(key)")
        }
        #expect(KeyMap.command(for: .click(column: 10, row: 0), in: session, layout: layout) == nil)
        // A screen too small to draw says only that q quits: nothing else acts unseen.
        #expect(KeyMap.command(for: .character("n"), in: session, layout: nil) == nil)
        #expect(KeyMap.command(for: .character("E"), in: session, layout: nil) == nil)
        #expect(KeyMap.command(for: .character("q"), in: session, layout: nil) == .quit)
        #expect(KeyMap.command(for: .interrupt, in: session, layout: nil) == .quit)
        session.apply(.toggleHelp)
        #expect(KeyMap.command(for: .character("n"), in: session, layout: layout) == .toggleHelp)
        session.apply(.toggleHelp)
        session.apply(.beginSearch)
        #expect(
            KeyMap.command(for: .character("n"), in: session, layout: layout) == .typeInSearch("n"))
        #expect(KeyMap.command(for: .enter, in: session, layout: layout) == .submitSearch)
        #expect(KeyMap.command(for: .escape, in: session, layout: layout) == .cancelSearch)
        #expect(KeyMap.command(for: .backspace, in: session, layout: layout) == .deleteInSearch)
        #expect(KeyMap.command(for: .interrupt, in: session, layout: layout) == .quit)
    }

    @Test("q asks to quit")
    func quit() throws {
        var session = try session()
        session.apply(.quit)
        #expect(session.isQuitRequested)
    }

    @Test("a paste into the search prompt keeps its first 256 characters, and the rest is dropped")
    func longPaste() throws {
        var session = Session(.script(try demo("chain.ag")))
        session.apply(.beginSearch)
        for _ in 0..<10_000 { session.apply(.typeInSearch("x")) }
        #expect(session.search.prompt?.count == Search.longestQuery)
        session.apply(.deleteInSearch)
        session.apply(.typeInSearch("y"))
        #expect(session.search.prompt?.hasSuffix("xy") == true)
    }
}

/// The bit patterns of some doubles, to compare them exactly.
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
