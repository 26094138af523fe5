import AutogradEngine
import Testing

@Suite("Node names")
struct NodeNamesTests {
    /// c = a * b; c = c + 1 (a second c); an unlabelled constant; a label with a newline.
    static func graph() -> Graph {
        var graph = Graph()
        let a = graph.addLeaf(2, label: "a")
        let b = graph.addLeaf(3, label: "b")
        let c = graph.add(.multiply, a, b, label: "c")
        let one = graph.addConstant(1)
        graph.add(.add, c, one, label: "c")
        graph.addLeaf(4, label: "x\ny")
        return graph
    }

    @Test("a label names its node; a shared label adds the id; no label is the id")
    func names() {
        let names = NodeNames(graph: Self.graph())
        #expect(
            (0..<6).map { names.name(of: NodeID($0)) } == [
                "a", "b", "c#2", "#3", "c#4", "x\u{FFFD}y",
            ])
    }

    @Test(
        "a node without a label is named after its line, with the id where the line made several"
    )
    func sourceNames() {
        var graph = Graph()
        let a = graph.addLeaf(2, label: "a")
        let b = graph.addLeaf(3)
        let c = graph.add(.multiply, a, b)
        let d = graph.add(.add, c, a)
        graph.add(.tanh, d, label: "b@2")
        graph.addConstant(1)
        let statements = [1: "a", 2: "b", 3: "h"]
        let naming = SourceNaming(lines: [1, 2, 3, 3, 4, 0]) { statements[$0] }
        let names = NodeNames(graph: graph, naming: naming)
        // A label wins over its line; line 3 made two nodes; the label b@2 spells line 2's
        // name, so both take their ids; line 4 has no name and #5 no line.
        #expect(
            (0..<6).map { names.name(of: NodeID($0)) } == [
                "a", "b@2#1", "h@3#2", "h@3#3", "b@2#4", "#5",
            ])
        #expect(!names.isNamedFromSource(a) && names.isNamedFromSource(b))
        #expect(names.sourceLine(of: c) == 3)
        // Without a naming, the names are as before.
        #expect(NodeNames(graph: graph).name(of: c) == "#2")
        // A naming of the wrong length is ignored rather than misnaming.
        let short = SourceNaming(lines: [1]) { statements[$0] }
        #expect(NodeNames(graph: graph, naming: short).name(of: c) == "#2")
    }

    @Test("naming one node without the table gives the same names")
    func oneNode() {
        let graph = Self.graph()
        let names = NodeNames(graph: graph)
        for node in graph.nodeIDs {
            #expect(NodeNames.name(of: node, in: graph) == names.name(of: node))
        }
    }

    @Test("a label that reads like a generated name gets its id; an empty label is no label")
    func lookalikes() {
        // x = 1.0, then x = -x (two nodes labelled x, named x#0 and x#1), then a node
        // labelled 'x#1' by hand, another labelled '#3' (node 3 has no label), and ''.
        var graph = Graph()
        let x0 = graph.addLeaf(1, label: "x")
        let x1 = graph.add(.negate, x0, label: "x")
        let fake = graph.add(.multiply, x1, x1, label: "x#1")
        let unnamed = graph.add(.negate, fake)
        let fakeID = graph.add(.negate, unnamed, label: "#3")
        let empty = graph.add(.tanh, fakeID, label: "")
        let honest = graph.add(.sin, empty, label: "y#9")
        let names = NodeNames(graph: graph)
        #expect(names.name(of: x1) == "x#1")
        #expect(names.name(of: fake) == "x#1#2")
        #expect(unnamed == NodeID(3) && names.name(of: unnamed) == "#3")
        #expect(names.name(of: fakeID) == "#3#4")
        #expect(names.name(of: empty) == "#5")
        #expect(names.name(of: honest) == "y#9")
        for node in graph.nodeIDs {
            #expect(NodeNames.name(of: node, in: graph) == names.name(of: node))
        }
        #expect(Set(graph.nodeIDs.map(names.name(of:))).count == graph.count)
    }

    @Test("text from outside loses control characters and direction overrides, nothing else")
    func printable() {
        #expect(NodeNames.printable("w\u{1B}[31m") == "w\u{FFFD}[31m")
        #expect(NodeNames.printable("\u{202E}txet") == "\u{FFFD}txet")
        #expect(NodeNames.printable("a\u{2066}b\u{200F}") == "a\u{FFFD}b\u{FFFD}")
        #expect(NodeNames.printable("中文 é😀 x₁") == "中文 é😀 x₁")
    }
}
