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
    case nodePower
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
    /// `gelu(a)`, in the tanh approximation that GPT-2 and learners' engines use.
    case gelu
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
        /// Whether swapping its two inputs changes neither its value nor, swapped likewise,
        /// its local derivatives (`+` and `*`).
        public let isCommutative: Bool
        /// The forward value.
        public let value: ValueFunction
        /// The local derivative with respect to each input, in input order.
        public let derivatives: [LocalDerivative]
        /// The Python methods of an engine's value class that make a node of it from `self`
        /// and then the other arguments, in that order (`__sub__` makes `self - other`), the
        /// one micrograd's engine holds its `_backward` in first. Compared folded
        /// (`Op.folded`): `__ReLU__` is `relu`.
        public let pythonMethods: [String]
        /// The Python methods that make a node of it with the operands the other way round
        /// (`__rsub__` makes `other - self`).
        public let reflectedPythonMethods: [String]
        /// The operation strings engines store for it, folded, besides `spelling`.
        public let engineSpellings: [String]

        /// How many inputs a node of it has: 0, 1 or 2 (an exponent is not an input).
        public var arity: Int { derivatives.count }

        init(
            _ spelling: String, _ notation: Notation, hasExponent: Bool = false,
            hasKinkAtZero: Bool = false, isCommutative: Bool = false, value: ValueFunction,
            derivatives: [(String, DerivativeFunction)], python methods: [String] = [],
            reflected: [String] = [], engines spellings: [String] = []
        ) {
            self.spelling = spelling
            self.notation = notation
            self.hasExponent = hasExponent
            self.hasKinkAtZero = hasKinkAtZero
            self.isCommutative = isCommutative
            self.value = value
            self.derivatives = derivatives.map { LocalDerivative(formula: $0, function: $1) }
            pythonMethods = methods
            reflectedPythonMethods = reflected
            engineSpellings = spellings
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

    /// `name` as the definitions list Python names and engines' operation strings: lower case,
    /// without the underscores and spaces around it (`__add__` is `add`, `_ReLU` is `relu`).
    public static func folded(_ name: String) -> String {
        let trimmed = name.lowercased().drop { $0 == "_" || $0 == " " }
        var end = trimmed.endIndex
        while end > trimmed.startIndex {
            let previous = trimmed.index(before: end)
            guard trimmed[previous] == "_" || trimmed[previous] == " " else { break }
            end = previous
        }
        return String(trimmed[..<end])
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
            "+", .infix("+"), isCommutative: true, value: { a, b, _ in a + b },
            derivatives: [("1", { _, _, _, _ in 1 }), ("1", { _, _, _, _ in 1 })],
            python: ["__add__", "__radd__", "__iadd__"], engines: ["add", "plus", "sum"])
    case .subtract:
        return Definition(
            "-", .infix("-"), value: { a, b, _ in a - b },
            derivatives: [("1", { _, _, _, _ in 1 }), ("-1", { _, _, _, _ in -1 })],
            python: ["__sub__", "__isub__"], reflected: ["__rsub__"],
            engines: ["sub", "minus", "subtract"])
    case .multiply:
        return Definition(
            "*", .infix("*"), isCommutative: true, value: { a, b, _ in a * b },
            derivatives: [("b", { _, b, _, _ in b }), ("a", { a, _, _, _ in a })],
            python: ["__mul__", "__rmul__", "__imul__"],
            engines: ["mul", "times", "multiply", "prod", "×", "·"])
    case .divide:
        return Definition(
            "/", .infix("/"), value: { a, b, _ in a / b },
            derivatives: [
                ("1/b", { _, b, _, _ in 1 / b }), ("-a/b^2", { a, b, _, _ in -a / (b * b) }),
            ], python: ["__truediv__", "__div__", "__itruediv__"],
            reflected: ["__rtruediv__", "__rdiv__"],
            engines: ["div", "truediv", "divide", "÷"])
    case .negate:
        return Definition(
            "neg", .prefix("-"), value: { a, _, _ in -a },
            derivatives: [("-1", { _, _, _, _ in -1 })], python: ["__neg__"],
            engines: ["neg", "negate", "-x", "unary -"])
    case .power:
        return Definition(
            "**", .infix("**"), hasExponent: true, value: { a, _, k in pow(a, k) },
            derivatives: [("k*a^(k-1)", { a, _, _, k in k * pow(a, k - 1) })],
            python: ["__pow__", "__ipow__"])
    case .nodePower:
        return Definition(
            "pow", .infix("**"), value: { a, b, _ in pow(a, b) },
            derivatives: [
                ("b*a^(b-1)", { a, b, _, _ in b * pow(a, b - 1) }),
                ("out*ln a", { a, _, out, _ in out * log(a) }),
            ], python: ["__pow__", "__ipow__"], reflected: ["__rpow__"])
    case .tanh:
        return Definition(
            "tanh", .function, value: { a, _, _ in tanh(a) },
            derivatives: [("1 - out^2", { _, _, out, _ in 1 - out * out })], python: ["tanh"])
    case .exp:
        return Definition(
            "exp", .function, value: { a, _, _ in exp(a) },
            derivatives: [("out", { _, _, out, _ in out })], python: ["exp"], engines: ["e^x"])
    case .log:
        return Definition(
            "log", .function, value: { a, _, _ in log(a) },
            derivatives: [("1/a", { a, _, _, _ in 1 / a })], python: ["log", "ln"],
            engines: ["ln"])
    case .relu:
        return Definition(
            "relu", .function, hasKinkAtZero: true, value: { a, _, _ in a < 0 ? 0 : a },
            derivatives: [("1 if out > 0 else 0", { _, _, out, _ in out > 0 ? 1 : 0 })],
            python: ["relu"])
    case .sigmoid:
        return Definition(
            "sigmoid", .function, value: { a, _, _ in 1 / (1 + exp(-a)) },
            derivatives: [("out*(1 - out)", { _, _, out, _ in out * (1 - out) })],
            python: ["sigmoid"], engines: ["σ"])
    case .sin:
        return Definition(
            "sin", .function, value: { a, _, _ in sin(a) },
            derivatives: [("cos a", { a, _, _, _ in cos(a) })], python: ["sin"])
    case .cos:
        return Definition(
            "cos", .function, value: { a, _, _ in cos(a) },
            derivatives: [("-sin a", { a, _, _, _ in -sin(a) })], python: ["cos"])
    case .sqrt:
        return Definition(
            "sqrt", .function, value: { a, _, _ in sqrt(a) },
            derivatives: [("1/(2*out)", { _, _, out, _ in 1 / (2 * out) })], python: ["sqrt"])
    case .abs:
        return Definition(
            "abs", .function, hasKinkAtZero: true, value: { a, _, _ in Swift.abs(a) },
            derivatives: [
                ("sign(a), 0 at 0", { a, _, _, _ in a > 0 ? 1 : a < 0 ? -1 : a.isNaN ? .nan : 0 })
            ], python: ["__abs__", "abs"])
    case .gelu:
        // 0.5·a·(1 + tanh(c·(a + 0.044715·a³))) with c = √(2/π), as GPT-2 approximates it.
        return Definition(
            "gelu", .function,
            value: { a, _, _ in 0.5 * a * (1 + tanh(geluScale * (a + 0.044715 * a * a * a))) },
            derivatives: [
                (
                    "0.5*(1 + t) + 0.5*a*(1 - t^2)*c*(1 + 0.134145*a^2), "
                        + "t = tanh(c*(a + 0.044715*a^3)), c = sqrt(2/pi)",
                    { a, _, _, _ in
                        let t = tanh(geluScale * (a + 0.044715 * a * a * a))
                        return 0.5 * (1 + t)
                            + 0.5 * a * (1 - t * t) * geluScale * (1 + 0.134145 * a * a)
                    }
                )
            ], python: ["gelu"])
    }
}

/// √(2/π), gelu's scale, computed as the Python engines compute it (`math.sqrt(2 / math.pi)`).
private let geluScale = (2 / Double.pi).squareRoot()
