import AutogradEngine

/// An update step in words and numbers, for the step pane and `--trace`:
///
/// ```
/// w.data += -0.05 × 0.4757 = -0.0238   -1.5000 → -1.5238
/// ```
///
/// Literals and hyperparameters are written compactly (`-0.05`), the gradient with four
/// decimals; parentheses only where Python's precedence needs them.
public enum UpdateText {
    /// The whole line for `step`, the leaf named `name`; `unicode: false` writes `*`.
    public static func line(_ step: UpdateStep, name: String, unicode: Bool = true) -> String {
        let symbol = step.update.direction == .add ? "+=" : "-="
        let before = NumberFormat.fourDecimals(step.before)
        let after = NumberFormat.fourDecimals(step.after)
        let arrow = unicode ? "→" : "->"
        return
            "\(name).data \(symbol) \(amount(step.update.amount, grad: step.grad, unicode: unicode)) = \(NumberFormat.fourDecimals(step.delta))   \(before) \(arrow) \(after)"
    }

    /// The right-hand side with the gradient's value in place of `w.grad`.
    public static func amount(_ amount: UpdateAmount, grad: Double, unicode: Bool = true)
        -> String
    {
        text(amount, grad: grad, times: unicode ? "×" : "*")
    }

    /// How tightly a form binds: higher binds tighter (Python's order).
    private static func precedence(_ amount: UpdateAmount) -> Int {
        switch amount {
        case .number(let value), .hyperparameter(_, let value): value < 0 ? 3 : 5
        case .gradient: 5
        case .negated: 3
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: 1
            case .multiply, .divide: 2
            case .power: 4
            }
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
            return "-" + (precedence(operand) < 3 || inner.hasPrefix("-") ? "(\(inner))" : inner)
        case .binary(let op, let left, let right):
            let own = precedence(amount)
            // `**` is right-associative; the others are left-associative.
            let leftNeeds = op == .power ? precedence(left) <= own : precedence(left) < own
            let rightNeeds = op == .power ? precedence(right) < 3 : precedence(right) <= own
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
