import AutogradEngine

/// A small deterministic random generator (SplitMix64), so random graphs are the same on every
/// run and a failure can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// The central difference of `function` at `x`: an estimate of its derivative that shares no
/// code with the engine.
func centralDifference(_ function: (Double) -> Double, at x: Double) -> Double {
    let h = 1e-6 * max(1, abs(x))
    return (function(x + h) - function(x - h)) / (2 * h)
}

/// Whether `a` and `b` agree to `tolerance`, relative to their size once above 1.
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// The bit patterns of some doubles, to compare them exactly (NaN included).
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// A random graph of smooth operations over a few leaves, with shared inputs, the last node
/// as its root. Leaves stay in (0.5, 1.5) and operations keep values finite.
func randomGraph(nodes: Int, leaves: Int, seed: UInt64) -> Graph {
    var generator = SeededGenerator(seed: seed)
    var graph = Graph()
    for index in 0..<leaves {
        graph.addLeaf(Double.random(in: 0.5...1.5, using: &generator), label: "x\(index)")
    }
    let unary: [Op] = [.tanh, .sigmoid, .sin, .cos, .negate, .power]
    let binary: [Op] = [.add, .subtract, .multiply]
    while graph.count < nodes {
        // Prefer recent nodes, so the graph is deep as well as wide.
        func pick() -> NodeID {
            let span = min(graph.count, 12)
            let recent = graph.count - 1 - Int.random(in: 0..<span, using: &generator)
            let anywhere = Int.random(in: 0..<graph.count, using: &generator)
            return NodeID(Bool.random(using: &generator) ? recent : anywhere)
        }
        if Bool.random(using: &generator) {
            let operation = unary[Int.random(in: 0..<unary.count, using: &generator)]
            let input = pick()
            // Keep values bounded so no power overflows.
            if abs(graph.value(of: input)) > 4 {
                graph.add(.tanh, input)
            } else {
                graph.add(operation, input, exponent: operation.hasExponent ? 2 : nil)
            }
        } else {
            let operation = binary[Int.random(in: 0..<binary.count, using: &generator)]
            let lhs = pick()
            let rhs = pick()
            let big = abs(graph.value(of: lhs)) > 4 || abs(graph.value(of: rhs)) > 4
            graph.add(big ? .add : operation, lhs, rhs)
            if big { graph.add(.tanh, NodeID(graph.count - 1)) }
        }
    }
    return graph
}

/// The nodes reachable from `root` by following inputs, found with a work list: an independent
/// check of the topological order's node set.
func reachableSet(in graph: Graph, from root: NodeID) -> Set<NodeID> {
    var seen: Set<NodeID> = [root]
    var queue = [root]
    while let node = queue.popLast() {
        for input in graph.inputs(of: node) where seen.insert(input).inserted {
            queue.append(input)
        }
    }
    return seen
}

/// Backpropagation written plainly, as a check on the engine's: a depth-first walk with a stack
/// of (node, next input) for the order, and a loop over it that takes each local derivative
/// from the hand-written `OperationReference` table, not from the engine.
enum ReferenceBackprop {
    /// The post-order of a left-to-right depth-first walk from `root`, each node once.
    static func order(of graph: Graph, from root: NodeID) -> [NodeID] {
        var visited = Set<NodeID>([root])
        var stack: [(node: NodeID, next: Int)] = [(root, 0)]
        var order: [NodeID] = []
        while let top = stack.last {
            let inputs = graph.inputs(of: top.node)
            if top.next == inputs.count {
                order.append(top.node)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let input = inputs[top.next]
            if visited.insert(input).inserted { stack.append((input, 0)) }
        }
        return order
    }

    /// Each node's gradient: the root seeded with 1, then `local × grad` added to each input in
    /// reverse topological order.
    static func gradients(of graph: Graph, from root: NodeID, order: [NodeID]? = nil) -> [Double] {
        var grads = [Double](repeating: 0, count: graph.count)
        grads[root.index] = 1
        for node in (order ?? Self.order(of: graph, from: root)).reversed() {
            let inputs = Array(graph.inputs(of: node))
            guard let reference = OperationReference.all[graph.operation(of: node)] else {
                continue
            }
            let locals = reference.derivatives(
                inputs.map { graph.value(of: $0) }, graph.exponent(of: node) ?? 0)
            for (input, local) in zip(inputs, locals) {
                grads[input.index] += local * grads[node.index]
            }
        }
        return grads
    }

    /// The first node whose gradient in `grads` differs from the reference's `expected` by more
    /// than `tolerance` (relative, once above 1), `nil` when none does: a failure names one node
    /// instead of printing half a million numbers.
    static func firstDifference(
        _ grads: [Double], _ expected: [Double], tolerance: Double = 1e-12
    ) -> Int? {
        guard grads.count == expected.count else { return -1 }
        return grads.indices.first { !isClose(grads[$0], expected[$0], tolerance: tolerance) }
    }
}
