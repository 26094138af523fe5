import Foundation

/// What a node computes from its inputs: the operations of the `.ag` language.
///
/// Each operation's forward value and its local derivatives live side by side in this file
/// (in `Op.Code`), as micrograd keeps `out` and `_backward` together: adding an operation is
/// an edit to this file only.
public enum Op: Hashable, Sendable {
    /// A named input (`a = 2.0`, `Value(2.0)`).
    case leaf
    /// An unnamed constant inside a larger expression (`x * 3`).
    case constant
    /// `a + b`.
    case add
    /// `a - b`.
    case subtract
    /// `a * b`.
    case multiply
    /// `a / b`.
    case divide
    /// `-a`.
    case negate
    /// `a ** k` with a constant exponent `k` that belongs to the operation.
    case power(exponent: Double)
    /// `a ** b` where the exponent `b` is itself a node.
    case pow
    /// `tanh(a)`.
    case tanh
    /// `exp(a)`.
    case exp
    /// `log(a)`, the natural logarithm.
    case log
    /// `relu(a)`.
    case relu
    /// `sigmoid(a)`.
    case sigmoid
    /// `sin(a)`.
    case sin
    /// `cos(a)`.
    case cos
    /// `sqrt(a)`.
    case sqrt
    /// `abs(a)`.
    case abs

    /// The one-input functions callable as `f(x)` or `x.f()`, by their `.ag` name.
    public static let functions: [String: Op] = [
        "tanh": .tanh, "exp": .exp, "log": .log, "relu": .relu, "sigmoid": .sigmoid,
        "sin": .sin, "cos": .cos, "sqrt": .sqrt, "abs": .abs,
    ]

    /// How many inputs a node of this operation has.
    @inlinable public var arity: Int {
        switch self {
        case .leaf, .constant: 0
        case .add, .subtract, .multiply, .divide, .pow: 2
        case .negate, .power, .tanh, .exp, .log, .relu, .sigmoid, .sin, .cos, .sqrt, .abs: 1
        }
    }

    /// The operation's name as `.ag` spells it and the JSON trace writes it.
    public var spelling: String {
        switch self {
        case .leaf: "leaf"
        case .constant: "const"
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .negate: "neg"
        case .power: "**"
        case .pow: "pow"
        case .tanh: "tanh"
        case .exp: "exp"
        case .log: "log"
        case .relu: "relu"
        case .sigmoid: "sigmoid"
        case .sin: "sin"
        case .cos: "cos"
        case .sqrt: "sqrt"
        case .abs: "abs"
        }
    }

    /// The local derivative of the output with respect to each input, as a formula for people.
    ///
    /// `x` and `y` name the first and second input, `out` the node's value.
    public var derivativeFormula: String {
        switch self {
        case .leaf, .constant: "no inputs"
        case .add: "∂/∂x = 1, ∂/∂y = 1"
        case .subtract: "∂/∂x = 1, ∂/∂y = −1"
        case .multiply: "∂/∂x = y, ∂/∂y = x"
        case .divide: "∂/∂x = 1/y, ∂/∂y = −x/y²"
        case .negate: "∂/∂x = −1"
        case .power(let k): "∂/∂x = k·xᵏ⁻¹, k = \(k)"
        case .pow: "∂/∂x = y·xʸ⁻¹, ∂/∂y = out·ln x"
        case .tanh: "∂tanh/∂x = 1 − out²"
        case .exp: "∂exp/∂x = out"
        case .log: "∂log/∂x = 1/x"
        case .relu: "∂relu/∂x = 1 if out > 0 else 0"
        case .sigmoid: "∂σ/∂x = out·(1 − out)"
        case .sin: "∂sin/∂x = cos x"
        case .cos: "∂cos/∂x = −sin x"
        case .sqrt: "∂sqrt/∂x = 1/(2·out)"
        case .abs: "∂abs/∂x = sign(x), 0 at 0"
        }
    }

    /// The forward value from the inputs' values; `b` is ignored by one-input operations.
    ///
    /// Leaves and constants have no inputs: their value is stored, not computed.
    @inlinable public func value(_ a: Double, _ b: Double) -> Double {
        code.value(a, b, exponent: exponent)
    }

    /// The local derivative of the output with respect to each input, given the inputs'
    /// values and the node's own value `out`; the second is 0 for one-input operations.
    @inlinable public func localDerivatives(_ a: Double, _ b: Double, out: Double) -> (
        Double, Double
    ) {
        code.localDerivatives(a, b, out: out, exponent: exponent)
    }

    /// The operation without its payload, as the arena stores it: one byte a node.
    @usableFromInline var code: Code {
        switch self {
        case .leaf: .leaf
        case .constant: .constant
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .negate: .negate
        case .power: .power
        case .pow: .pow
        case .tanh: .tanh
        case .exp: .exp
        case .log: .log
        case .relu: .relu
        case .sigmoid: .sigmoid
        case .sin: .sin
        case .cos: .cos
        case .sqrt: .sqrt
        case .abs: .abs
        }
    }

    /// The constant exponent of `a ** k`, 0 for every other operation.
    @usableFromInline var exponent: Double {
        if case .power(let exponent) = self { return exponent }
        return 0
    }

    /// The operation of a stored code; `exponent` is used by `**` only.
    @usableFromInline init(code: Code, exponent: Double) {
        switch code {
        case .leaf: self = .leaf
        case .constant: self = .constant
        case .add: self = .add
        case .subtract: self = .subtract
        case .multiply: self = .multiply
        case .divide: self = .divide
        case .negate: self = .negate
        case .power: self = .power(exponent: exponent)
        case .pow: self = .pow
        case .tanh: self = .tanh
        case .exp: self = .exp
        case .log: self = .log
        case .relu: self = .relu
        case .sigmoid: self = .sigmoid
        case .sin: self = .sin
        case .cos: self = .cos
        case .sqrt: self = .sqrt
        case .abs: self = .abs
        }
    }

    /// The operations as codes. Each one's forward value and local derivatives sit side by
    /// side here, as micrograd keeps `out` and `_backward` together.
    @usableFromInline enum Code: UInt8, Sendable {
        case leaf, constant, add, subtract, multiply, divide, negate, power, pow
        case tanh, exp, log, relu, sigmoid, sin, cos, sqrt, abs

        /// The forward value; `k` is the exponent of `a ** k`.
        @inlinable func value(_ a: Double, _ b: Double, exponent k: Double) -> Double {
            switch self {
            case .leaf, .constant: a
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            case .negate: -a
            case .power: Foundation.pow(a, k)
            case .pow: Foundation.pow(a, b)
            case .tanh: Foundation.tanh(a)
            case .exp: Foundation.exp(a)
            case .log: Foundation.log(a)
            case .relu: a < 0 ? 0 : a
            case .sigmoid: 1 / (1 + Foundation.exp(-a))
            case .sin: Foundation.sin(a)
            case .cos: Foundation.cos(a)
            case .sqrt: Foundation.sqrt(a)
            case .abs: Swift.abs(a)
            }
        }

        /// The local derivatives with respect to each input, given the inputs' values and
        /// the node's own value `out`; `k` is the exponent of `a ** k`.
        @inlinable func localDerivatives(_ a: Double, _ b: Double, out: Double, exponent k: Double)
            -> (Double, Double)
        {
            switch self {
            case .leaf, .constant: (0, 0)
            case .add: (1, 1)
            case .subtract: (1, -1)
            case .multiply: (b, a)
            case .divide: (1 / b, -a / (b * b))
            case .negate: (-1, 0)
            case .power: (k * Foundation.pow(a, k - 1), 0)
            case .pow: (b * Foundation.pow(a, b - 1), out * Foundation.log(a))
            case .tanh: (1 - out * out, 0)
            case .exp: (out, 0)
            case .log: (1 / a, 0)
            case .relu: (out > 0 ? 1 : 0, 0)
            case .sigmoid: (out * (1 - out), 0)
            case .sin: (Foundation.cos(a), 0)
            case .cos: (-Foundation.sin(a), 0)
            case .sqrt: (1 / (2 * out), 0)
            case .abs: (a > 0 ? 1 : a < 0 ? -1 : a.isNaN ? .nan : 0, 0)
            }
        }
    }

    /// Whether the operation has a kink, a point where it is not differentiable (relu and abs
    /// at 0), so that a finite difference across it cannot agree with the analytic gradient.
    @inlinable public var hasKinkAtZero: Bool {
        switch self {
        case .relu, .abs: true
        default: false
        }
    }
}
