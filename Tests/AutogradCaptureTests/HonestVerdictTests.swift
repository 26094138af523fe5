import AutogradCapture
import AutogradEngine
import Foundation
import Testing

/// Engines that are right, in ways a narrower judge once blamed: a pass that clears its own
/// leftovers, grads freed after the pass, a subgradient at a kink, rounding the function
/// amplifies. Each beside the wrong engine it must still catch. Numbers worked out by hand.
@Suite struct HonestVerdictTests {
    /// L = a·b + a at a = 2, b = 3: dL/da = b + 1 = 4, dL/db = a = 2.
    private func product(leftover: Double, finalA: Double) -> [CapturedNodeSpec] {
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "a", data: 2, grad: finalA), .leaf(1, "b", data: 3, grad: 2),
            .node(2, "*", [0, 1], data: 6, grad: 1, locals: [3, 2]),
            .node(3, "+", [2, 0], data: 8, grad: 1, locals: [1, 1], label: "L"),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        nodes[0].gradBefore = leftover
        return nodes
    }

    @Test("a leftover the pass itself clears is no not-zeroed; one it adds to still is")
    func leftoverClearedByThePass() throws {
        // The pass zeroed a's 2.68 first: a ends at 4, what a pass from 0 gives.
        let cleared = try review(root: 3, nodes: product(leftover: 2.68, finalA: 4))
        #expect(cleared.verdict == Verdict.none)
        // The pass added to it: 2.68 + 4.
        let kept = try review(root: 3, nodes: product(leftover: 2.68, finalA: 6.68))
        #expect(kept.verdict == .wrong(.notZeroed(node: NodeID(0), yours: .number(2.68))))
    }

    @Test("grads freed after the pass are not judged, and no seed is blamed")
    func freedGrads() throws {
        var nodes = product(leftover: 0, finalA: 4)
        nodes[2].grad = 0
        nodes[3].grad = 0
        let freed = try review(root: 3, nodes: nodes, fired: [3, 2])
        #expect(freed.verdict == Verdict.none)
        #expect(freed.freedNodes == [NodeID(2), NodeID(3)])
        #expect(freed.unjudgedCount == 2)
        #expect(!freed.judgesGrad(of: NodeID(3)))
        #expect(freed.judgesGrad(of: NodeID(0)))
        // Seeded with 0: nothing reaches the leaves, so the seed is what is wrong.
        nodes[0].grad = 0
        nodes[1].grad = 0
        let unseeded = try review(root: 3, nodes: nodes, fired: [3, 2])
        #expect(unseeded.verdict == .wrong(.seed(root: NodeID(3), yours: .number(0))))
        #expect(unseeded.freedNodes.isEmpty)
    }

    /// L = (relu(z) + x)·x at z = 0, x = 2, relu passing `local` to z: s = 2, dL/ds = x = 2,
    /// dL/dx = s + x = 4, dL/dz = local · 2.
    private func kink(_ operation: String, local: Double) throws -> Review {
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "z", data: 0, grad: 2 * local), .leaf(1, "x", data: 2, grad: 4),
            .node(2, operation, [0], data: 0, grad: 2, locals: [local]),
            .node(3, "+", [2, 1], data: 2, grad: 2, locals: [1, 1]),
            .node(4, "*", [3, 1], data: 4, grad: 1, locals: [2, 2], label: "L"),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        return try review(root: 4, nodes: nodes, fired: [4, 3, 2])
    }

    @Test("at a kink any subgradient is right: relu 0 to 1, abs −1 to 1; past them is a bug")
    func subgradients() throws {
        for local in [0.0, 0.5, 1] { #expect(try kink("ReLU", local: local).verdict == .none) }
        for local in [-1.0, 0, 1] { #expect(try kink("abs", local: local).verdict == .none) }
        #expect(try kink("ReLU", local: -1).verdict.kind == .local)
        #expect(try kink("ReLU", local: 2).verdict.kind == .local)
        #expect(try kink("abs", local: 2).verdict.kind == .local)
    }

    /// l = log(p + ε) at p = 6·10⁻⁶, as the engine computes it, with its local 1/(p + ε).
    private func guardedLog(epsilon: Double) throws -> Review {
        let p = 6e-6
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "p", data: p, grad: 1 / (p + epsilon)),
            .node(1, "log", [0], data: log(p + epsilon), grad: 1, locals: [1 / (p + epsilon)]),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        return try review(root: 1, nodes: nodes, fired: [1])
    }

    @Test("log(p + 1e-12) is a right log, log(p + 1e-8) is not")
    func logGuard() throws {
        // The guard moves the value by 1e-12/p ≈ 1.7·10⁻⁷, what an input off by 10⁻¹² gives.
        #expect(abs(log(6e-6 + 1e-12) - log(6e-6)) > 1e-9 * abs(log(6e-6)))
        #expect(try guardedLog(epsilon: 1e-12).verdict == .none)
        #expect(try guardedLog(epsilon: 1e-8).verdict.kind == .forward)
    }

    /// t = tanh(x) as (e²ˣ − 1)/(e²ˣ + 1) at x = 6·10⁻¹², y = t·k, L = y·y at k = 10¹²: the
    /// engine's t is off the exact tanh by far less than 10⁻¹² (right), and its grads are the
    /// chain rule at its own values: dL/dy = 2y, dL/dt = 2y·k, dL/dk = 2y·t,
    /// dL/dx = 2y·k·(1 − t²).
    @Test("rounding a right tanh that the function amplifies is not a wrong grad")
    func amplifiedRounding() throws {
        let x = 6e-12
        let k = 1e12
        let t = (exp(2 * x) - 1) / (exp(2 * x) + 1)
        let y = t * k
        // Far more than the tolerance between the engine's grads and the exact tanh's.
        #expect(abs(2 * y - 2 * tanh(x) * k) > 1e-6 * abs(2 * y))
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "x", data: x, grad: 2 * y * k * (1 - t * t)),
            .node(1, "tanh", [0], data: t, grad: 2 * y * k, locals: [1 - t * t], label: "t"),
            .leaf(2, "k", data: k, grad: 2 * y * t),
            .node(3, "*", [1, 2], data: y, grad: 2 * y, locals: [k, t], label: "y"),
            .node(4, "*", [3, 3], data: y * y, grad: 1, locals: [2 * y], label: "L"),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        let amplified = try review(root: 4, nodes: nodes, fired: [4, 3, 1])
        #expect(amplified.verdict == .none, "\(amplified.findings)")
        // A grad that is off by that much without rounding to explain it is still wrong.
        nodes[0].grad *= 1 + 1e-6
        let wrong = try review(root: 4, nodes: nodes, fired: [4, 3, 1])
        #expect(wrong.verdict.kind == .grad)
    }
}

/// Values autograd-tui cannot compute with: never a verdict from a NaN the replay made.
@Suite struct UncomputableValueTests {
    /// d = a·b + 1 with Decimal data (the capture holds each one's repr) and grads the engine
    /// computed exactly: a.grad = b = 3, b.grad = a = 1.5.
    @Test("Decimal values are not judged, with the reason, not blamed")
    func decimals() throws {
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "a", data: .nan, grad: 3), .leaf(1, "b", data: .nan, grad: 1.5),
            .node(2, "*", [0, 1], data: .nan, grad: 1, locals: [3, 1.5]),
            .leaf(3, nil, data: 1, grad: 1),
            .node(4, "+", [2, 3], data: .nan, grad: 1, locals: [1, 1], label: "d"),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        let text = captureDocument(root: 4, nodes: nodes, fired: [4, 2]).replacing(
            "\"data\": \"nan\"", with: "\"data\": {\"repr\": \"Decimal('1.5')\"}")
        let document = try CaptureReader.read(Array(text.utf8), path: "t.json")
        let review = Review(try Replay(document.captures[0]))
        #expect(review.verdict == Verdict.none)
        #expect(review.uncomputableNodes == [NodeID(0), NodeID(1), NodeID(2), NodeID(4)])
        #expect(review.unjudgedCount > 0)
    }

    /// d = a·b + 1 whose capture gives no grads (hand-edited, or a producer that leaves
    /// them out): not known, so not judged, where reading them as 0 blamed the seed.
    @Test("a node without a grad member has its grad not judged, never read as 0")
    func missingGrads() throws {
        let nodes: [CapturedNodeSpec] = [
            .leaf(0, "a", data: 1.5, grad: 3), .leaf(1, "b", data: 3, grad: 1.5),
            .node(2, "*", [0, 1], data: 4.5, grad: 1, locals: [3, 1.5]),
            .leaf(3, nil, data: 1, grad: 1),
            .node(4, "+", [2, 3], data: 5.5, grad: 1, locals: [1, 1], label: "d"),
        ]
        let text = captureDocument(root: 4, nodes: nodes, fired: [4, 2]).replacing(
            #/"grad": [-0-9.e]+, /#, with: "")
        #expect(!text.contains("\"grad\":"))
        let review = Review(
            try Replay(try CaptureReader.read(Array(text.utf8), path: "t.json").captures[0]))
        #expect(review.verdict == Verdict.none, "\(review.findings)")
        #expect(review.gradUnknownNodes.count == 5)
        #expect(!review.judgesGrad(of: NodeID(4)))
    }

    /// a·b + c·a with a = 10⁴⁰⁰ as a Python int: the capture writes a as inf, a·b = inf and
    /// c·a = −inf, and the engine's exact sum −4·10⁴⁰⁰ as −inf; the replay's inf + −inf is NaN,
    /// which is the conversion's, not the engine's.
    @Test("an int past a double's range is not judged where the replay can only make NaN")
    func pastDoubles() throws {
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "a", data: .infinity, grad: -4), .leaf(1, "b", data: 3, grad: .infinity),
            .leaf(2, "c", data: -7, grad: .infinity),
            .node(3, "*", [0, 1], data: .infinity, grad: 1, locals: [3, .infinity]),
            .node(4, "*", [2, 0], data: -.infinity, grad: 1, locals: [.infinity, -7]),
            .node(5, "+", [3, 4], data: -.infinity, grad: 1, locals: [1, 1], label: "d"),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        let review = try review(root: 5, nodes: nodes, fired: [5, 4, 3])
        #expect(review.verdict == Verdict.none, "\(review.findings)")
        #expect(review.uncomputableNodes == [NodeID(5)])
        #expect(!review.judgesGrad(of: NodeID(0)))
    }
}

/// An engine that computes in `float32`: its values round to 24 bits, not 53.
@Suite struct PrecisionTests {
    /// c = a·b at a = 0.3, b = −1.7 in float32 (each rounded to 24 bits, as the engine holds
    /// them), the product rounded to float32 as the engine computes it: off the double product
    /// by up to 2⁻²⁴ of itself, far more than 10⁻⁹.
    private func product(precision: String?) throws -> Review {
        let a = Double(Float(0.3))
        let b = Double(Float(-1.7))
        let c = Double(Float(a * b))
        var nodes: [CapturedNodeSpec] = [
            .leaf(0, "a", data: a, grad: b), .leaf(1, "b", data: b, grad: a),
            .node(2, "*", [0, 1], data: c, grad: 1, locals: [b, a], label: "c"),
        ]
        for index in nodes.indices { nodes[index].gradBefore = 0 }
        var text = captureDocument(root: 2, nodes: nodes, fired: [2])
        if let precision {
            text = text.replacing("\"fired\": [2]", with: "\"fired\": [2], " + precision)
        }
        let document = try CaptureReader.read(Array(text.utf8), path: "t.json")
        return Review(try Replay(document.captures[0]))
    }

    @Test("float32 values are judged at float32's precision, where the capture says it")
    func float32() throws {
        let a = Double(Float(0.3))
        let b = Double(Float(-1.7))
        #expect(abs(Double(Float(a * b)) - a * b) > 1e-9 * abs(a * b))
        #expect(try product(precision: nil).verdict.kind == .forward)
        let single = try product(precision: #""precision": {"type": "float32", "bits": 24}"#)
        #expect(single.verdict == .none)
    }
}
