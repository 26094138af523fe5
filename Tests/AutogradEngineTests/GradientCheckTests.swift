import AutogradEngine
import Foundation
import Testing

@Suite("Gradient check")
struct GradientCheckTests {
    @Test("correct gradients agree on random smooth graphs", arguments: 1...5)
    func agreesOnSmoothGraphs(seed: UInt64) {
        let graph = randomGraph(nodes: 150, leaves: 6, seed: seed)
        let root = NodeID(graph.count - 1)
        let results = GradientCheck(graph: graph, root: root).run(
            gradients: graph.backward(from: root))
        #expect(!results.isEmpty)
        for result in results {
            #expect(
                result.verdict == .agrees,
                "leaf \(result.leaf): \(result.analytic) vs \(result.numeric)")
        }
    }

    @Test("wrong gradients are caught as mismatches")
    func catchesWrongGradients() {
        var graph = Graph()
        let x = graph.addLeaf(0.3, label: "x")
        let square = graph.add(.multiply, x, x)
        let y = graph.add(.sin, square)
        let correct = graph.backward(from: y)[x]
        let check = GradientCheck(graph: graph, root: y)
        #expect(check.check(x, analytic: correct).verdict == .agrees)
        let result = check.check(x, analytic: 2 * correct)
        #expect(result.verdict == .mismatch)
        // The numeric value owes nothing to the analytic one: d/dx sin(x²) = 2x·cos(x²).
        #expect(isClose(result.numeric, 2 * 0.3 * cos(0.09), tolerance: 1e-8))
    }

    @Test(
        "correct gradients agree at large |x|, where the function varies on the scale of 1",
        arguments: [(Op.sin, 1000.0), (.cos, -1000.0), (.exp, 700.0), (.tanh, 3.0), (.log, 1e6)])
    func largeArguments(_ operation: Op, _ x: Double) {
        var graph = Graph()
        let leaf = graph.addLeaf(x)
        let node = graph.add(operation, leaf)
        let analytic = graph.backward(from: node)[leaf]
        let result = GradientCheck(graph: graph, root: node).check(leaf, analytic: analytic)
        #expect(result.verdict == .agrees, "\(result)")
        // And a gradient off by a hundred times the tolerance is still caught there.
        let off = 1e-4 * max(1, abs(analytic))
        let wrong = GradientCheck(graph: graph, root: node).check(leaf, analytic: analytic + off)
        #expect(wrong.verdict == .mismatch, "\(wrong)")
    }

    @Test("a derivative that cannot be estimated is imprecise, never a false mismatch")
    func imprecise() {
        var graph = Graph()
        let x = graph.addLeaf(1.0)
        let fast = graph.add(.sin, graph.add(.multiply, x, graph.addConstant(100_000)))
        let analytic = graph.backward(from: fast)[x]
        let result = GradientCheck(graph: graph, root: fast).check(x, analytic: analytic)
        #expect(result.verdict == .imprecise, "\(result)")
        #expect(result.errorEstimate > 1e-6)
    }

    /// Three right gradients that the check once called wrong, with a tiny claimed error:
    /// d(x + 5·10⁷)/dx = 1, where rounding f near 5·10⁷ moves a difference of step 0.1 by
    /// about 10⁻⁸; d sin(x)/dx = cos(10⁸) at 10⁸, where a first step of 10⁷ extrapolates to a
    /// confident wrong number; d(x·x·10³⁰⁰)/dx = 2·10¹⁴⁰ at x = 10⁻¹⁶⁰, where every step swamps
    /// x and the difference is 0. None is a mismatch; the slope the step can resolve agrees.
    @Test("rounding and steps too large for the function never make a false mismatch")
    func honestNumbers() {
        var graph = Graph()
        let x = graph.addLeaf(0.3)
        let shifted = graph.add(.add, x, graph.addConstant(5e7))
        let shiftCheck = GradientCheck(graph: graph, root: shifted).check(x, analytic: 1)
        #expect(shiftCheck.verdict == .agrees, "\(shiftCheck)")

        var sine = Graph()
        let big = sine.addLeaf(1e8)
        let wave = sine.add(.sin, big)
        let waveCheck = GradientCheck(graph: sine, root: wave).check(big, analytic: cos(1e8))
        #expect(waveCheck.verdict == .agrees, "\(waveCheck)")
        // A wrong gradient there is not accused unless the runs that can see agree on it.
        let wrongWave = GradientCheck(graph: sine, root: wave).check(big, analytic: 0.5)
        #expect(wrongWave.verdict == .mismatch || wrongWave.verdict == .imprecise)

        var tiny = Graph()
        let small = tiny.addLeaf(1e-160)
        let product = tiny.add(
            .multiply, tiny.add(.multiply, small, small), tiny.addConstant(1e300))
        let tinyCheck = GradientCheck(graph: tiny, root: product).check(small, analytic: 2e140)
        #expect(tinyCheck.verdict == .imprecise, "\(tinyCheck)")
    }

    /// `a = a + 1`, 100 times: 201 nodes in the order a, 1, +, 1, +, …; each leaf re-evaluates
    /// the nodes from its own place on: a all 201, the k-th constant (at place 2k − 1)
    /// 202 − 2k, so 201 + 100 · 202 − 2 · 5,050 = 10,301 in all.
    @Test("past its budget the check takes evenly spaced inputs, the first among them")
    func budget() {
        var graph = Graph()
        var a = graph.addLeaf(1, label: "a")
        for _ in 0..<100 { a = graph.add(.add, a, graph.addConstant(1)) }
        let check = GradientCheck(graph: graph, root: a)
        let all = check.leaves
        #expect(all.count == 101)
        #expect(check.leaves(within: 10_301) == all)
        #expect(check.leaves(within: 10_300).count < all.count)
        let quarter = check.leaves(within: 10_301 / 4)
        // A stride of ⌈10,301 / 2,575⌉ = 5: leaves 0, 5, 10, …, 100.
        #expect(quarter == stride(from: 0, to: 101, by: 5).map { all[$0] })
        let results = check.run(gradients: graph.backward(from: a), leaves: quarter)
        #expect(results.allSatisfy { $0.verdict == .agrees })
    }

    @Test("a leaf whose perturbation crosses relu's or abs's kink is flagged, not failed")
    func kinkIsFlagged() {
        for operation in [Op.relu, .abs] {
            var graph = Graph()
            let x = graph.addLeaf(1.0, label: "x")
            let y = graph.addLeaf(-1.0, label: "y")
            let sum = graph.add(.add, x, y)
            let root = graph.add(operation, sum)
            let results = GradientCheck(graph: graph, root: root).run(
                gradients: graph.backward(from: root))
            #expect(results.map(\.verdict) == [.kink, .kink])
        }
    }

    @Test("a kink the leaf does not move is not flagged")
    func unmovedKinkIsNotFlagged() {
        var graph = Graph()
        let x = graph.addLeaf(2.0, label: "x")
        let zero = graph.addLeaf(0.0, label: "z")
        let kink = graph.add(.relu, zero)
        let sum = graph.add(.add, kink, x)
        let root = graph.add(.multiply, x, sum)
        let results = GradientCheck(graph: graph, root: root).run(
            gradients: graph.backward(from: root))
        let verdicts = Dictionary(uniqueKeysWithValues: results.map { ($0.leaf, $0.verdict) })
        #expect(verdicts[x] == .agrees)
        #expect(verdicts[zero] == .kink)
    }

    @Test("NaN gradients are reported as not finite")
    func notFinite() {
        var graph = Graph()
        let x = graph.addLeaf(-1.0, label: "x")
        let root = graph.add(.sqrt, x)
        let results = GradientCheck(graph: graph, root: root).run(
            gradients: graph.backward(from: root))
        #expect(results.map(\.verdict) == [.notFinite])
    }
}
