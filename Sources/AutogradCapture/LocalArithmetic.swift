import AutogradEngine

/// What each operation should compute, at the engine's own values of its inputs: so one wrong
/// value does not make every operation after it look wrong too.
extension Replay {
    /// The correct local derivative of `node` with respect to `input`, at the engine's values
    /// of the node's inputs; summed over both positions of an input used twice.
    package func correctLocal(of node: NodeID, input: NodeID) -> Double {
        let operation = graph.operation(of: node)
        let inputs = graph.inputs(of: node)
        guard let first = inputs.first else { return 0 }
        let a = capture.nodes.data[captureID(of: first)]
        let b = inputs.count == 2 ? capture.nodes.data[captureID(of: inputs[1])] : 0
        let exponent = exponent(of: node, operation)
        let out = operation.value(a, b, exponent: exponent)
        let locals = operation.localDerivatives(a, b, out: out, exponent: exponent)
        var total = 0.0
        if first == input { total += locals.0 }
        if inputs.count == 2, inputs[1] == input { total += locals.1 }
        return total
    }

    /// The correct value of `node` from the engine's values of its inputs.
    package func correctValue(of node: NodeID) -> Double {
        let inputs = graph.inputs(of: node)
        guard let first = inputs.first else { return capture.nodes.data[captureID(of: node)] }
        let a = capture.nodes.data[captureID(of: first)]
        let b = inputs.count == 2 ? capture.nodes.data[captureID(of: inputs[1])] : 0
        let operation = graph.operation(of: node)
        return operation.value(a, b, exponent: exponent(of: node, operation))
    }

    /// The node's exponent `k`, 0 where `operation` holds none (its table is not looked in).
    private func exponent(of node: NodeID, _ operation: Op) -> Double {
        operation.hasExponent ? graph.exponent(of: node) ?? 0 : 0
    }
}

/// How far an operation's value and local derivatives move when the engine's inputs move
/// within the tolerance: an input that is right to the tolerance (`p + 1e-12` for `p` in
/// `log`, a value rounded in the engine's own arithmetic) must not make the operation after it
/// look wrong. Each input is moved by `max(1e-12, 1e-9·|x|)` either way, alone; the slack is
/// the sum of the largest moves, counting only finite ones (a move across a domain's edge says
/// nothing).
extension Replay {
    /// The slack for the value of `node`.
    func valueSlack(of node: NodeID) -> Double {
        slack(of: node) { operation, a, b, k in operation.value(a, b, exponent: k) }
    }

    /// The slack for the local derivative of `node` with respect to `input`; none for an
    /// operation with a kink, whose local jumps there (its subgradients are judged instead).
    func localSlack(of node: NodeID, input: NodeID) -> Double {
        guard !graph.operation(of: node).hasKinkAtZero else { return 0 }
        let inputs = graph.inputs(of: node)
        return slack(of: node) { operation, a, b, k in
            let out = operation.value(a, b, exponent: k)
            let locals = operation.localDerivatives(a, b, out: out, exponent: k)
            var total = 0.0
            if inputs.first == input { total += locals.0 }
            if inputs.count == 2, inputs[1] == input { total += locals.1 }
            return total
        }
    }

    /// How far, relative to itself, one operation of the engine's own arithmetic may round
    /// where it is narrower than a double (the capture's `precision`): 8 half-ulps of it,
    /// 4.8·10⁻⁷ for `float32`; 0 for doubles, whose rounding the tolerance covers.
    var roundingRelative: Double {
        capture.precisionBits.map { Double.pow2(3 - $0) } ?? 0
    }

    /// How far, relative to itself, a final grad may be off in such arithmetic: the rounding
    /// of a pass of many operations, 2¹⁰ half-ulps (6·10⁻⁵ for `float32`).
    var gradRoundingRelative: Double {
        capture.precisionBits.map { Double.pow2(10 - $0) } ?? 0
    }

    /// Whether `yours` agrees with `correct` within the tolerance plus `slack`.
    static func agrees(_ yours: Double, _ correct: Double, slack: Double) -> Bool {
        if Tolerance.agrees(yours, correct) { return true }
        guard yours.isFinite, correct.isFinite, slack > 0 else { return false }
        let size = max(Swift.abs(yours), Swift.abs(correct))
        return Swift.abs(yours - correct)
            <= slack + max(Tolerance.absolute, Tolerance.relative * size)
    }

    private func slack(
        of node: NodeID, _ function: (Op, Double, Double, Double) -> Double
    ) -> Double {
        let operation = graph.operation(of: node)
        let inputs = graph.inputs(of: node)
        guard let first = inputs.first else { return 0 }
        let a = capture.nodes.data[captureID(of: first)]
        let b = inputs.count == 2 ? capture.nodes.data[captureID(of: inputs[1])] : 0
        let k = operation.hasExponent ? graph.exponent(of: node) ?? 0 : 0
        let center = function(operation, a, b, k)
        guard center.isFinite else { return 0 }
        func move(_ x: Double) -> Double {
            max(Tolerance.absolute, Tolerance.relative * Swift.abs(x))
        }
        func largest(_ values: [Double]) -> Double {
            values.map { Swift.abs($0 - center) }.filter(\.isFinite).max() ?? 0
        }
        var total = roundingRelative * Swift.abs(center)
        total += largest([
            function(operation, a + move(a), b, k), function(operation, a - move(a), b, k),
        ])
        if inputs.count == 2 {
            total += largest([
                function(operation, a, b + move(b), k), function(operation, a, b - move(b), k),
            ])
        }
        return total
    }
}

extension Double {
    /// 2 to the power `exponent`.
    fileprivate static func pow2(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
