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

    @Test("naming one node without the table gives the same names")
    func oneNode() {
        let graph = Self.graph()
        let names = NodeNames(graph: graph)
        for node in graph.nodeIDs {
            #expect(NodeNames.name(of: node, in: graph) == names.name(of: node))
        }
    }
}
