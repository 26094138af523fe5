/// Checks analytic gradients against central finite differences, leaf by leaf.
///
/// For a leaf with value `x` it evaluates the root at `x ± h`, with the relative step
/// `h = relativeStep × max(1, |x|)`, and compares `(f(x+h) − f(x−h)) / 2h` with the gradient
/// backpropagation found. It re-evaluates the nodes that come after the leaf in the root's
/// topological order: every node that depends on the leaf is among them, and nodes before
/// the leaf, which cannot depend on it, keep their values.
public struct GradientCheck: Sendable {
    /// How a leaf's analytic and numeric gradients compare.
    public enum Verdict: String, Sendable {
        /// The error is within the tolerance.
        case agrees
        /// The error exceeds the tolerance: the analytic gradient is suspect.
        case mismatch
        /// The perturbation crosses a kink (relu or abs at 0), so a finite difference cannot
        /// agree; not counted as a mismatch.
        case kink
        /// The analytic or numeric value is NaN or infinite, so there is nothing to compare.
        case notFinite
    }

    /// The check of one leaf.
    public struct LeafResult: Sendable, Equatable {
        /// The leaf (or constant) checked.
        public let leaf: NodeID
        /// The leaf's value.
        public let value: Double
        /// The step `h` used.
        public let step: Double
        /// The gradient found by backpropagation.
        public let analytic: Double
        /// The central finite difference.
        public let numeric: Double
        /// `|analytic − numeric| / max(1, |analytic|, |numeric|)`.
        public let error: Double
        /// How the two compare.
        public let verdict: Verdict
    }

    /// The graph checked.
    public let graph: Graph
    /// The node differentiated.
    public let root: NodeID
    /// The step relative to `max(1, |x|)`; about the cube root of the float epsilon, the
    /// usual balance between truncation and rounding error for central differences.
    public var relativeStep = 6e-6
    /// The largest error counted as agreement.
    public var tolerance = 1e-6

    private let order: [NodeID]
    private let positionInOrder: [Int32]

    /// A check of `root` in `graph`.
    public init(graph: Graph, root: NodeID) {
        self.init(graph: graph, root: root, order: graph.topologicalOrder(from: root))
    }

    /// A check of `root` given its topological order (`graph.topologicalOrder(from: root)`).
    public init(graph: Graph, root: NodeID, order: [NodeID]) {
        self.graph = graph
        self.root = root
        self.order = order
        var positions = [Int32](repeating: -1, count: graph.count)
        for (position, node) in order.enumerated() { positions[node.index] = Int32(position) }
        positionInOrder = positions
    }

    /// The leaves and constants the root depends on, in topological order.
    public var leaves: [NodeID] { order.filter { graph.isLeaf($0) } }

    /// Checks every leaf the root depends on against `gradients`.
    public func run(gradients: Gradients) -> [LeafResult] {
        var scratch = Scratch(values: graph.values)
        return leaves.map { check($0, analytic: gradients[$0], scratch: &scratch) }
    }

    /// Checks one leaf against its analytic gradient.
    public func check(_ leaf: NodeID, analytic: Double) -> LeafResult {
        var scratch = Scratch(values: graph.values)
        return check(leaf, analytic: analytic, scratch: &scratch)
    }

    /// Two copies of the forward values, perturbed up and down, restored after each leaf.
    private struct Scratch {
        var plus: [Double]
        var minus: [Double]
        init(values: [Double]) {
            plus = values
            minus = values
        }
    }

    private func check(_ leaf: NodeID, analytic: Double, scratch: inout Scratch) -> LeafResult {
        let x = graph.value(of: leaf)
        let h = relativeStep * max(1, Swift.abs(x))
        let up = x + h
        let down = x - h
        var crossesKink = false
        var numeric = 0.0
        if graph.contains(leaf), positionInOrder[leaf.index] >= 0 {
            let suffix = order[Int(positionInOrder[leaf.index])...]
            scratch.plus[leaf.index] = up
            scratch.minus[leaf.index] = down
            for node in suffix.dropFirst() {
                let index = node.index
                scratch.plus[index] = graph.recomputedValue(of: index, in: scratch.plus)
                scratch.minus[index] = graph.recomputedValue(of: index, in: scratch.minus)
                if graph.operation(of: node).hasKinkAtZero {
                    let input = graph.inputs(of: node)[0].index
                    crossesKink =
                        crossesKink || Self.straddlesZero(scratch.plus[input], scratch.minus[input])
                }
            }
            numeric = (scratch.plus[root.index] - scratch.minus[root.index]) / (up - down)
            for node in suffix {
                scratch.plus[node.index] = graph.values[node.index]
                scratch.minus[node.index] = graph.values[node.index]
            }
        }
        let error = Swift.abs(analytic - numeric) / max(1, Swift.abs(analytic), Swift.abs(numeric))
        let verdict: Verdict =
            if !analytic.isFinite || !numeric.isFinite {
                .notFinite
            } else if crossesKink {
                .kink
            } else {
                error <= tolerance ? .agrees : .mismatch
            }
        return LeafResult(
            leaf: leaf, value: x, step: h, analytic: analytic, numeric: numeric, error: error,
            verdict: verdict)
    }

    /// Whether two values that differ lie on both sides of 0 or on it: the perturbation moved
    /// a relu's or abs's input across its kink.
    private static func straddlesZero(_ a: Double, _ b: Double) -> Bool {
        a != b && ((a <= 0 && b >= 0) || (a >= 0 && b <= 0))
    }
}
