import AgScript
import AutogradEngine
import Testing

@Suite("Training: updates, zeroings, lists and loops")
struct TrainingTests {
    @Test("an update keeps Python's tree: a folded -0.05 times the leaf's own grad")
    func literalUpdate() throws {
        let script = try read("w = 0.4757\nL = w * w\nw.data += -0.05 * w.grad")
        let w = NodeID(0)
        #expect(
            script.updates == [
                Update(
                    node: w, direction: .add, amount: .binary(.multiply, .number(-0.05), .gradient),
                    line: 3)
            ])
        // Python: 0.4757 + (-0.05 * 0.3) == 0.4607
        #expect(try #require(script.updates.first).updated(0.4757, grad: 0.3) == 0.4607)
        #expect(script.root == NodeID(1))
    }

    @Test("constants fold where Python folds them, and nowhere else")
    func foldingOrder() throws {
        let script = try read(
            """
            w = 1.0
            lr = 0.05
            w.data -= 2 * 3 * w.grad / 7
            w.data -= w.grad * 2 * 3
            w.data -= (-lr * w.grad) ** 2
            w.data += 1
            """)
        let amounts = script.updates.map(\.amount)
        #expect(
            amounts == [
                .binary(.divide, .binary(.multiply, .number(6), .gradient), .number(7)),
                .binary(.multiply, .binary(.multiply, .gradient, .number(2)), .number(3)),
                .binary(
                    .power,
                    .binary(.multiply, .negated(.hyperparameter("lr", 0.05)), .gradient),
                    .number(2)),
                .number(1),
            ])
        #expect(script.updates.map(\.direction) == [.subtract, .subtract, .subtract, .add])
        // Python: 0.4757 - 2*3*0.3/7 and 0.4757 - (-0.05*0.3)**2
        #expect(script.updates[0].updated(0.4757, grad: 0.3) == 0.2185571428571429)
        #expect(script.updates[2].updated(0.4757, grad: 0.3) == 0.47547500000000004)
    }

    @Test("a hyperparameter is no node: the other nodes keep their order, ids renumbered")
    func hyperparameterDropped() throws {
        let script = try read(
            """
            a = 2.0
            lr = 0.05
            b = 3.0
            c = a * b
            a.data -= lr * a.grad
            assert c.data == 6
            """)
        #expect(script.graph.labels == ["a", "b", "c"])
        #expect(script.shape(NodeID(2)) == (.multiply, [NodeID(0), NodeID(1)]))
        #expect(script.nodeLines == [1, 3, 4])
        #expect(script.root == NodeID(2))
        #expect(script.updates.map(\.node) == [NodeID(0)])
        #expect(
            script.updates[0].amount == .binary(.multiply, .hyperparameter("lr", 0.05), .gradient))
        #expect(script.expectations.map(\.node) == [NodeID(2)])
    }

    @Test(
        "a number-bound name used by the graph or named as a node stays a node",
        arguments: ["d = lr * 2.0", "lr.label = 'rate'", "assert lr.data == 0.05", "ps = [a, lr]"])
    func hyperparameterKept(_ use: String) throws {
        let script = try read("a = 2.0\nlr = 0.05\na.data -= lr * a.grad\n\(use)")
        #expect(script.graph.value(of: NodeID(1)) == 0.05)
        #expect(
            script.updates[0].amount == .binary(.multiply, .hyperparameter("lr", 0.05), .gradient))
    }

    @Test("the default root is the last assignment that is not a hyperparameter")
    func defaultRootSkipsHyperparameters() throws {
        let script = try read("w = 1.0\nL = w * w\nlr = 0.1\nw.data -= lr * w.grad")
        #expect(script.graph.count == 2)
        #expect(script.root == NodeID(1))
    }

    @Test("a million-node file with a hyperparameter at its top reads, every id shifted once")
    func millionNodesWithHyperparameter() throws {
        var text = "lr = 0.01\nx = 0.5\n"
        text.reserveCapacity(13_000_000)
        for _ in 1..<1_000_000 { text += "x = x * 1.0\n" }
        text += "x0 = 2.0\nx0.data -= lr * x0.grad\n"
        let script = try read(text)
        #expect(script.graph.count == 1 + 2 * 999_999 + 1)
        #expect(script.graph.label(of: NodeID(0)) == "x")
        #expect(script.shape(NodeID(2)) == (.multiply, [NodeID(0), NodeID(1)]))
        #expect(script.updates.map(\.node) == [NodeID(script.graph.count - 1)])
        #expect(script.root == NodeID(script.graph.count - 1))
        #expect(script.nodeLines.count == script.graph.count)
    }

    @Test("a for over a list literal or a list name gives one update per node, in list order")
    func inlineLoops() throws {
        let script = try read(
            """
            w = 1.0
            b = 2.0
            L = w * b
            lr = 0.1
            params = [w, b,]
            for p in params: p.data -= lr * p.grad
            for p in [b, w]: p.grad = 0
            for q in [b]: q.data += -lr * q.grad
            """)
        #expect(script.updates.map(\.node) == [NodeID(0), NodeID(1), NodeID(1)])
        #expect(script.updates.map(\.line) == [6, 6, 8])
        #expect(script.graph.count == 3)
        #expect(script.root == NodeID(2))
    }

    @Test("an indented block: every body line, blank and comment lines inside, line of each")
    func blockLoop() throws {
        let script = try read(
            """
            w = 1.0
            b = 2.0
            L = w * b
            for p in [w, b]:
                # one step
                p.grad = 0.0

                p.data -= 0.1 * p.grad
            \tprint(p.data)
              p.data += 0.
            M = L + L
            """)
        #expect(script.updates.map(\.node) == [NodeID(0), NodeID(1), NodeID(0), NodeID(1)])
        #expect(script.updates.map(\.line) == [8, 8, 10, 10])
        #expect(script.root == NodeID(3))
        #expect(script.line(of: NodeID(3)) == 11)
    }

    @Test("zeroing a gradient is accepted and has no effect", arguments: ["0", "0.0", "0.", "0e0"])
    func zeroing(_ zero: String) throws {
        let script = try read("a = 1.0\nb = a * 2\nb.grad = \(zero)")
        #expect(script.updates.isEmpty)
        #expect(script.graph.count == 3)
    }

    @Test(
        "training errors are reported at the offending token",
        arguments: [
            (
                "a = 1.0\nc = a * 2\nc.data -= 0.1 * c.grad", 3, 1,
                "only leaves can be updated: 'c' is computed by '*' from other values"
            ),
            ("a = 1.0\nq.data -= 0.1 * q.grad", 2, 1, "'q' is not defined"),
            (
                "w = 1.0\nfor p in w: p.grad = 0", 2, 10,
                "'w' is a value, not a list: a loop runs over a list, as in 'for p in [w, b]:'"
            ),
            (
                "w = 1.0\nfor p in range(3): p.grad = 0", 2, 10,
                "expected a list after 'in', as in 'for p in [w, b]:', found a call of range()"
            ),
            ("w = 1.0\nps = [w, z]", 2, 10, "'z' is not defined"),
            (
                "w = 1.0\nps = [w, 2]", 2, 10,
                "a list holds names bound to values, as in [w, b], not the number 2"
            ),
            ("w = 1.0\nps = [w", 2, 6, "'[' was never closed"),
            (
                "w = 1.0\nps = []", 2, 6,
                "an empty list: a list needs at least one value, as in [w, b]"
            ),
            (
                "w = 1.0\nps = [w]\nqs = [ps]", 3, 7,
                "'ps' is a list: a list holds values, not lists"
            ),
            (
                "w = 1.0\nps = [w]\ny = ps * 2", 3, 5,
                "'ps' is a list: use it only in a loop, as in 'for p in ps:'"
            ),
            (
                "w = 1.0\nb = 2.0\nlr = 0.1\nw.data -= lr * b.grad", 4, 16,
                "an update of 'w' is built from numbers, names bound to plain numbers and 'w.grad', not 'b.grad'"
            ),
            (
                "w = 1.0\nc = w * 2\nw.data -= c * w.grad", 3, 11,
                "an update of 'w' is built from numbers, names bound to plain numbers and 'w.grad', not the value 'c'"
            ),
            (
                "w = 1.0\nw.data -= 0.1 * w.data", 2, 17,
                "an update of 'w' is built from numbers, names bound to plain numbers and 'w.grad', not 'w.data'"
            ),
            (
                "w = 1.0\nw.data -= tanh(w.grad)", 2, 11,
                "an update of 'w' is built from numbers, names bound to plain numbers and 'w.grad', not a call of tanh()"
            ),
            (
                "w = 1.0\nw.data *= 0.5", 2, 8,
                "'w.data' changes only by an update: 'w.data += …' or 'w.data -= …'"
            ),
            (
                "w = 1.0\nw.grad = 5", 2, 10,
                "a gradient can only be zeroed, as in 'w.grad = 0': the backward pass computes it"
            ),
            (
                "w = 1.0\nw.grad -= 1", 2, 8,
                "a gradient can only be zeroed, as in 'w.grad = 0': the backward pass computes it"
            ),
            (
                "w = 1.0\nfor p in [w]: y = p", 2, 15,
                "a loop's body is an update ('p.data -= lr * p.grad') or a zeroing ('p.grad = 0')"
            ),
            (
                "w = 1.0\nfor p in [w]:\ny = w", 2, 13,
                "the loop has no body: write it after ':' or on the next lines, indented deeper than 'for'"
            ),
            (
                "w = 1.0\n  for p in [w]:\n\n  # nothing\n", 2, 15,
                "the loop has no body: write it after ':' or on the next lines, indented deeper than 'for'"
            ),
            (
                "w = 1.0\nfor p [w]: p.grad = 0", 2, 7,
                "expected 'in' in 'for p in params:', found '['"
            ),
            (
                "w = 1.0\nfor p in [w] p.grad = 0", 2, 14,
                "expected ':' in 'for p in params:', found the name 'p'"
            ),
            (
                "w = 1.0\nc = w * 2\nfor p in [w, c]: p.data -= p.grad", 3, 18,
                "only leaves can be updated: 'p' is computed by '*' from other values"
            ),
            (
                "w = 1.0\nw.data -= " + String(repeating: "-", count: 101) + "w.grad", 2, 11,
                "this update nests too deeply: at most 100 operations"
            ),
            (
                "lr = 0.5\nw = 2.0\ny = w * w\nlr.data -= 0.1\nw.data -= lr * w.grad", 5, 11,
                "'lr' is updated by this file, so an update cannot read it as a number: bind the number to a name of its own that nothing updates (rate = 0.05)"
            ),
        ] as [(String, Int, Int, String)])
    func located(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let found = try #require(onlyError(text), "expected one error for \(text.debugDescription)")
        #expect(found.line == line)
        #expect(found.column == column)
        #expect(found.message == message)
    }

    @Test("a failed for line's block is skipped quietly, and its loop name is not re-reported")
    func poisonedBlock() throws {
        let error = try #require(
            errors("w = 1.0\nfor p in nothing:\n    p.grad = 0\n    p.data -= 1\ny = p * 2\nz = q"))
        #expect(error.diagnostics.map(\.line) == [2, 6])
    }

    @Test("a nested loop is one error, and its loop name is not reported again")
    func nestedLoop() throws {
        let error = try #require(
            errors(
                "w = 2.0\nb = 3.0\ny = w * b\nfor p in [w, b]:\n    for q in [w, b]:\n        q.data += -0.1 * q.grad"
            ))
        #expect(error.diagnostics.map(\.line) == [5])
        #expect(error.diagnostics.first?.column == 5)
        #expect(error.diagnostics.first?.message.hasPrefix("loops do not nest") == true)
    }

    @Test("a loop with no body is one error; its loop name is not reported again after it")
    func emptyBlockPoisonsItsName() throws {
        let error = try #require(
            errors("w = 2.0\ny = w * 3\n  for p in [w]:\n p.data += -0.1 * p.grad"))
        #expect(error.diagnostics.map(\.line) == [3])
        #expect(error.diagnostics.first?.message.hasPrefix("the loop has no body") == true)
    }

    @Test("a body line's error is reported at its line, and the block goes on")
    func bodyLineErrors() throws {
        let error = try #require(
            errors("w = 1.0\nfor p in [w]:\n    p.data -= x\n    p.data -= 1\nz = q"))
        #expect(error.diagnostics.map(\.line) == [3, 5])
    }
}
