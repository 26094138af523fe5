import AutogradCapture
import AutogradEngine
import Testing

/// One planted bug per verdict kind, with the engine's numbers worked out by hand as the buggy
/// engine computes them, and the correct ones from the derivatives by hand.
@Suite struct VerdictTests {
    /// `z = x * y + y + x.tanh()` at x = 2, y = 3, where tanh's `_backward` passes
    /// t = tanh(2) instead of 1 − t²: dz/dx comes out 3 + t = 3.9640, not 3 + (1 − t²).
    static func tanhExample(tanhLocal: Double, xGrad: Double) -> [CapturedNodeSpec] {
        let t = 0.9640275800758169
        return [
            .leaf(0, "x", data: 2, grad: xGrad),
            .leaf(1, "y", data: 3, grad: 3),
            .node(2, "*", [0, 1], data: 6, grad: 1, locals: [3, 2]),
            .node(3, "+", [2, 1], data: 9, grad: 1, locals: [1, 1]),
            .node(4, "tanh", [0], data: t, grad: 1, locals: [tanhLocal]),
            .node(5, "+", [3, 4], data: 9.964027580075816, grad: 1, locals: [1, 1], label: "z"),
        ]
    }

    @Test func aWrongLocalDerivativeIsFoundAtItsNode() throws {
        let t = 0.9640275800758169
        let review = try review(
            root: 5, nodes: Self.tanhExample(tanhLocal: t, xGrad: 3.964027580075817),
            fired: [5, 4, 3, 2])
        #expect(
            review.verdict
                == .wrong(
                    .edge(
                        node: NodeID(4), input: NodeID(0),
                        .local(yours: t, correct: 0.07065082485316443))))
        let gradOfX = review.findings.first { $0.subject == .grad && $0.node == NodeID(0) }
        #expect(gradOfX?.yours == .number(3.964027580075817))
        #expect(gradOfX?.correct == 3.0706508248531645)
        #expect(review.findings.count == 2)
    }

    @Test func aCorrectEngineGetsNone() throws {
        let review = try review(
            root: 5,
            nodes: Self.tanhExample(tanhLocal: 0.07065082485316443, xGrad: 3.0706508248531645),
            fired: [5, 4, 3, 2])
        #expect(review.verdict == Verdict.none)
        #expect(review.findings.isEmpty)
    }

    /// c = a + b with `=` in add's `_backward`, d = c * a: d fires first and gives a
    /// c.data × 1 = −1; then c overwrites a's grad with 2, where a's grad is −1 + 2 = 1.
    @Test func anOverwrittenGradIsAssign() throws {
        var add = CapturedNodeSpec.node(2, "+", [0, 1], data: -1, grad: 2, locals: [1, 1])
        add.probe = [(0, 1, "assign"), (1, 1, "assign")]
        let review = try review(
            root: 3,
            nodes: [
                .leaf(0, "a", data: 2, grad: 2), .leaf(1, "b", data: -3, grad: 2), add,
                .node(3, "*", [2, 0], data: -2, grad: 1, locals: [2, -1]),
            ],
            fired: [3, 2])
        #expect(review.verdict.kind == .assign)
        #expect(review.verdict.node == NodeID(2))
        #expect(review.verdict.finding?.input == NodeID(0))
        let gradOfA = review.findings.first { $0.subject == .grad && $0.node == NodeID(0) }
        #expect(gradOfA?.correct == 1)
    }

    /// Both multiplications forget `* out.grad`: the one at the root fires first, and is named
    /// although its upstream is 1 there.
    @Test func aForgottenUpstreamFactorIsIgnoresUpstream() throws {
        var inner = CapturedNodeSpec.node(2, "*", [0, 1], data: 6, grad: 4, locals: [])
        inner.probe = [(0, 3, "ignores-upstream"), (1, 2, "ignores-upstream")]
        var outer = CapturedNodeSpec.node(4, "*", [2, 3], data: 24, grad: 1, locals: [])
        outer.probe = [(2, 4, "ignores-upstream"), (3, 6, "ignores-upstream")]
        let review = try review(
            root: 4,
            nodes: [
                .leaf(0, "a", data: 2, grad: 3), .leaf(1, "b", data: 3, grad: 2), inner,
                .leaf(3, "k", data: 4, grad: 6), outer,
            ],
            fired: [4, 2])
        #expect(review.verdict.kind == .ignoresUpstream)
        #expect(review.verdict.node == NodeID(4))
        #expect(review.verdict.finding?.input == NodeID(2))
        // b's grad is a · k = 8 and a's b · k = 12 (root first); the engine gave 2 and 3.
        let grads = review.findings.filter { $0.subject == .grad }
        #expect(grads.map(\.node) == [NodeID(1), NodeID(0)])
        #expect(grads.map(\.correct) == [8, 12])
    }

    @Test func aBackwardThatDoesNothingIsUntouched() throws {
        var tanh = CapturedNodeSpec.node(
            1, "tanh", [0], data: 0.46211715726000974, grad: 1, locals: [])
        tanh.probe = [(0, nil, "untouched")]
        let review = try review(
            root: 1, nodes: [.leaf(0, "a", data: 0.5, grad: 0), tanh], fired: [1])
        #expect(
            review.verdict
                == .wrong(
                    .edge(
                        node: NodeID(1), input: NodeID(0), .untouched(correct: 0.7864477329659274)))
        )
    }

    /// relu of a negative input passes 0 whether it adds 0 or adds nothing: no finding.
    @Test func untouchedIsRightWhereTheLocalIsZero() throws {
        var relu = CapturedNodeSpec.node(1, "ReLU", [0], data: 0, grad: 1, locals: [])
        relu.probe = [(0, nil, "untouched")]
        let review = try review(root: 1, nodes: [.leaf(0, "a", data: -2, grad: 0), relu])
        #expect(review.verdict == Verdict.none)
    }

    @Test func aBackwardThatRaisesIsError() throws {
        var relu = CapturedNodeSpec.node(1, "relu", [0], data: 2, grad: 1, locals: [])
        relu.probe = [(0, nil, "error")]
        var text = captureDocument(root: 1, nodes: [.leaf(0, "a", data: 2, grad: 0), relu])
        text = text.replacing(
            "\"mode\": \"error\"}",
            with:
                "\"mode\": \"error\", \"message\": \"AttributeError: 'Value' object has no attribute 'grd'\"}"
        )
        let document = try CaptureReader.read(Array(text.utf8), path: "t.json")
        let review = Review(try Replay(document.captures[0]))
        #expect(review.verdict.kind == .error)
        #expect(review.verdict.node == NodeID(1))
        #expect(
            review.verdict.finding?.message
                == "AttributeError: 'Value' object has no attribute 'grd'")
    }

    /// w's grad was 4 from an earlier pass: after this one it is 4 + x = 7.
    @Test func aLeftoverGradIsNotZeroed() throws {
        var w = CapturedNodeSpec.leaf(0, "w", data: 2, grad: 7)
        w.gradBefore = 4
        var x = CapturedNodeSpec.leaf(1, "x", data: 3, grad: 2)
        x.gradBefore = 0
        var y = CapturedNodeSpec.node(2, "*", [0, 1], data: 6, grad: 1, locals: [3, 2])
        y.gradBefore = 0
        let review = try review(root: 2, nodes: [w, x, y], fired: [2])
        #expect(
            review.verdict
                == .wrong(.notZeroed(node: NodeID(0), yours: .number(4))))
        #expect(review.findings.count { $0.kind == .notZeroed } == 1)
    }

    @Test func aRootLeftAtZeroIsSeed() throws {
        let review = try review(
            root: 2,
            nodes: [
                .leaf(0, "a", data: 2, grad: 0), .leaf(1, "b", data: 3, grad: 0),
                .node(2, "+", [0, 1], data: 5, grad: 0, locals: [1, 1]),
            ],
            fired: [2])
        #expect(review.verdict == .wrong(.seed(root: NodeID(2), yours: .number(0))))
    }

    /// A recursive backward without a topological order or a visited set, on h = x · two,
    /// u = h · two, c = h + u: h fires after c with grad 1, before u has added its 2, and again
    /// after u. The engine ends with x = 2 + 6 = 8 and two = 3 + 6 + 9 = 18; correct are
    /// x = two · (1 + two) = 6 and two = x · 3 + h = 15. What the learner must change is that h
    /// fires twice (steps 2 and 4), which is named before its firing early.
    @Test func firingTwiceIsNamedWithItsSteps() throws {
        let review = try review(
            root: 4,
            nodes: [
                .leaf(0, "x", data: 3, grad: 8), .leaf(1, "two", data: 2, grad: 18),
                .node(2, "*", [0, 1], data: 6, grad: 3, locals: [2, 3], label: "h"),
                .node(3, "*", [2, 1], data: 12, grad: 1, locals: [2, 6], label: "u"),
                .node(4, "+", [2, 3], data: 18, grad: 1, locals: [1, 1], label: "c"),
            ],
            fired: [4, 2, 3, 2])
        #expect(
            review.verdict
                == .wrong(.order(node: NodeID(2), .firedTwice(steps: [2, 4]))))
        let grads = review.findings.filter { $0.kind == .grad }
        #expect(grads.map(\.node) == [NodeID(1), NodeID(0)])
        #expect(grads.map(\.correct) == [15, 6])
    }

    /// A primitive subtraction whose `_backward` adds out.grad to the right operand. Its
    /// children came as a set, right operand first: the data (5 − 3 = 2) tells the order.
    @Test func aWrongSignInSubtractionIsLocal() throws {
        var difference = CapturedNodeSpec.node(
            2, "-", [1, 0], data: 2, grad: 1, locals: [], ordered: false)
        difference.probe = [(1, 1, "add"), (0, 1, "add")]
        let review = try review(
            root: 2,
            nodes: [.leaf(0, "a", data: 5, grad: 1), .leaf(1, "b", data: 3, grad: 1), difference])
        #expect(review.replay.notes[NodeID(2)] == .orderFromData)
        #expect(Array(review.replay.graph.inputs(of: NodeID(2))) == [NodeID(0), NodeID(1)])
        #expect(
            review.verdict
                == .wrong(.edge(node: NodeID(2), input: NodeID(1), .local(yours: 1, correct: -1))))
    }

    /// exp computed as e^x − 1: the value is judged before the edges of the same node.
    @Test func aWrongValueIsForward() throws {
        let review = try review(
            root: 1,
            nodes: [
                .leaf(0, "x", data: 1, grad: 1.718281828459045),
                .node(1, "exp", [0], data: 1.718281828459045, grad: 1, locals: [1.718281828459045]),
            ],
            fired: [1])
        #expect(
            review.verdict
                == .wrong(
                    .forward(
                        node: NodeID(1), yours: .number(1.718281828459045),
                        correct: 2.718281828459045)))
        #expect(review.findings.map(\.kind) == [.forward, .local, .grad])
    }

    /// A `Value` put into `.grad` is not a number: it disagrees, and is shown as Python shows it.
    @Test func aGradThatIsNotANumberDisagrees() throws {
        var text = captureDocument(
            root: 1,
            nodes: [
                .leaf(0, "a", data: 2, grad: 0),
                .node(
                    1, "tanh", [0], data: 0.9640275800758169, grad: 1, locals: [0.07065082485316443]
                ),
            ])
        text = text.replacing("\"grad\": 0.0", with: "\"grad\": {\"repr\": \"Value(data=0.07)\"}")
        let document = try CaptureReader.read(Array(text.utf8), path: "t.json")
        let review = Review(try Replay(document.captures[0]))
        #expect(
            review.verdict
                == .wrong(
                    .grad(
                        node: NodeID(0), yours: .notANumber(repr: "Value(data=0.07)"),
                        correct: 0.07065082485316443)))
    }
}
