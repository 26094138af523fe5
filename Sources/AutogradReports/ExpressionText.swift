import AutogradEngine

extension NodeNames {
    /// The node as an operand in an expression: a constant's value (in parentheses when
    /// negative, `x - (-1)`), else its name.
    public func operand(_ node: NodeID) -> String {
        guard graph.operation(of: node) == .constant else { return name(of: node) }
        let value = graph.value(of: node)
        let text = NumberFormat.compact(value)
        return value < 0 ? "(\(text))" : text
    }

    /// What made the node, as `.ag` would write it (`a * b`, `x ** 2`, `-x`, `tanh(d)`),
    /// following its operation's notation; a leaf's or constant's value.
    public func expression(of node: NodeID) -> String {
        let inputs = graph.inputs(of: node)
        let operation = graph.operation(of: node)
        switch operation.definition.notation {
        case .input:
            return NumberFormat.compact(graph.value(of: node))
        case .infix(let symbol):
            let right = graph.exponent(of: node).map(NumberFormat.compact) ?? operand(inputs[1])
            return "\(operand(inputs[0])) \(symbol) \(right)"
        case .prefix(let symbol):
            return "\(symbol)\(operand(inputs[0]))"
        case .function:
            return "\(operation.spelling)(\(operand(inputs[0])))"
        }
    }
}
