import AutogradEngine

extension NodeNames {
    /// The node as an operand in an expression: a constant's value (in parentheses when
    /// negative, `x - (-1)`), else its name.
    package func operand(_ node: NodeID) -> String {
        guard graph.operation(of: node) == .constant else { return name(of: node) }
        let value = graph.value(of: node)
        let text = NumberFormat.compact(value)
        return value < 0 ? "(\(text))" : text
    }

    /// What made the node, as `.ag` would write it (`a * b`, `x ** 2`, `-x`, `tanh(d)`),
    /// following its operation's notation; a leaf's or constant's value. An input named
    /// after the same source as the node, with its id, is written by the id alone
    /// (`#12 + #13`, not `s1l1n1@52#12 + …`): the node's own name says the line already.
    package func expression(of node: NodeID) -> String {
        let line = sourceLine(of: node)
        return expression(of: node) { input, _ in
            if let line, graph.operation(of: input) != .constant,
                sourceLine(of: input) == line, isNamedFromSource(input)
            {
                let name = name(of: input)
                if name.hasSuffix(input.description) { return input.description }
                return name
            }
            return operand(input)
        }
    }

    /// The node's computation in numbers, each input replaced by its value in `values` as
    /// `number` writes it: `-0.7500 + 2.0000`, `2.0000 * (-0.5000)`, `tanh(1.2500)`; a
    /// negative operand is in parentheses except first in an infix expression.
    package func computation(
        of node: NodeID, values: (NodeID) -> Double, number: (Double) -> String
    ) -> String {
        let notation = graph.operation(of: node).definition.notation
        let firstIsBare = notation == .function || isInfix(notation)
        return expression(of: node) { input, position in
            let value = values(input)
            let parenthesised = value < 0 && !(firstIsBare && position == 0)
            return parenthesised ? "(\(number(value)))" : number(value)
        }
    }

    private func isInfix(_ notation: Op.Notation) -> Bool {
        if case .infix = notation { return true }
        return false
    }

    /// The expression, each input written by `operand` given the input and its position.
    private func expression(of node: NodeID, operand: (NodeID, Int) -> String) -> String {
        let inputs = graph.inputs(of: node)
        let operation = graph.operation(of: node)
        switch operation.definition.notation {
        case .input:
            return NumberFormat.compact(graph.value(of: node))
        case .infix(let symbol):
            let right =
                graph.exponent(of: node).map(NumberFormat.compact) ?? operand(inputs[1], 1)
            return "\(operand(inputs[0], 0)) \(symbol) \(right)"
        case .prefix(let symbol):
            return "\(symbol)\(operand(inputs[0], 0))"
        case .function:
            return "\(operation.spelling)(\(operand(inputs[0], 0)))"
        }
    }
}
