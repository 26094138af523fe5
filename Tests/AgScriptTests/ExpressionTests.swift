import AgScript
import AutogradEngine
import AutogradProgram
import Foundation
import Testing

@Suite("Expressions: precedence and constant folding")
struct ExpressionTests {
    /// The shape of the node `y` binds in a file with leaves a, b, c, x.
    func shapeOfY(_ expression: String) throws -> (Script, NodeID) {
        let script = try read("a = 1.5\nb = 2.5\nc = 0.5\nx = 3.0\ny = \(expression)")
        return (script, try #require(script.node("y")))
    }

    @Test("-x**2 is -(x**2): ** binds tighter than a unary minus on its left")
    func unaryMinusAndPower() throws {
        let (script, y) = try shapeOfY("-x**2")
        let (op, inputs) = script.shape(y)
        #expect(op == .negate)
        #expect(script.shape(inputs[0]) == (.power, [NodeID(3)]))
        #expect(script.graph.exponent(of: inputs[0]) == 2)
        #expect(script.graph.value(of: y) == -9)
    }

    @Test("+ - are left-associative and looser than * /, which are left-associative")
    func arithmeticPrecedence() throws {
        let (subtraction, y1) = try shapeOfY("a - b - c")
        #expect(subtraction.graph.operation(of: y1) == .subtract)
        #expect(subtraction.graph.value(of: y1) == (1.5 - 2.5) - 0.5)
        let (mixed, y2) = try shapeOfY("a + b * c")
        #expect(mixed.graph.value(of: y2) == 1.5 + 2.5 * 0.5)
        let (quotient, y3) = try shapeOfY("a / b * c")
        #expect(quotient.graph.operation(of: y3) == .multiply)
        #expect(quotient.graph.value(of: y3) == (1.5 / 2.5) * 0.5)
    }

    @Test("a ** k with a constant k keeps k in the op; a ** b with a node is pow")
    func powers() throws {
        let (negativeExponent, y1) = try shapeOfY("x ** -1")
        #expect(negativeExponent.shape(y1) == (.power, [NodeID(3)]))
        #expect(negativeExponent.graph.exponent(of: y1) == -1)
        let (folded, y2) = try shapeOfY("x ** (1 / 2)")
        #expect(folded.graph.operation(of: y2) == .power)
        #expect(folded.graph.exponent(of: y2) == 0.5)
        let (general, y3) = try shapeOfY("a ** b")
        #expect(general.shape(y3) == (.nodePower, [NodeID(0), NodeID(1)]))
        let (constantBase, y4) = try shapeOfY("2 ** x")
        let (op, inputs) = constantBase.shape(y4)
        #expect(op == .nodePower && inputs[1] == NodeID(3))
        #expect(constantBase.graph.operation(of: inputs[0]) == .constant)
        #expect(constantBase.graph.value(of: y4) == 8)
    }

    @Test(
        "constant sub-expressions fold as Python evaluates them",
        arguments: [
            ("-3.0", -3.0), ("-2**2", -4.0), ("2 ** 3 ** 2", 512.0), ("2 ** -1", 0.5),
            ("7 / 2", 3.5), ("(1 + 2) * 3", 9.0), ("- - 2", 2.0), ("1e-3 * 6.02E23", 6.02e20),
            ("1e-999", 0.0), ("(-8) ** 2", 64.0), ("0 ** 0", 1.0), ("(-2) ** -1", -0.5),
        ])
    func folding(_ text: String, _ expected: Double) throws {
        let script = try read("k = \(text)")
        #expect(script.graph.count == 1)
        #expect(script.graph.operation(of: NodeID(0)) == .leaf)
        #expect(script.graph.value(of: NodeID(0)) == expected)
    }

    @Test("2 ** 3 ** 0.5 is one constant, 2 ** (3 ** 0.5)")
    func foldedIrrationalPower() throws {
        let script = try read("k = 2 ** 3 ** 0.5")
        #expect(script.graph.values == [pow(2, 3.0.squareRoot())])
    }

    @Test("x * -3 multiplies by the constant -3")
    func negativeConstant() throws {
        let (script, y) = try shapeOfY("x * -3")
        let (op, inputs) = script.shape(y)
        #expect(op == .multiply && inputs[0] == NodeID(3))
        #expect(script.graph.operation(of: inputs[1]) == .constant)
        #expect(script.graph.value(of: inputs[1]) == -3)
    }

    @Test("method calls bind tightest: -a.tanh() is -(tanh(a)), x ** b.exp() is x ** exp(b)")
    func methodsBindTightest() throws {
        let (negated, y1) = try shapeOfY("-a.tanh()")
        #expect(negated.graph.operation(of: y1) == .negate)
        #expect(negated.graph.value(of: y1) == -tanh(1.5))
        let (power, y2) = try shapeOfY("x ** b.exp()")
        #expect(power.graph.operation(of: y2) == .nodePower)
        let (grouped, y3) = try shapeOfY("(a + b).relu()")
        #expect(grouped.graph.operation(of: y3) == .relu)
    }

    @Test("literals read exactly: decimals, exponents, leading dot, trailing dot")
    func literals() throws {
        let literals = [
            "0.1", "2.", ".5", "1e-3", "6.02E23", "123456789012345678901234567890", "4.9e-324",
            "1.7976931348623157e308", "0.000001", "3.14159265358979323846",
        ]
        for literal in literals {
            let script = try read("k = \(literal)")
            #expect(script.graph.values == [Double(literal)], "\(literal)")
        }
    }

    @Test("100,000 nested parentheses and 100,000 unary minuses read without recursion")
    func deepNesting() throws {
        let depth = 100_000
        let parentheses = try read(
            "x = 1.0\ny = " + String(repeating: "(", count: depth) + "x + 1"
                + String(repeating: ")", count: depth))
        // x, the constant 1 and the sum: the parentheses make no nodes.
        #expect(parentheses.graph.count == 3)
        #expect(parentheses.graph.value(of: parentheses.root) == 2)
        let minuses = try read("x = 1.5\ny = " + String(repeating: "-", count: depth) + "x")
        #expect(minuses.graph.count == depth + 1)
        #expect(minuses.graph.value(of: minuses.root) == 1.5)
        let folded = try read("y = " + String(repeating: "-", count: depth + 1) + "2")
        #expect(folded.graph.values == [-2])
    }
}
