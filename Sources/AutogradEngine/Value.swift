/// Builds a graph in Swift code, micrograd style, and holds its last backward pass.
///
/// ```swift
/// let tape = Tape()
/// let a = tape.value(2.0, label: "a")
/// let b = tape.value(-3.0, label: "b")
/// let L = (a * b + a).tanh()
/// L.backward()
/// print(a.grad)
/// ```
///
/// A tape is a reference: every `Value` made from it shares its graph.
public final class Tape {
    /// The graph built so far.
    public private(set) var graph = Graph()
    /// The gradients of the last `backward()`, all 0 before it.
    public private(set) var gradients = Gradients(count: 0)

    /// An empty tape.
    public init() {}

    /// A new input with the given value.
    public func value(_ data: Double, label: String? = nil) -> Value {
        Value(tape: self, id: graph.addLeaf(data, label: label))
    }

    func constant(_ data: Double) -> Value {
        Value(tape: self, id: graph.addConstant(data))
    }

    func apply(_ operation: Op, _ input: Value, exponent: Double? = nil) -> Value {
        Value(tape: self, id: graph.add(operation, input.id, exponent: exponent))
    }

    func apply(_ operation: Op, _ lhs: Value, _ rhs: Value) -> Value {
        precondition(lhs.tape === self && rhs.tape === self, "values from different tapes")
        return Value(tape: self, id: graph.add(operation, lhs.id, rhs.id))
    }

    func setLabel(_ label: String?, of id: NodeID) {
        graph.setLabel(label, of: id)
    }

    func backward(from root: NodeID) {
        gradients = graph.backward(from: root)
    }

    func gradient(of id: NodeID) -> Double {
        id.index < gradients.values.count ? gradients[id] : 0
    }
}

/// A scalar node on a `Tape`, with micrograd's operators: `a * b`, `a + 1`, `(c + a).tanh()`.
///
/// Swift's prefix minus binds tighter than `**`, so write `-(x ** 2)` where Python's
/// `-x**2` is meant.
public struct Value: CustomStringConvertible {
    /// The tape the value lives on.
    public let tape: Tape
    /// The node in the tape's graph.
    public let id: NodeID

    /// The forward value.
    public var data: Double { tape.graph.value(of: id) }

    /// The gradient from the tape's last `backward()`.
    public var grad: Double { tape.gradient(of: id) }

    /// The node's label.
    public var label: String? {
        get { tape.graph.label(of: id) }
        nonmutating set { tape.setLabel(newValue, of: id) }
    }

    /// `Value(data=…, grad=…)`, as micrograd prints it.
    public var description: String { "Value(data=\(data), grad=\(grad))" }

    /// Backpropagates from this value: afterwards every value's `grad` is its derivative.
    public func backward() { tape.backward(from: id) }

    /// `tanh(self)`.
    public func tanh() -> Value { tape.apply(.tanh, self) }
    /// `exp(self)`.
    public func exp() -> Value { tape.apply(.exp, self) }
    /// `log(self)`, the natural logarithm.
    public func log() -> Value { tape.apply(.log, self) }
    /// `relu(self)`.
    public func relu() -> Value { tape.apply(.relu, self) }
    /// `sigmoid(self)`.
    public func sigmoid() -> Value { tape.apply(.sigmoid, self) }
    /// `sin(self)`.
    public func sin() -> Value { tape.apply(.sin, self) }
    /// `cos(self)`.
    public func cos() -> Value { tape.apply(.cos, self) }
    /// `sqrt(self)`.
    public func sqrt() -> Value { tape.apply(.sqrt, self) }
    /// `abs(self)`.
    public func abs() -> Value { tape.apply(.abs, self) }
}

/// Exponentiation, binding tighter than multiplication and grouping to the right as in Python.
precedencegroup ExponentiationPrecedence {
    associativity: right
    higherThan: MultiplicationPrecedence
}

/// `a ** k` and `a ** b`: power, as in Python.
infix operator ** : ExponentiationPrecedence

extension Value {
    /// `lhs + rhs`.
    public static func + (lhs: Value, rhs: Value) -> Value { lhs.tape.apply(.add, lhs, rhs) }
    /// `lhs - rhs`.
    public static func - (lhs: Value, rhs: Value) -> Value { lhs.tape.apply(.subtract, lhs, rhs) }
    /// `lhs * rhs`.
    public static func * (lhs: Value, rhs: Value) -> Value { lhs.tape.apply(.multiply, lhs, rhs) }
    /// `lhs / rhs`.
    public static func / (lhs: Value, rhs: Value) -> Value { lhs.tape.apply(.divide, lhs, rhs) }
    /// `-operand`.
    public static prefix func - (operand: Value) -> Value { operand.tape.apply(.negate, operand) }
    /// `base ** exponent` with a constant exponent (micrograd's `**k` node).
    public static func ** (base: Value, exponent: Double) -> Value {
        base.tape.apply(.power, base, exponent: exponent)
    }
    /// `base ** exponent` where the exponent is itself a value.
    public static func ** (base: Value, exponent: Value) -> Value {
        base.tape.apply(.nodePower, base, exponent)
    }
    /// `constant ** exponent`: the constant becomes a node.
    public static func ** (base: Double, exponent: Value) -> Value {
        exponent.tape.constant(base) ** exponent
    }

    /// `lhs + constant`.
    public static func + (lhs: Value, rhs: Double) -> Value { lhs + lhs.tape.constant(rhs) }
    /// `constant + rhs`.
    public static func + (lhs: Double, rhs: Value) -> Value { rhs.tape.constant(lhs) + rhs }
    /// `lhs - constant`.
    public static func - (lhs: Value, rhs: Double) -> Value { lhs - lhs.tape.constant(rhs) }
    /// `constant - rhs`.
    public static func - (lhs: Double, rhs: Value) -> Value { rhs.tape.constant(lhs) - rhs }
    /// `lhs * constant`.
    public static func * (lhs: Value, rhs: Double) -> Value { lhs * lhs.tape.constant(rhs) }
    /// `constant * rhs`.
    public static func * (lhs: Double, rhs: Value) -> Value { rhs.tape.constant(lhs) * rhs }
    /// `lhs / constant`.
    public static func / (lhs: Value, rhs: Double) -> Value { lhs / lhs.tape.constant(rhs) }
    /// `constant / rhs`.
    public static func / (lhs: Double, rhs: Value) -> Value { rhs.tape.constant(lhs) / rhs }

    /// `lhs = lhs + rhs`: a new node, as in micrograd.
    public static func += (lhs: inout Value, rhs: Value) { lhs = lhs + rhs }
    /// `lhs = lhs + constant`.
    public static func += (lhs: inout Value, rhs: Double) { lhs = lhs + rhs }
    /// `lhs = lhs - rhs`.
    public static func -= (lhs: inout Value, rhs: Value) { lhs = lhs - rhs }
    /// `lhs = lhs * rhs`.
    public static func *= (lhs: inout Value, rhs: Value) { lhs = lhs * rhs }
    /// `lhs = lhs / rhs`.
    public static func /= (lhs: inout Value, rhs: Value) { lhs = lhs / rhs }
}
