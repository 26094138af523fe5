#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a node computes from its inputs: the operations of the `.ag` language.
///
/// Everything about an operation (its spelling, its inputs, its forward value, its local
/// derivatives and the formula people read) is one `Definition`, written once at the end of
/// this file, as micrograd's `__mul__` holds `out` and `_backward` together. The reader, the
/// reports, the screen and the tests read those definitions; adding an operation is a case
/// here and its definition below.
public enum Op: UInt8, CaseIterable, Sendable {
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
    /// `a ** k` with a constant exponent `k`, which the node holds (micrograd's `**k` node).
    case power
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
}

extension Op {
    /// How `.ag` writes a node of an operation.
    public enum Notation: Sendable, Equatable {
        /// A leaf or a constant: a number, no inputs.
        case input
        /// `a symbol b`; for an operation with an exponent, `a symbol k`.
        case infix(String)
        /// `symbol a`.
        case prefix(String)
        /// `name(a)` or `a.name()`, where the name is the spelling.
        case function
    }

    /// The forward value from the inputs' values `a` and `b` and the exponent `k`; an
    /// argument an operation does not take is 0. A C function pointer: the loops over a
    /// million nodes call it without retaining a closure context.
    public typealias ValueFunction =
        @convention(c) (_ a: Double, _ b: Double, _ k: Double) -> Double

    /// The local derivative with respect to one input, from the inputs' values `a` and `b`,
    /// the node's own value `out` and the exponent `k`.
    public typealias DerivativeFunction =
        @convention(c) (_ a: Double, _ b: Double, _ out: Double, _ k: Double) -> Double

    /// The local derivative with respect to one input: as a formula for people, and as code.
    public struct LocalDerivative: Sendable {
        /// The formula in `a` and `b` (the inputs), `out` (the node's value) and `k` (the
        /// exponent), written in ASCII: `*` multiplies, `^` raises, `-` subtracts.
        /// `FormulaText` renders it for people.
        public let formula: String
        /// The derivative itself.
        public let function: DerivativeFunction
    }

    /// One operation, whole: everything the reader, the engine, the reports and the screen
    /// know about it.
    public struct Definition: Sendable {
        /// The name `.ag` and the JSON trace give it: `+`, `neg`, `**`, `tanh`, `leaf`.
        public let spelling: String
        /// How an expression writes it.
        public let notation: Notation
        /// Whether a node of it holds a constant exponent `k` (`a ** k`).
        public let hasExponent: Bool
        /// Whether it has a kink at 0 (relu and abs), where it is not differentiable, so a
        /// finite difference across 0 cannot agree with the analytic gradient.
        public let hasKinkAtZero: Bool
        /// The forward value.
        public let value: ValueFunction
        /// The local derivative with respect to each input, in input order.
        public let derivatives: [LocalDerivative]

        /// How many inputs a node of it has: 0, 1 or 2 (an exponent is not an input).
        public var arity: Int { derivatives.count }

        init(
            _ spelling: String, _ notation: Notation, hasExponent: Bool = false,
            hasKinkAtZero: Bool = false, value: ValueFunction,
            derivatives: [(String, DerivativeFunction)]
        ) {
            self.spelling = spelling
            self.notation = notation
            self.hasExponent = hasExponent
            self.hasKinkAtZero = hasKinkAtZero
            self.value = value
            self.derivatives = derivatives.map { LocalDerivative(formula: $0, function: $1) }
        }
    }

    /// This operation's definition.
    public var definition: Definition { Self.definitions[Int(rawValue)] }

    /// The name `.ag` and the JSON trace give it.
    public var spelling: String { definition.spelling }

    /// How many inputs a node of this operation has.
    public var arity: Int { Int(evaluator.arity) }

    /// Whether a node of this operation holds a constant exponent (`a ** k`).
    public var hasExponent: Bool { evaluator.hasExponent }

    /// Whether the operation has a kink at 0 (relu and abs).
    public var hasKinkAtZero: Bool { definition.hasKinkAtZero }

    /// The forward value from the inputs' values and the exponent `k`; an argument the
    /// operation does not take is ignored. Leaves and constants have no inputs: their value is
    /// stored, not computed, and this returns `a`.
    public func value(_ a: Double, _ b: Double = 0, exponent k: Double = 0) -> Double {
        evaluator.value(a, b, k)
    }

    /// The local derivatives with respect to each input, given the inputs' values, the node's
    /// own value `out` and the exponent `k`; the second is 0 for one-input operations.
    public func localDerivatives(
        _ a: Double, _ b: Double = 0, out: Double, exponent k: Double = 0
    ) -> (Double, Double) {
        (evaluator.first(a, b, out, k), evaluator.second(a, b, out, k))
    }

    /// The one-input operations written as calls, `name(a)` or `a.name()`.
    public static let functions: [Op] = allCases.filter { $0.definition.notation == .function }

    /// Every definition, by raw value.
    static let definitions: [Definition] = allCases.map(definition(of:))

    /// What the loops over many nodes need of an operation, flat: no strings or arrays to
    /// retain when one is read.
    struct Evaluator {
        let value: ValueFunction
        /// The local derivative with respect to the first input, 0 for leaves.
        let first: DerivativeFunction
        /// With respect to the second input, 0 for operations with fewer.
        let second: DerivativeFunction
        let arity: UInt8
        let hasExponent: Bool
    }

    /// This operation's evaluator.
    var evaluator: Evaluator { Self.evaluators[Int(rawValue)] }

    /// Every operation's evaluator, by raw value.
    static let evaluators: [Evaluator] = definitions.map { definition in
        let zero: DerivativeFunction = { _, _, _, _ in 0 }
        let functions = definition.derivatives.map(\.function)
        return Evaluator(
            value: definition.value, first: functions.first ?? zero,
            second: functions.count > 1 ? functions[1] : zero,
            arity: UInt8(definition.arity), hasExponent: definition.hasExponent)
    }
}

/// The definitions of the operations, one each: for each input, its local derivative as a
/// formula beside the code that computes it.
///
/// This is a function at file scope, not a member of `Op`, so that `tanh(a)` in it is the C
/// library's function and not the case `Op.tanh`.
private func definition(of operation: Op) -> Op.Definition {
    typealias Definition = Op.Definition
    switch operation {
    case .leaf:
        return Definition("leaf", .input, value: { a, _, _ in a }, derivatives: [])
    case .constant:
        return Definition("const", .input, value: { a, _, _ in a }, derivatives: [])
    case .add:
        return Definition(
            "+", .infix("+"), value: { a, b, _ in a + b },
            derivatives: [("1", { _, _, _, _ in 1 }), ("1", { _, _, _, _ in 1 })])
    case .subtract:
        return Definition(
            "-", .infix("-"), value: { a, b, _ in a - b },
            derivatives: [("1", { _, _, _, _ in 1 }), ("-1", { _, _, _, _ in -1 })])
    case .multiply:
        return Definition(
            "*", .infix("*"), value: { a, b, _ in a * b },
            derivatives: [("b", { _, b, _, _ in b }), ("a", { a, _, _, _ in a })])
    case .divide:
        return Definition(
            "/", .infix("/"), value: { a, b, _ in a / b },
            derivatives: [
                ("1/b", { _, b, _, _ in 1 / b }), ("-a/b^2", { a, b, _, _ in -a / (b * b) }),
            ])
    case .negate:
        return Definition(
            "neg", .prefix("-"), value: { a, _, _ in -a },
            derivatives: [("-1", { _, _, _, _ in -1 })])
    case .power:
        return Definition(
            "**", .infix("**"), hasExponent: true, value: { a, _, k in pow(a, k) },
            derivatives: [("k*a^(k-1)", { a, _, _, k in k * pow(a, k - 1) })])
    case .pow:
        return Definition(
            "pow", .infix("**"), value: { a, b, _ in pow(a, b) },
            derivatives: [
                ("b*a^(b-1)", { a, b, _, _ in b * pow(a, b - 1) }),
                ("out*ln a", { a, _, out, _ in out * log(a) }),
            ])
    case .tanh:
        return Definition(
            "tanh", .function, value: { a, _, _ in tanh(a) },
            derivatives: [("1 - out^2", { _, _, out, _ in 1 - out * out })])
    case .exp:
        return Definition(
            "exp", .function, value: { a, _, _ in exp(a) },
            derivatives: [("out", { _, _, out, _ in out })])
    case .log:
        return Definition(
            "log", .function, value: { a, _, _ in log(a) },
            derivatives: [("1/a", { a, _, _, _ in 1 / a })])
    case .relu:
        return Definition(
            "relu", .function, hasKinkAtZero: true, value: { a, _, _ in a < 0 ? 0 : a },
            derivatives: [("1 if out > 0 else 0", { _, _, out, _ in out > 0 ? 1 : 0 })])
    case .sigmoid:
        return Definition(
            "sigmoid", .function, value: { a, _, _ in 1 / (1 + exp(-a)) },
            derivatives: [("out*(1 - out)", { _, _, out, _ in out * (1 - out) })])
    case .sin:
        return Definition(
            "sin", .function, value: { a, _, _ in sin(a) },
            derivatives: [("cos a", { a, _, _, _ in cos(a) })])
    case .cos:
        return Definition(
            "cos", .function, value: { a, _, _ in cos(a) },
            derivatives: [("-sin a", { a, _, _, _ in -sin(a) })])
    case .sqrt:
        return Definition(
            "sqrt", .function, value: { a, _, _ in sqrt(a) },
            derivatives: [("1/(2*out)", { _, _, out, _ in 1 / (2 * out) })])
    case .abs:
        return Definition(
            "abs", .function, hasKinkAtZero: true, value: { a, _, _ in Swift.abs(a) },
            derivatives: [
                ("sign(a), 0 at 0", { a, _, _, _ in a > 0 ? 1 : a < 0 ? -1 : a.isNaN ? .nan : 0 })
            ])
    }
}
