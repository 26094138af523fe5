import AutogradCapture
import AutogradEngine
import Testing

@Suite struct ReplayTests {
    @Test(arguments: [
        ("+", 2, EngineOperation.known(.add, exponent: nil)),
        ("ADD", 2, .known(.add, exponent: nil)),
        ("*", 2, .known(.multiply, exponent: nil)),
        ("mul", 2, .known(.multiply, exponent: nil)),
        ("**2", 1, .known(.power, exponent: 2)),
        ("**-1", 1, .known(.power, exponent: -1)),
        ("** 0.5", 1, .known(.power, exponent: 0.5)),
        ("^3", 1, .known(.power, exponent: 3)),
        ("**", 2, .known(.nodePower, exponent: nil)),
        ("ReLU", 1, .known(.relu, exponent: nil)),
        ("_relu", 1, .known(.relu, exponent: nil)),
        (" Tanh ", 1, .known(.tanh, exponent: nil)),
        ("-", 2, .known(.subtract, exponent: nil)),
        ("-", 1, .known(.negate, exponent: nil)),
        ("neg", 1, .known(.negate, exponent: nil)),
        ("/", 2, .known(.divide, exponent: nil)),
        ("ln", 1, .known(.log, exponent: nil)),
        ("", 0, .leaf),
        ("sinh", 1, .opaque("sinh")),
        ("**x", 1, .opaque("**x")),
    ])
    func operationStringsMapOntoOperations(text: String, children: Int, meaning: EngineOperation) {
        #expect(EngineOperation(text, childCount: children) == meaning)
    }

    @Test func noOperationStringIsALeafOrFoundFromTheData() {
        #expect(EngineOperation(nil, childCount: 0) == .leaf)
        #expect(EngineOperation(nil, childCount: 2) == .unnamed)
    }

    private func replay(root: Int, _ nodes: [CapturedNodeSpec]) throws -> Replay {
        let text = captureDocument(root: root, nodes: nodes)
        return try Replay(CaptureReader.read(Array(text.utf8), path: "t.json").captures[0])
    }

    /// micrograd's `_prev` is a set: `a * a` has one child. The data (3 · 3 = 9) restores the
    /// second use, and the local derivative is then 2a = 6 in all.
    @Test func aChildUsedTwiceIsRestored() throws {
        let replay = try replay(
            root: 1,
            [
                .leaf(0, "a", data: 3, grad: 6),
                .node(1, "*", [0], data: 9, grad: 1, locals: [6], ordered: false),
            ])
        #expect(Array(replay.graph.inputs(of: NodeID(1))) == [NodeID(0), NodeID(0)])
        #expect(replay.notes[NodeID(1)] == .repeatedChild)
        #expect(replay.correctLocal(of: NodeID(1), input: NodeID(0)) == 6)
        #expect(Review(replay).verdict == Verdict.none)
    }

    @Test func thePowerKeepsTheExponentOfItsString() throws {
        let replay = try replay(
            root: 1,
            [.leaf(0, "a", data: 3, grad: 6), .node(1, "**2", [0], data: 9, grad: 1, locals: [6])])
        #expect(replay.graph.operation(of: NodeID(1)) == .power)
        #expect(replay.graph.exponent(of: NodeID(1)) == 2)
        #expect(replay.graph.value(of: NodeID(1)) == 9)
    }

    /// An engine that stores no operation: 2 and 3 give 5, so it is an addition.
    @Test func aMissingOperationIsInferred() throws {
        let replay = try replay(
            root: 2,
            [
                .leaf(0, "a", data: 2, grad: 1), .leaf(1, "b", data: 3, grad: 1),
                .node(2, nil, [0, 1], data: 5, grad: 1, locals: [1, 1]),
            ])
        #expect(replay.graph.operation(of: NodeID(2)) == .add)
        #expect(replay.notes[NodeID(2)] == .inferred)
    }

    /// An unknown operation keeps the engine's value; nothing passes through it, so the
    /// grads behind it are not judged, and the node above it still is.
    @Test func anUnknownOperationIsKeptAndNotJudged() throws {
        let replay = try replay(
            root: 2,
            [
                .leaf(0, "a", data: 1, grad: 99),
                .node(1, "sinh", [0], data: 1.1752011936438014, grad: 2, locals: [1]),
                .node(2, "*", [1, 1], data: 1.3810978455418155, grad: 1, locals: [5]),
            ])
        #expect(replay.notes[NodeID(1)] == .opaque("sinh"))
        #expect(replay.graph.isLeaf(NodeID(1)))
        #expect(replay.graph.value(of: NodeID(2)) == 1.1752011936438014 * 1.1752011936438014)
        let review = Review(replay)
        #expect(review.opaqueNodes == [NodeID(1)])
        #expect(review.nodesBehindOpaque == 1)
        // The square's local is 2 · 1.1752 = 2.3504, not the engine's 5.
        #expect(
            review.verdict
                == .wrong(
                    .edge(
                        node: NodeID(2), input: NodeID(1),
                        .local(yours: 5, correct: 2 * 1.1752011936438014))))
        #expect(!review.findings.contains { $0.node == NodeID(0) })
    }

    @Test func idsOutOfTopologicalOrderAreReordered() throws {
        let replay = try replay(
            root: 0,
            [
                .node(0, "+", [1, 2], data: 5, grad: 1, locals: [1, 1]),
                .leaf(1, "a", data: 2, grad: 1), .leaf(2, "b", data: 3, grad: 1),
            ])
        #expect(!replay.keepsCaptureIDs)
        #expect(replay.root == NodeID(2))
        #expect(replay.node(ofCaptureID: 0) == NodeID(2))
        #expect(replay.captureID(of: NodeID(0)) == 1)
        #expect(replay.graph.value(of: replay.root) == 5)
        #expect(Review(replay).verdict == Verdict.none)
    }

    @Test func aCycleIsAnError() throws {
        let error = #expect(throws: CaptureGraphError.self) {
            try replay(
                root: 0,
                [
                    .node(0, "+", [1, 1], data: 2, grad: 1, locals: [2]),
                    .node(1, "+", [0, 0], data: 4, grad: 2, locals: [2]),
                ])
        }
        #expect(error?.message == "the graph has a cycle: node 0 is among its own inputs")
    }

    /// 3 − 3 is 0 either way round, but the locals +1 and −1 are not: not judged.
    @Test func anOrderTheDataCannotTellIsNotJudged() throws {
        let replay = try replay(
            root: 2,
            [
                .leaf(0, "a", data: 3, grad: -1), .leaf(1, "b", data: 3, grad: 1),
                .node(2, "-", [0, 1], data: 0, grad: 1, locals: [-1, 1], ordered: false),
            ])
        let review = Review(replay)
        #expect(replay.notes[NodeID(2)] == .orderUnknown)
        #expect(review.unorderedNodes == [NodeID(2)])
        #expect(review.verdict == Verdict.none)
    }
}
