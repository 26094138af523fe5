/// The infix operators of `.ag` arithmetic, `+ - * / **`, whole: how tightly each binds and
/// which way it groups (Python's rules, which the reader parses by), and what it computes. The
/// expressions that make nodes and the right-hand sides of updates (`UpdateAmount`) share it.
public enum BinaryOperator: String, CaseIterable, Sendable {
    /// `a + b`.
    case add = "+"
    /// `a - b`.
    case subtract = "-"
    /// `a * b`.
    case multiply = "*"
    /// `a / b`.
    case divide = "/"
    /// `a ** b`.
    case power = "**"

    /// The precedence of unary minus, between `* /` and `**`: `-a * b` is `(-a) * b`, and
    /// `-a ** b` is `-(a ** b)`.
    public static let negationPrecedence = 3

    /// How tightly it binds, higher binding tighter: `+ -` 1, `* /` 2, `**` 4 (unary minus
    /// is `negationPrecedence` between them).
    public var precedence: Int {
        switch self {
        case .add, .subtract: 1
        case .multiply, .divide: 2
        case .power: 4
        }
    }

    /// Whether `a op b op c` groups as `a op (b op c)`: only `**` does.
    public var isRightAssociative: Bool { self == .power }

    /// The operation of a node `a op b` whose inputs are nodes (`**` by a constant is
    /// `Op.power` instead, which holds its exponent).
    public var operation: Op {
        switch self {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .power: .nodePower
        }
    }

    /// `a op b` in 64-bit floating point: the forward value of `operation`, so a folded
    /// constant, an update and a node compute it alike.
    public func apply(_ a: Double, _ b: Double) -> Double {
        operation.value(a, b)
    }
}
