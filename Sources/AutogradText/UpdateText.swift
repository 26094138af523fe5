import AutogradEngine

/// An update step in words and numbers, for the step pane and `--trace`:
///
/// ```
/// w.data += -0.05 × 0.4757 = -0.0238   -1.5000 → -1.5238
/// ```
///
/// Literals and hyperparameters are written compactly (`-0.05`), the gradient with four
/// decimals; parentheses only where Python's precedence needs them.
package enum UpdateText {
    /// The whole line for `step`, the leaf named `name`; `unicode: false` writes `*`.
    package static func line(_ step: UpdateStep, name: String, unicode: Bool = true) -> String {
        let symbol = step.update.direction == .add ? "+=" : "-="
        let before = NumberFormat.fourDecimals(step.before)
        let after = NumberFormat.fourDecimals(step.after)
        let arrow = unicode ? "→" : "->"
        return
            "\(name).data \(symbol) \(amount(step.update.amount, grad: step.grad, unicode: unicode)) = \(NumberFormat.fourDecimals(step.delta))   \(before) \(arrow) \(after)"
    }

    /// The right-hand side with the gradient's value in place of `w.grad`.
    package static func amount(_ amount: UpdateAmount, grad: Double, unicode: Bool = true)
        -> String
    {
        text(amount, grad: grad, times: unicode ? "×" : "*")
    }

    /// How tightly a form binds, on `BinaryOperator.precedence`'s scale: a negative number is
    /// written with a unary minus; a number, a name or the gradient binds tighter than any
    /// operator.
    private static func precedence(_ amount: UpdateAmount) -> Int {
        switch amount {
        case .number(let value), .hyperparameter(_, let value):
            value < 0 ? BinaryOperator.negationPrecedence : Int.max
        case .gradient: Int.max
        case .negated: BinaryOperator.negationPrecedence
        case .binary(let op, _, _): op.precedence
        }
    }

    private static func text(_ amount: UpdateAmount, grad: Double, times: String) -> String {
        switch amount {
        case .number(let value), .hyperparameter(_, let value):
            return NumberFormat.compact(value)
        case .gradient:
            return NumberFormat.fourDecimals(grad)
        case .negated(let operand):
            let inner = text(operand, grad: grad, times: times)
            let needs = precedence(operand) < BinaryOperator.negationPrecedence
            return "-" + (needs || inner.hasPrefix("-") ? "(\(inner))" : inner)
        case .binary(let op, let left, let right):
            let own = precedence(amount)
            // `**` is right-associative, and its right side may be a negation (`a ** -b`); the
            // others are left-associative.
            let leftNeeds =
                op.isRightAssociative ? precedence(left) <= own : precedence(left) < own
            let rightNeeds =
                op.isRightAssociative
                ? precedence(right) < BinaryOperator.negationPrecedence
                : precedence(right) <= own
            var leftText = text(left, grad: grad, times: times)
            var rightText = text(right, grad: grad, times: times)
            if leftNeeds { leftText = "(\(leftText))" }
            if rightNeeds || rightText.hasPrefix("-") && op != .power {
                rightText = "(\(rightText))"
            }
            let symbol = op == .multiply ? times : op.rawValue
            return "\(leftText) \(symbol) \(rightText)"
        }
    }
}
