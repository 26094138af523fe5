import AgScript
import AutogradEngine
import AutogradScreen
import Testing

@Suite("DAG layout: golden drawings in both glyph sets")
struct DagLayoutTests {
    static let fanOut =
        "x = 1.0\na = sin(x)\nb = cos(x)\nc = exp(x)\nd = tanh(x)\ns = a + b\nt = c + d\nu = s * t"

    @Test("a chain: each fork's second input to the right, leaves below")
    func chain() throws {
        let text = "x = 0.5\nw = -1.5\nb = 2.0\nxw = x * w\nn = xw + b\no = tanh(n)\nL = o ** 2"
        #expect(
            try drawing(text) == """
                ●    L
                ●    o
                ●─╮  n
                │ ●  b
                ●─╮  xw
                │ ●  w
                ●    x
                """)
        #expect(
            try drawing(text, glyphs: .ascii) == """
                o    L
                o    o
                o-.  n
                | o  b
                o-.  xw
                | o  w
                o    x
                """)
    }

    @Test("a diamond: the second branch joins the shared input's lane")
    func diamond() throws {
        let text = "a = 1.0\nl = exp(a)\nr = sin(a)\ntop = l + r"
        #expect(try drawing(text) == "●─╮  top\n│ ●  r\n●─┤  l\n  ●  a")
        #expect(try drawing(text, glyphs: .ascii) == "o-.  top\n| o  r\no-+  l\n  o  a")
    }

    @Test("a value used several times: every use joins its one lane")
    func valueUsedTwice() throws {
        let text = "a = 2.0\nb = -0.5\nc = a * b\nd = c + a\ne = a * a\nf = d * e\nL = tanh(f)"
        #expect(
            try drawing(text) == """
                ●    L
                ●─╮  f
                │ ●  e
                ●─┤  d
                ●─┤  c
                ● │  b
                  ●  a
                """)
        #expect(
            try drawing(text, glyphs: .ascii)
                == "o    L\no-.  f\n| o  e\no-+  d\no-+  c\no |  b\n  o  a")
    }

    @Test("a * a draws one edge")
    func square() throws {
        #expect(try drawing("a = 3.0\ns = a * a") == "●  s\n●  a")
        #expect(try drawing("a = 3.0\ns = a * a", glyphs: .ascii) == "o  s\no  a")
    }

    @Test("wide fan-out: lanes are reused and joins do not cross")
    func wideFanOut() throws {
        #expect(
            try drawing(Self.fanOut) == """
                ●─╮    u
                │ ●─╮  t
                │ │ ●  d
                │ ●─┤  c
                ●─╮ │  s
                │ ●─┤  b
                ●───┤  a
                    ●  x
                """)
        #expect(
            try drawing(Self.fanOut, glyphs: .ascii) == """
                o-.    u
                | o-.  t
                | | o  d
                | o-+  c
                o-. |  s
                | o-+  b
                o---+  a
                    o  x
                """)
    }

    @Test(
        "a spilled edge becomes a reference at both ends, never a silent cut; the farther one spills"
    )
    func spilledEdge() throws {
        // t's inputs are d (the next row) and c (the row after): with both lanes taken, the
        // edge to c, farther down, becomes the reference, and d keeps t's column.
        #expect(
            try drawing(Self.fanOut, budget: 2) == """
                ●─╮    u
                │ ●    t → #3
                │ ●    d
                │ ├─●  c ← #6
                ● │    s → #1
                ●─┤    b
                ●─┤    a ← #5
                  ●    x
                """)
        #expect(
            try drawing(Self.fanOut, budget: 2, glyphs: .ascii) == """
                o-.    u
                | o    t -> #3
                | o    d
                | +-o  c <- #6
                o |    s -> #1
                o-+    b
                o-+    a <- #5
                  o    x
                """)
    }

    @Test("nodes the root does not use are listed last, without edges")
    func disconnected() throws {
        let text = "x = 1.0\nunused = x * 5\nother = 2.0\ny = tanh(x)\nbackward y"
        let script = try script(text)
        let layout = DagLayout(graph: script.graph, root: script.root, laneBudget: 8)
        #expect(layout.reachableRowCount == 2)
        #expect(try drawing(text) == "●  y\n●  x\n●  #1\n●  unused\n●  other")
        #expect(try drawing(text, glyphs: .ascii) == "o  y\no  x\no  #1\no  unused\no  other")
    }

    @Test("on random graphs every lane is continuous and the budget holds", arguments: 1...15)
    func continuity(seed: UInt64) throws {
        let graph = randomGraph(nodes: 120, seed: seed)
        let root = NodeID(graph.count - 1)
        for budget in [2, 3, 5, 8, 1000] {
            let layout = DagLayout(graph: graph, root: root, laneBudget: budget)
            var outgoing: [[Int32]] = []
            var incoming: [[Int32]] = []
            for row in layout.rows.indices {
                let cells = Array(layout.cells(ofRow: row))
                let below =
                    row + 1 < layout.reachableRowCount ? Array(layout.cells(ofRow: row + 1)) : []
                #expect(cells.count <= budget + 1)
                #expect(cells.filter { $0.contains(.node) }.count == 1)
                for column in cells.indices {
                    // What leaves through the bottom arrives through the top of the row below.
                    let arrives = column < below.count && below[column].contains(.up)
                    #expect(cells[column].contains(.down) == arrives, "row \(row) column \(column)")
                    if column + 1 < cells.count {
                        #expect(cells[column].contains(.right) == cells[column + 1].contains(.left))
                    }
                }
                for target in layout.spilledEdges(fromRow: row) {
                    outgoing.append([layout.rows[row].rawValue, target.rawValue])
                }
                let sources = layout.spilledEdges(toRow: row)
                for source in sources {
                    incoming.append([source.rawValue, layout.rows[row].rawValue])
                }
                // A row's incoming references come in the order of their rows.
                let sourceRows = sources.map { layout.row(of: $0) }
                #expect(sourceRows == sourceRows.sorted())
                #expect(layout.row(of: layout.rows[row]) == row)
            }
            // Every edge that spills from a row arrives, as a reference, at its target's row.
            #expect(
                outgoing.sorted { $0.lexicographicallyPrecedes($1) }
                    == incoming.sorted { $0.lexicographicallyPrecedes($1) })
            // With lanes to spare nothing spills; with few, something does.
            if budget == 1000 { #expect(outgoing.isEmpty) }
            if budget == 2 { #expect(!outgoing.isEmpty) }
        }
    }
}

/// A random graph with shared inputs and wide fan-out, its last node the root.
func randomGraph(nodes: Int, seed: UInt64) -> Graph {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
    var graph = Graph()
    for index in 0..<4 { graph.addLeaf(Double(index) + 0.5, label: "x\(index)") }
    while graph.count < nodes {
        let lhs = NodeID(graph.count - 1 - next(min(graph.count, 6)))
        let rhs = NodeID(next(graph.count))
        if next(3) == 0 {
            graph.add(.tanh, lhs)
        } else {
            graph.add(.add, lhs, rhs)
        }
    }
    return graph
}
