import AutogradCapture
import AutogradEngine
import Testing

/// Each node's operation from what is certain first: the engine method that made it, then the
/// engine's string, then the data and the locals together; never a guess that two operations
/// fit. Every number below is worked out by hand.
@Suite struct IdentificationTests {
    /// `n = x * -1` at x = 0.5 in an engine with no operation strings and a set of children.
    /// The data alone fits x · (−1) = −0.5, x + (−1) = −0.5 and x / (−1) = −0.5; the locals the
    /// engine passed, −1 to x and 0.5 to the −1, fit only the product (the sum passes 1 and 1,
    /// the quotient 1/b = −1 and −a/b² = −0.5).
    static func negationByProduct(locals: [Double]?) -> [CapturedNodeSpec] {
        var product = CapturedNodeSpec.node(
            2, nil, [0, 1], data: -0.5, grad: 1, locals: locals ?? [], ordered: false)
        if locals == nil { product.probe = nil }
        return [
            .leaf(0, "x", data: 0.5, grad: -1), .leaf(1, nil, data: -1, grad: 0.5), product,
        ]
    }

    @Test("the data and the locals together pick the one operation that fits both")
    func theLocalsRuleOutWhatTheDataAllows() throws {
        let review = try review(root: 2, nodes: Self.negationByProduct(locals: [-1, 0.5]))
        #expect(review.replay.graph.operation(of: NodeID(2)) == .multiply)
        #expect(review.replay.notes[NodeID(2)] == .inferred)
        #expect(review.verdict == Verdict.none)
        #expect(review.unjudgedCount == 0)
    }

    @Test("where several operations fit the data and nothing else is known, none is chosen")
    func severalFitsLeaveTheNodeUnidentified() throws {
        let review = try review(root: 2, nodes: Self.negationByProduct(locals: nil))
        #expect(review.replay.notes[NodeID(2)] == .unidentified("?"))
        #expect(review.verdict == Verdict.none)
        #expect(review.opaqueNodes == [NodeID(2)])
        #expect(review.unjudgedCount == 3)
    }

    /// The same node made by `__mul__` inside `__neg__`, with a `_backward` that passes 1 and 1
    /// (a sum's locals): the method says it is a product, so the wrong local is found: x gets
    /// 1 where b = −1 is correct.
    @Test("the method that made a node names its operation, and grounds a verdict")
    func theMakingMethodNamesTheOperation() throws {
        var nodes = Self.negationByProduct(locals: [1, 1])
        nodes[2].madeBy =
            #"{"method": "__mul__", "outer": "__neg__", "args": [], "operands": [0, 1]}"#
        nodes[0].grad = 1
        let review = try review(root: 2, nodes: nodes)
        #expect(review.replay.graph.operation(of: NodeID(2)) == .multiply)
        #expect(review.replay.notes[NodeID(2)] == .fromMethod)
        #expect(
            review.verdict
                == .wrong(.edge(node: NodeID(2), input: NodeID(0), .local(yours: 1, correct: -1))))
        let maker = review.replay.capture.nodes.maker(of: 2)
        #expect(maker == EngineMethod(name: "__mul__", outer: "__neg__"))
    }

    /// `total ** -1` at total = 1.0, an engine whose `**` stores no exponent: its value 1 is
    /// what relu, abs and sqrt give at 1 too, and its local −1 is what none of them passes.
    static func inverseAtOne(madeBy: String?) -> [CapturedNodeSpec] {
        var inverse = CapturedNodeSpec.node(1, "**", [0], data: 1, grad: 1, locals: [-1])
        inverse.madeBy = madeBy
        return [.leaf(0, "total", data: 1, grad: -1), inverse]
    }

    @Test("`**` with no exponent takes it from the method's argument")
    func theExponentComesFromTheMethodsArgument() throws {
        let review = try review(
            root: 1,
            nodes: Self.inverseAtOne(
                madeBy: #"{"method": "__pow__", "args": [-1], "operands": [0]}"#))
        #expect(review.replay.graph.operation(of: NodeID(1)) == .power)
        #expect(review.replay.graph.exponent(of: NodeID(1)) == -1)
        #expect(review.verdict == Verdict.none)
        #expect(review.unjudgedCount == 0)
    }

    @Test("`**` with no exponent and no method is not taken for a relu")
    func noOperationFitsAndNothingIsJudged() throws {
        let review = try review(root: 1, nodes: Self.inverseAtOne(madeBy: nil))
        #expect(review.replay.notes[NodeID(1)] == .unidentified("**"))
        #expect(review.verdict == Verdict.none)
        #expect(review.unjudgedCount == 2)
    }

    /// `5 - x` made by `__rsub__(self=x, other=5)`, its children stored as (x, 5): the
    /// operands are the other way round, 5 − 2 = 3, with locals −1 to x and 1 to the 5.
    @Test("a reflected method takes its operands the other way round")
    func aReflectedMethodSwapsItsOperands() throws {
        var difference = CapturedNodeSpec.node(2, "-", [0, 1], data: 3, grad: 1, locals: [-1, 1])
        difference.madeBy = #"{"method": "__rsub__", "args": [], "operands": [0, 1]}"#
        let review = try review(
            root: 2,
            nodes: [.leaf(0, "x", data: 2, grad: -1), .leaf(1, nil, data: 5, grad: 1), difference]
        )
        #expect(Array(review.replay.graph.inputs(of: NodeID(2))) == [NodeID(1), NodeID(0)])
        #expect(review.verdict == Verdict.none)
    }
}
