import AutogradEngine
import Foundation
import Testing

/// One operation at one point: its value and partial derivatives written out by hand, and the
/// same function in plain Swift for finite differences.
struct OperationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let operation: Op
    let inputs: [Double]
    let function: @Sendable ([Double]) -> Double
    let handDerivatives: [Double]

    var testDescription: String { "\(name) at \(inputs)" }
}

@Suite("Operation gradients")
struct OperationGradientTests {
    static let cases: [OperationCase] = [
        OperationCase(
            name: "a + b", operation: .add, inputs: [1.5, -2], function: { $0[0] + $0[1] },
            handDerivatives: [1, 1]),
        OperationCase(
            name: "a - b", operation: .subtract, inputs: [1.5, -2], function: { $0[0] - $0[1] },
            handDerivatives: [1, -1]),
        OperationCase(
            name: "a * b", operation: .multiply, inputs: [1.5, -2], function: { $0[0] * $0[1] },
            handDerivatives: [-2, 1.5]),
        OperationCase(
            name: "a / b", operation: .divide, inputs: [3, 2], function: { $0[0] / $0[1] },
            handDerivatives: [0.5, -0.75]),
        OperationCase(
            name: "-a", operation: .negate, inputs: [0.7], function: { -$0[0] },
            handDerivatives: [-1]),
        OperationCase(
            name: "a ** 3", operation: .power(exponent: 3), inputs: [2],
            function: { $0[0] * $0[0] * $0[0] }, handDerivatives: [12]),
        OperationCase(
            name: "a ** -1", operation: .power(exponent: -1), inputs: [2], function: { 1 / $0[0] },
            handDerivatives: [-0.25]),
        OperationCase(
            name: "a ** 0.5", operation: .power(exponent: 0.5), inputs: [4],
            function: { $0[0].squareRoot() }, handDerivatives: [0.25]),
        OperationCase(
            name: "a ** b", operation: .pow, inputs: [2, 3], function: { pow($0[0], $0[1]) },
            handDerivatives: [12, 8 * M_LN2]),
        OperationCase(
            name: "tanh", operation: .tanh, inputs: [0.5], function: { tanh($0[0]) },
            handDerivatives: [1 / pow(cosh(0.5), 2)]),
        OperationCase(
            name: "exp", operation: .exp, inputs: [1], function: { exp($0[0]) },
            handDerivatives: [M_E]),
        OperationCase(
            name: "log", operation: .log, inputs: [2], function: { log($0[0]) },
            handDerivatives: [0.5]),
        OperationCase(
            name: "relu above 0", operation: .relu, inputs: [1.5], function: { max($0[0], 0) },
            handDerivatives: [1]),
        OperationCase(
            name: "relu below 0", operation: .relu, inputs: [-1.5], function: { max($0[0], 0) },
            handDerivatives: [0]),
        OperationCase(
            name: "sigmoid", operation: .sigmoid, inputs: [0], function: { 1 / (1 + exp(-$0[0])) },
            handDerivatives: [0.25]),
        OperationCase(
            name: "sin", operation: .sin, inputs: [0], function: { sin($0[0]) },
            handDerivatives: [1]),
        OperationCase(
            name: "cos", operation: .cos, inputs: [Double.pi / 2], function: { cos($0[0]) },
            handDerivatives: [-1]),
        OperationCase(
            name: "sqrt", operation: .sqrt, inputs: [4], function: { $0[0].squareRoot() },
            handDerivatives: [0.25]),
        OperationCase(
            name: "abs below 0", operation: .abs, inputs: [-3], function: { abs($0[0]) },
            handDerivatives: [-1]),
        OperationCase(
            name: "abs above 0", operation: .abs, inputs: [2], function: { abs($0[0]) },
            handDerivatives: [1]),
    ]

    /// The graph `operation(inputs…)` and its gradients.
    static func differentiate(_ testCase: OperationCase) -> (value: Double, grads: [Double]) {
        var graph = Graph()
        let leaves = testCase.inputs.map { graph.addLeaf($0) }
        let node =
            leaves.count == 1
            ? graph.add(testCase.operation, leaves[0])
            : graph.add(testCase.operation, leaves[0], leaves[1])
        let gradients = graph.backward(from: node)
        return (graph.value(of: node), leaves.map { gradients[$0] })
    }

    @Test("value and gradients agree with hand-derived values", arguments: cases)
    func handDerived(_ testCase: OperationCase) {
        let (value, grads) = Self.differentiate(testCase)
        #expect(isClose(value, testCase.function(testCase.inputs), tolerance: 1e-14))
        for (grad, expected) in zip(grads, testCase.handDerivatives) {
            #expect(isClose(grad, expected, tolerance: 1e-14))
        }
    }

    @Test("gradients agree with central differences of the plain function", arguments: cases)
    func finiteDifferences(_ testCase: OperationCase) {
        let (_, grads) = Self.differentiate(testCase)
        for position in testCase.inputs.indices {
            let numeric = centralDifference(
                { x in
                    var point = testCase.inputs
                    point[position] = x
                    return testCase.function(point)
                }, at: testCase.inputs[position])
            #expect(isClose(grads[position], numeric, tolerance: 1e-7))
        }
    }

    @Test("relu and abs at exactly 0 pass no gradient, as micrograd's relu does")
    func kinksAtZero() {
        for operation in [Op.relu, .abs] {
            var graph = Graph()
            let x = graph.addLeaf(0)
            let node = graph.add(operation, x)
            #expect(graph.backward(from: node)[x] == 0)
        }
    }

    @Test("IEEE values are kept, never a trap: log(-1) is NaN, 1/0 is infinity")
    func ieeeValues() {
        var graph = Graph()
        let minusOne = graph.addLeaf(-1)
        let zero = graph.addLeaf(0)
        let one = graph.addLeaf(1)
        let logarithm = graph.add(.log, minusOne)
        let quotient = graph.add(.divide, one, zero)
        #expect(graph.value(of: logarithm).isNaN)
        #expect(graph.value(of: quotient) == .infinity)
        let gradients = graph.backward(from: quotient)
        #expect(gradients[one] == .infinity)
        // d(1/b)/db = −1/b², which is −∞ at b = 0.
        #expect(gradients[zero] == -.infinity)
    }
}
