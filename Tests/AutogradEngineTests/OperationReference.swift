import AutogradEngine
import Foundation

/// Every operation written out again, by hand and apart from the engine: its value as plain
/// Swift, its partial derivatives as derived on paper (in other forms than the engine's where
/// there is one: tanh′ as 1/cosh², not 1 − tanh²), and points inside its domain to check it at.
///
/// The operation tests hold the engine to this table, and the reference backpropagation
/// (`ReferenceBackprop`) uses it instead of the engine's derivatives. An operation missing here
/// fails the coverage test.
struct OperationReference: Sendable {
    /// The value at the inputs `x` with exponent `k`.
    let value: @Sendable (_ x: [Double], _ k: Double) -> Double
    /// The partial derivative with respect to each input.
    let derivatives: @Sendable (_ x: [Double], _ k: Double) -> [Double]
    /// Points to check at: the inputs, and the exponent for operations that hold one.
    let points: [(inputs: [Double], exponent: Double)]

    init(
        _ points: [[Double]], exponents: [Double] = [0],
        value: @escaping @Sendable ([Double], Double) -> Double,
        derivatives: @escaping @Sendable ([Double], Double) -> [Double]
    ) {
        self.points = exponents.flatMap { k in points.map { ($0, k) } }
        self.value = value
        self.derivatives = derivatives
    }

    /// The references of every operation that has inputs.
    static let all: [Op: OperationReference] = [
        .add: OperationReference(
            [[1.5, -2], [-0.3, 0.7], [4, 4]], value: { x, _ in x[0] + x[1] },
            derivatives: { _, _ in [1, 1] }),
        .subtract: OperationReference(
            [[1.5, -2], [-0.3, 0.7], [4, 4]], value: { x, _ in x[0] - x[1] },
            derivatives: { _, _ in [1, -1] }),
        .multiply: OperationReference(
            [[1.5, -2], [-0.3, 0.7], [4, 4]], value: { x, _ in x[0] * x[1] },
            derivatives: { x, _ in [x[1], x[0]] }),
        .divide: OperationReference(
            [[3, 2], [-1, 0.25], [0.5, -4]], value: { x, _ in x[0] / x[1] },
            derivatives: { x, _ in [1 / x[1], -x[0] / (x[1] * x[1])] }),
        .negate: OperationReference(
            [[0.7], [-3]], value: { x, _ in -x[0] }, derivatives: { _, _ in [-1] }),
        .power: OperationReference(
            [[2], [0.7], [-1.5]], exponents: [3, -1, 2],
            value: { x, k in Foundation.pow(x[0], k) },
            derivatives: { x, k in [k * Foundation.pow(x[0], k - 1)] }),
        .nodePower: OperationReference(
            [[2, 3], [0.5, -1.5], [3, 0.5]], value: { x, _ in Foundation.pow(x[0], x[1]) },
            derivatives: { x, _ in
                [
                    x[1] * Foundation.pow(x[0], x[1] - 1),
                    Foundation.pow(x[0], x[1]) * Foundation.log(x[0]),
                ]
            }),
        .tanh: OperationReference(
            [[0.5], [-1.2], [0]], value: { x, _ in Foundation.tanh(x[0]) },
            derivatives: { x, _ in [1 / (Foundation.cosh(x[0]) * Foundation.cosh(x[0]))] }),
        .exp: OperationReference(
            [[1], [-2], [0.3]], value: { x, _ in Foundation.exp(x[0]) },
            derivatives: { x, _ in [Foundation.exp(x[0])] }),
        .log: OperationReference(
            [[2], [0.1], [10]], value: { x, _ in Foundation.log(x[0]) },
            derivatives: { x, _ in [1 / x[0]] }),
        .relu: OperationReference(
            [[1.5], [-1.5], [0.01]], value: { x, _ in max(x[0], 0) },
            derivatives: { x, _ in [x[0] > 0 ? 1 : 0] }),
        .sigmoid: OperationReference(
            [[0], [2], [-3]], value: { x, _ in 1 / (1 + Foundation.exp(-x[0])) },
            derivatives: { x, _ in
                let e = Foundation.exp(-x[0])
                return [e / ((1 + e) * (1 + e))]
            }),
        .sin: OperationReference(
            [[0], [1], [-2.5]], value: { x, _ in Foundation.sin(x[0]) },
            derivatives: { x, _ in [Foundation.cos(x[0])] }),
        .cos: OperationReference(
            [[Double.pi / 2], [0.3], [-1]], value: { x, _ in Foundation.cos(x[0]) },
            derivatives: { x, _ in [-Foundation.sin(x[0])] }),
        .sqrt: OperationReference(
            [[4], [0.09], [2]], value: { x, _ in x[0].squareRoot() },
            derivatives: { x, _ in [0.5 / x[0].squareRoot()] }),
        .abs: OperationReference(
            [[-3], [2], [0.4]], value: { x, _ in Swift.abs(x[0]) },
            derivatives: { x, _ in [x[0] > 0 ? 1 : -1] }),
        .gelu: OperationReference(
            [[0.5], [-1.3], [2.2], [0]],
            value: { x, _ in
                let u = (2 / Double.pi).squareRoot() * (x[0] + 0.044715 * Foundation.pow(x[0], 3))
                return x[0] * (1 + Foundation.tanh(u)) / 2
            },
            derivatives: { x, _ in
                // d/dx of x·(1 + tanh u)/2 with u′ = √(2/π)·(1 + 3·0.044715·x²), and
                // tanh′ = 1/cosh².
                let c = (2 / Double.pi).squareRoot()
                let u = c * (x[0] + 0.044715 * Foundation.pow(x[0], 3))
                let du = c * (1 + 3 * 0.044715 * x[0] * x[0])
                let cosh = Foundation.cosh(u)
                return [(1 + Foundation.tanh(u)) / 2 + x[0] * du / (2 * cosh * cosh)]
            }),
    ]
}
