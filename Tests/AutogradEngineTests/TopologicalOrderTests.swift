import AutogradEngine
import Testing

@Suite("Topological order")
struct TopologicalOrderTests {
    @Test("follows the post-order of a left-to-right walk on the trace-json example")
    func exampleOrder() {
        let (graph, a, b, c, d, loss) = BackwardStepperTests.example()
        #expect(graph.topologicalOrder(from: loss) == [a, b, c, d, loss])
    }

    @Test("visits inputs left to right, not in creation order")
    func leftToRight() {
        var graph = Graph()
        let a = graph.addLeaf(1, label: "a")
        let b = graph.addLeaf(2, label: "b")
        let c = graph.add(.subtract, b, a)
        let d = graph.add(.tanh, a)
        let e = graph.add(.multiply, d, c)
        // e's first input d is walked first: d needs a; then c needs b (a is done).
        #expect(graph.topologicalOrder(from: e) == [a, d, b, c, e])
    }

    @Test("lists a node used twice once: a * a")
    func squareByProduct() {
        var graph = Graph()
        let a = graph.addLeaf(3, label: "a")
        let square = graph.add(.multiply, a, a)
        #expect(graph.topologicalOrder(from: square) == [a, square])
    }

    @Test("a diamond: the shared input comes once, before both branches")
    func diamond() {
        var graph = Graph()
        let a = graph.addLeaf(1, label: "a")
        let left = graph.add(.exp, a)
        let right = graph.add(.sin, a)
        let top = graph.add(.add, left, right)
        #expect(graph.topologicalOrder(from: top) == [a, left, right, top])
    }

    @Test("leaves out nodes the root does not depend on")
    func unreachable() {
        var graph = Graph()
        let a = graph.addLeaf(1, label: "a")
        let unused = graph.addLeaf(5, label: "unused")
        let b = graph.add(.negate, a)
        graph.add(.multiply, b, unused)
        #expect(graph.topologicalOrder(from: b) == [a, b])
    }

    @Test(
        "on random DAGs: each reachable node once, inputs before users, root last",
        arguments: 1...20)
    func randomGraphs(seed: UInt64) {
        let graph = randomGraph(nodes: 300, leaves: 5, seed: seed)
        let root = NodeID(graph.count - 1)
        let order = graph.topologicalOrder(from: root)
        #expect(order.last == root)
        #expect(Set(order) == reachableSet(in: graph, from: root))
        #expect(Set(order).count == order.count)
        var position: [NodeID: Int] = [:]
        for (index, node) in order.enumerated() { position[node] = index }
        for node in order {
            for input in graph.inputs(of: node) {
                #expect((position[input] ?? .max) < (position[node] ?? -1))
            }
        }
    }

    @Test("on random DAGs: exactly micrograd's recursive build_topo", arguments: 1...10)
    func matchesRecursiveBuildTopo(seed: UInt64) {
        let graph = randomGraph(nodes: 400, leaves: 6, seed: seed)
        let root = NodeID(graph.count - 1)
        // micrograd's build_topo, written recursively as it is there; fine at this depth.
        var visited = Set<NodeID>()
        var expected: [NodeID] = []
        func buildTopo(_ node: NodeID) {
            guard visited.insert(node).inserted else { return }
            for input in graph.inputs(of: node) { buildTopo(input) }
            expected.append(node)
        }
        buildTopo(root)
        #expect(graph.topologicalOrder(from: root) == expected)
    }

    @Test("a chain a million nodes deep, without recursion")
    func millionNodeChain() {
        var graph = Graph()
        graph.reserveCapacity(1_000_000)
        var node = graph.addLeaf(0.5, label: "x")
        for _ in 1..<1_000_000 { node = graph.add(.negate, node) }
        let order = graph.topologicalOrder(from: node)
        #expect(order.count == 1_000_000)
        #expect(order.first == NodeID(0))
        #expect(order.last == node)
        #expect(zip(order, order.dropFirst()).allSatisfy { $0.index + 1 == $1.index })
    }
}

@Suite("Users of a node")
struct UserIndexTests {
    /// Every node's users, for a node past the first too (`users(of:)` once overflowed there,
    /// which trapped a breakpoint set on any leaf but the first).
    @Test func listsEveryUserOfEveryNode() {
        var graph = Graph()
        let a = graph.addLeaf(2, label: "a")
        let b = graph.addLeaf(3, label: "b")
        let c = graph.add(.multiply, a, b)
        let d = graph.add(.add, b, c)
        let e = graph.add(.multiply, b, b)
        let users = UserIndex(graph: graph)
        #expect(users.users(of: a) == [c])
        #expect(users.users(of: b) == [c, d, e, e])
        #expect(users.users(of: c) == [d])
        #expect(users.users(of: e).isEmpty)
        #expect(users.users(of: b, limit: 2) == [c, d])
    }
}
