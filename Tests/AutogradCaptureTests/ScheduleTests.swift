import AutogradCapture
import AutogradEngine
import Testing

/// What the engine's own pass did, judged as the learner means it: a hand seed is a seed, a
/// constant the engine made is nobody's gradient, a pass that raised stops where it raised,
/// and a node fired early or twice is named with its steps. Numbers worked out by hand.
@Suite struct ScheduleTests {
    /// c = a + b at a = 2, b = 3, the root's grad set to 1 by hand before `backward()`, as the
    /// micrograd lecture does: every grad ends at 1.
    @Test("a root seeded to 1 by hand before backward() is a seed, not a leftover")
    func aHandSeedIsNotALeftover() throws {
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "a", data: 2, grad: 1), .leaf(1, "b", data: 3, grad: 1),
            .node(2, "+", [0, 1], data: 5, grad: 1, locals: [1, 1], label: "c"),
        ]
        nodes[0].gradBefore = 0
        nodes[1].gradBefore = 0
        nodes[2].gradBefore = 1
        #expect(try review(root: 2, nodes: nodes, fired: [2]).verdict == Verdict.none)
        // A leftover of 1 the pass added to: a's grad ends at 1 + 1 = 2.
        nodes[0].gradBefore = 1
        nodes[0].grad = 2
        let leftover = try review(root: 2, nodes: nodes, fired: [2])
        #expect(leftover.verdict == .wrong(.notZeroed(node: NodeID(0), yours: .number(1))))
        #expect(leftover.findings.count { $0.kind == .notZeroed } == 1)
    }

    /// `f ** Value(2)` at f = −3: the engine wraps the 2 into a node inside `__pow__`, and its
    /// `_backward` gives that node nothing; its "correct" local out · ln(−3) is NaN. Nobody
    /// wants the gradient of that constant: f's local 2 · (−3) = −6 is judged, and right.
    @Test("a constant the engine made from a number is held to no gradient")
    func aCoercedConstantIsNotJudged() throws {
        var exponent = CapturedNodeSpec.leaf(1, nil, data: 2, grad: 0)
        exponent.madeBy = #"{"method": "__pow__", "args": [], "operands": [0]}"#
        var power = CapturedNodeSpec.node(2, "**", [0, 1], data: 9, grad: 1, locals: [-6, 0])
        power.probe = [(0, -6, "add"), (1, 0, "untouched")]
        power.madeBy = #"{"method": "__pow__", "args": [], "operands": [0, 1]}"#
        let nodes = [CapturedNodeSpec.leaf(0, "f", data: -3, grad: -6), exponent, power]
        let review = try review(root: 2, nodes: nodes, fired: [2])
        #expect(review.replay.graph.operation(of: NodeID(2)) == .nodePower)
        #expect(review.verdict == Verdict.none)
        var unwrapped = nodes
        unwrapped[1].madeBy = nil
        #expect(
            try AutogradCaptureTests.review(root: 2, nodes: unwrapped, fired: [2]).verdict.kind
                == .untouched)
    }

    /// y = tanh(x), z = y * 2 at x = 0.5: the engine's `backward()` fired z, then raised in
    /// tanh's `_backward`, the second of the pass's two operations.
    @Test("a backward() that raised is an error at the node it stopped in, with its step")
    func aPassThatRaisedStopsThere() throws {
        var tanh = CapturedNodeSpec.node(
            1, "tanh", [0], data: 0.46211715726000974, grad: 2, locals: [0])
        tanh.probe = [(0, nil, "error")]
        let nodes = [
            CapturedNodeSpec.leaf(0, "x", data: 0.5, grad: 0), tanh,
            .leaf(2, "two", data: 2, grad: 0.46211715726000974),
            .node(
                3, "*", [1, 2], data: 0.9242343145200195, grad: 1, locals: [2, 0.46211715726000974]),
        ]
        let message = "TypeError: unsupported operand type(s) for -: 'int' and 'Value'"
        let review = try review(root: 3, nodes: nodes, fired: [3, 1], raised: message)
        #expect(
            review.verdict
                == .wrong(
                    .raised(
                        node: NodeID(1), input: NodeID(0), message: message, step: 2,
                        operations: 2)))
        #expect(review.findings.count == 1)
    }

    /// h = x · two, u = h · two, c = h + u at x = 3, two = 2, fired c, h, u: h fires with only
    /// c's 1 in its grad, before u adds its 2. The engine ends with x = two · 1 = 2 and two =
    /// x · 1 + h · 1 = 9; correct are x = two · (1 + two) = 6 and two = x · 3 + h = 15.
    @Test("a node that fires before a user of it is named with its step and the user")
    func firingEarlyIsNamedWithItsStep() throws {
        let review = try review(
            root: 4,
            nodes: [
                .leaf(0, "x", data: 3, grad: 2), .leaf(1, "two", data: 2, grad: 9),
                .node(2, "*", [0, 1], data: 6, grad: 3, locals: [2, 3], label: "h"),
                .node(3, "*", [2, 1], data: 12, grad: 1, locals: [2, 6], label: "u"),
                .node(4, "+", [2, 3], data: 18, grad: 1, locals: [1, 1], label: "c"),
            ],
            fired: [4, 2, 3])
        #expect(
            review.verdict
                == .wrong(.order(node: NodeID(2), .firedEarly(step: 2, user: NodeID(3)))))
        let grads = review.findings.filter { $0.kind == .grad }
        #expect(grads.map(\.correct) == [15, 6])
    }
}
