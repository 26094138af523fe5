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
    let unary: [Op] = [.tanh, .sigmoid, .sin, .cos, .negate, .power(exponent: 2)]
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
            graph.add(abs(graph.value(of: input)) > 4 ? .tanh : operation, input)
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

/// The nodes reachable from `root` by following inputs, found breadth-first: an independent
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
