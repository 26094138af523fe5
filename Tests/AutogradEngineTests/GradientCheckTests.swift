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
