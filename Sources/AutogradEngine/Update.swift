/// One step of gradient descent on one leaf: `w.data += -0.05 * w.grad` (or `-=`).
///
/// A `for` over a list gives one update per node. The delta is computed from the leaf's
/// gradient of the epoch, then added to (or subtracted from) its value exactly as Python does:
/// `old + delta` for `+=`, `old - delta` for `-=`.
public struct Update: Sendable, Equatable {
    /// Whether the statement adds or subtracts its right-hand side.
    public enum Direction: Sendable, Equatable {
        /// `+=`.
        case add
        /// `-=`.
        case subtract
    }

    /// The leaf updated.
    public var node: NodeID
    /// `+=` or `-=`.
    public var direction: Direction
    /// The right-hand side, a function of the leaf's gradient.
    public var amount: UpdateAmount
    /// The 1-based source line of the statement (of the `for` body, for a loop).
    public var line: Int

    /// An update of `node` by `amount`, made at `line`.
    public init(node: NodeID, direction: Direction, amount: UpdateAmount, line: Int) {
        self.node = node
        self.direction = direction
        self.amount = amount
        self.line = line
    }

    /// The leaf's value after the update, from its value `old` and its gradient `grad`.
    public func updated(_ old: Double, grad: Double) -> Double {
        updated(old, by: amount.value(grad: grad))
    }

    /// The leaf's value after the update, from its value `old` and the right-hand side's value
    /// `amount`: `old + amount` for `+=`, `old - amount` for `-=`.
    public func updated(_ old: Double, by amount: Double) -> Double {
        switch direction {
        case .add: old + amount
        case .subtract: old - amount
        }
    }
}

/// The right-hand side of an update: numbers, hyperparameters (names bound to plain numbers)
/// and the updated leaf's own gradient, combined by `+ - * / **` and unary minus, evaluated in
/// 64-bit floating point in Python's order (so `-lr * w.grad` is `(-lr) * w.grad`).
public indirect enum UpdateAmount: Sendable, Equatable {
    /// A numeric literal.
    case number(Double)
    /// A name bound to a plain number: `lr`.
    case hyperparameter(String, Double)
    /// The updated leaf's gradient: `w.grad`.
    case gradient
    /// `-x`.
    case negated(UpdateAmount)
    /// `x op y`.
    case binary(BinaryOperator, UpdateAmount, UpdateAmount)

    /// The value with the leaf's gradient `grad`. The tree is the few terms of one statement,
    /// so walking it recursively is bounded by the line's length.
    public func value(grad: Double) -> Double {
        switch self {
        case .number(let value), .hyperparameter(_, let value): value
        case .gradient: grad
        case .negated(let operand): -operand.value(grad: grad)
        case .binary(let op, let left, let right):
            op.apply(left.value(grad: grad), right.value(grad: grad))
        }
    }
}
