import AutogradEngine
import Foundation
import Testing

@Suite("Value API")
struct ValueTests {
    @Test("micrograd's README example: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773")
    func microgradReadme() {
        let tape = Tape()
        let a = tape.value(-4.0)
        let b = tape.value(2.0)
        var c = a + b
        var d = a * b + b ** 3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        let e = c - d
        let f = e ** 2
        var g = f / 2.0
        g += 10.0 / f
        g.backward()
        // The values micrograd's README prints, to its four decimals.
        #expect(String(format: "%.4f", g.data) == "24.7041")
        #expect(String(format: "%.4f", a.grad) == "138.8338")
        #expect(String(format: "%.4f", b.grad) == "645.5773")
    }

    @Test("operators make the documented nodes, inputs in source order")
    func operatorsMakeNodes() {
        let tape = Tape()
        let x = tape.value(3.0, label: "x")
        let product = 2 * x
        #expect(tape.graph.operation(of: product.id) == .multiply)
        let inputs = Array(tape.graph.inputs(of: product.id))
        #expect(tape.graph.operation(of: inputs[0]) == .constant)
        #expect(inputs[1] == x.id)
        // Build first: `tape.graph` is a value, read when the expression reads it.
        let square = x ** 2
        let power = x ** x
        let negation = -x
        #expect(tape.graph.operation(of: square.id) == .power)
        #expect(tape.graph.exponent(of: square.id) == 2)
        #expect(tape.graph.operation(of: power.id) == .nodePower)
        #expect(tape.graph.operation(of: negation.id) == .negate)
        #expect((x - 1).data == 2 && (1 - x).data == -2 && (x / 2).data == 1.5 && (6 / x).data == 2)
    }

    @Test("a neuron, built like micrograd, against hand-derived gradients")
    func neuron() {
        let tape = Tape()
        let x1 = tape.value(2.0, label: "x1")
        let x2 = tape.value(0.0, label: "x2")
        let w1 = tape.value(-3.0, label: "w1")
        let w2 = tape.value(1.0, label: "w2")
        let b = tape.value(6.8813735870195432, label: "b")
        let n = x1 * w1 + x2 * w2 + b
        n.label = "n"
        let o = n.tanh()
        o.backward()
        // do/dn = 1 − tanh(n)²; n = 0.8813735870195432, where tanh(n) = 1/√2, so do/dn = 0.5.
        #expect(isClose(o.data, 1 / 2.0.squareRoot(), tolerance: 1e-12))
        #expect(isClose(n.grad, 0.5, tolerance: 1e-12))
        #expect(isClose(w1.grad, 2.0 * 0.5, tolerance: 1e-12))
        #expect(isClose(x1.grad, -3.0 * 0.5, tolerance: 1e-12))
        #expect(w2.grad == 0)
        #expect(isClose(x2.grad, 0.5, tolerance: 1e-12))
        #expect(n.label == "n")
    }
}
