import AutogradEngine
import Foundation
import Testing

/// One operation at one point of its domain.
struct OperationPoint: CustomTestStringConvertible, Sendable {
    let operation: Op
    let reference: OperationReference
    let inputs: [Double]
    let exponent: Double

    var testDescription: String {
        operation.hasExponent
            ? "\(operation.spelling) \(exponent) at \(inputs)"
            : "\(operation.spelling) at \(inputs)"
    }

    /// The engine's value at the point, and its local derivatives there.
    var engine: (value: Double, locals: [Double]) {
        let b = inputs.count > 1 ? inputs[1] : 0
        let value = operation.value(inputs[0], b, exponent: exponent)
        let locals = operation.localDerivatives(inputs[0], b, out: value, exponent: exponent)
        return (value, Array([locals.0, locals.1].prefix(inputs.count)))
    }

    /// Every point of every operation in the reference table.
    static let all: [OperationPoint] = Op.allCases.flatMap { operation in
        OperationReference.all[operation].map { reference in
            reference.points.map {
                OperationPoint(
                    operation: operation, reference: reference, inputs: $0.inputs,
                    exponent: $0.exponent)
            }
        } ?? []
    }
}

@Suite("Operations: each one against a reference written by hand")
struct OperationGradientTests {
    @Test("every operation with inputs has a reference, and every definition is whole")
    func coverage() {
        let withInputs = Op.allCases.filter { $0.arity > 0 }
        #expect(Set(withInputs) == Set(OperationReference.all.keys))
        for operation in Op.allCases {
            let definition = operation.definition
            #expect(definition.derivatives.count == operation.arity, "\(operation)")
            if definition.notation == .function {
                #expect(Op.functions.contains(operation))
                #expect(definition.spelling.allSatisfy { $0.isLetter || $0 == "_" })
            }
        }
        #expect(Set(Op.allCases.map(\.spelling)).count == Op.allCases.count)
        #expect(Op.allCases.filter(\.hasExponent) == [.power])
    }

    @Test(
        "value and local derivatives agree with the hand-derived ones",
        arguments: OperationPoint.all)
    func handDerived(_ point: OperationPoint) {
        let (value, locals) = point.engine
        #expect(
            isClose(value, point.reference.value(point.inputs, point.exponent), tolerance: 1e-14))
        let expected = point.reference.derivatives(point.inputs, point.exponent)
        #expect(locals.count == expected.count)
        for (local, derivative) in zip(locals, expected) {
            #expect(isClose(local, derivative, tolerance: 1e-13))
        }
    }

    @Test(
        "local derivatives agree with central differences of the hand-written value",
        arguments: OperationPoint.all)
    func finiteDifferences(_ point: OperationPoint) {
        let reference = point.reference
        let x = point.inputs
        let locals = point.engine.locals
        for position in x.indices {
            let numeric = centralDifference(
                { moved in
                    var at = x
                    at[position] = moved
                    return reference.value(at, point.exponent)
                }, at: x[position])
            #expect(isClose(locals[position], numeric, tolerance: 1e-7))
        }
    }

    @Test(
        "a graph of the operation alone gives its leaves the hand-derived gradients",
        arguments: OperationPoint.all)
    func throughTheGraph(_ point: OperationPoint) {
        var graph = Graph()
        let leaves = point.inputs.map { graph.addLeaf($0) }
        let node =
            leaves.count == 1
            ? graph.add(
                point.operation, leaves[0],
                exponent: point.operation.hasExponent ? point.exponent : nil)
            : graph.add(point.operation, leaves[0], leaves[1])
        let gradients = graph.backward(from: node)
        let expected = point.reference.derivatives(point.inputs, point.exponent)
        #expect(isClose(graph.value(of: node), point.reference.value(point.inputs, point.exponent)))
        for (leaf, derivative) in zip(leaves, expected) {
            #expect(isClose(gradients[leaf], derivative, tolerance: 1e-13))
        }
    }

    @Test("relu and abs at exactly 0 pass no gradient, as micrograd's relu does")
    func kinksAtZero() {
        for operation in [Op.relu, .abs] {
            var graph = Graph()
            let x = graph.addLeaf(0)
            let node = graph.add(operation, x)
            #expect(graph.backward(from: node)[x] == 0)
            #expect(operation.hasKinkAtZero)
        }
    }

    @Test("IEEE values are kept, never a trap: log(-1) is NaN, 1/0 is infinity")
    func ieeeValues() {
        var graph = Graph()
        let minusOne = graph.addLeaf(-1)
        let zero = graph.addLeaf(0)
        let one = graph.addLeaf(1)
        let logarithm = graph.add(.log, minusOne)
        let quotient = graph.add(.divide, one, zero)
        #expect(graph.value(of: logarithm).isNaN)
        #expect(graph.value(of: quotient) == .infinity)
        let gradients = graph.backward(from: quotient)
        #expect(gradients[one] == .infinity)
        // d(1/b)/db = −1/b², which is −∞ at b = 0.
        #expect(gradients[zero] == -.infinity)
    }
}
