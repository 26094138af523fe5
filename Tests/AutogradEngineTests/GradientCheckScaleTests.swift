import AutogradEngine
import Foundation
import Testing

/// Numeric estimates that measure nothing: an error bar as large as the estimate, from a
/// function that oscillates faster than any step the check takes. Each was once a MISMATCH
/// on a right gradient; each must be `imprecise`, and the analytic gradients here are derived
/// by hand (the chain rule), not by the engine under test.
@Suite("Gradient check: estimates too coarse to judge")
struct GradientCheckScaleTests {
    /// `y = op2(op1(x))` at `x`, checked against `analytic`.
    private func check(
        _ x: Double, _ inner: Op, _ outer: Op, exponent: Double? = nil,
        analytic: Double
    ) -> GradientCheck.LeafResult {
        var graph = Graph()
        let leaf = graph.addLeaf(x, label: "x")
        let middle = graph.add(inner, leaf, exponent: exponent)
        let root = graph.add(outer, middle)
        return GradientCheck(graph: graph, root: root).check(leaf, analytic: analytic)
    }

    /// d cos(eˣ)/dx = −sin(eˣ)·eˣ, about −1.9·10⁸ at x = 20: the estimate was −0.38 ± 0.78,
    /// precise only against a tolerance scaled by the analytic value.
    @Test("cos(exp(x)) at 20 is imprecise, not a mismatch")
    func cosineOfExponential() {
        let analytic = -sin(exp(20.0)) * exp(20.0)
        let result = check(20, .exp, .cos, analytic: analytic)
        #expect(result.verdict == .imprecise, "\(result)")
    }

    /// d sin(x⁸)/dx = cos(x⁸)·8x⁷ at x = 10, about −2.9·10⁷.
    @Test("sin(x ** 8) at 10 is imprecise, not a mismatch")
    func sineOfPower() {
        let analytic = cos(pow(10.0, 8)) * 8 * pow(10.0, 7)
        var graph = Graph()
        let leaf = graph.addLeaf(10, label: "x")
        let power = graph.add(.power, leaf, exponent: 8)
        let root = graph.add(.sin, power)
        let result = GradientCheck(graph: graph, root: root).check(leaf, analytic: analytic)
        #expect(result.verdict == .imprecise, "\(result)")
    }

    /// d sin(x)/dx = cos(10¹⁵): every step the check takes (10¹⁴, 0.1 below the spacing of
    /// doubles there, 10¹²) spans many periods, and the estimate 1.4·10⁻¹⁴ ± 2.3·10⁻¹⁵ is
    /// noise over a huge step.
    @Test("sin(x) at 1e15 is imprecise, not a mismatch")
    func sineFarOut() {
        var graph = Graph()
        let leaf = graph.addLeaf(1e15, label: "x")
        let root = graph.add(.sin, leaf)
        let result = GradientCheck(graph: graph, root: root).check(leaf, analytic: cos(1e15))
        #expect(result.verdict == .imprecise, "\(result)")
    }

    @Test("sin(exp(x)) is imprecise from 8 to 16", arguments: [8.0, 10, 12, 14, 16])
    func sineOfExponential(_ x: Double) {
        let result = check(x, .exp, .sin, analytic: cos(exp(x)) * exp(x))
        #expect(result.verdict == .imprecise || result.verdict == .agrees, "\(result)")
        #expect(result.verdict != .mismatch)
    }

    /// The same functions where the steps resolve them still judge: right agrees, wrong is
    /// caught.
    @Test("where the steps resolve the function, a wrong gradient is still a mismatch")
    func stillCatches() {
        let analytic = -sin(exp(1.0)) * exp(1.0)
        #expect(check(1, .exp, .cos, analytic: analytic).verdict == .agrees)
        #expect(check(1, .exp, .cos, analytic: analytic * 1.01).verdict == .mismatch)
        var graph = Graph()
        let leaf = graph.addLeaf(1e10, label: "x")
        let root = graph.add(.log, leaf)
        let gradientCheck = GradientCheck(graph: graph, root: root)
        #expect(gradientCheck.check(leaf, analytic: 1e-10).verdict == .agrees)
        // Slopes agree within 10⁻⁶ absolute below 1 (the tolerance), so wrong means past that.
        #expect(gradientCheck.check(leaf, analytic: 1e-10 + 1e-4).verdict == .mismatch)
    }
}
