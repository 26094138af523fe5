/// Checks analytic gradients against numerical derivatives, leaf by leaf.
///
/// The numerical derivative is Ridders' method: central differences `(f(x+h) − f(x−h)) / 2h`
/// for steps shrinking by 1.4, extrapolated to `h = 0` in a Neville tableau that also
/// estimates its own error. It starts from a few steps (a tenth of `max(1, |x|)`, a tenth, a
/// thousandth of `max(1, |x|)`) and keeps the estimate with the smallest error, so a function
/// that varies on the scale of 1 at `x = 1000` (`sin`) is judged as well as one that varies on
/// the scale of `x` (`log`). The analytic gradient agrees when it is within the tolerance plus
/// twice that error; a leaf whose derivative cannot be estimated within the tolerance is
/// `imprecise`, never a mismatch.
///
/// Each evaluation re-evaluates the nodes that come after the leaf in the root's topological
/// order: every node that depends on the leaf is among them, and nodes before the leaf, which
/// cannot depend on it, keep their values.
public struct GradientCheck: Sendable {
    /// How a leaf's analytic and numeric gradients compare.
    public enum Verdict: String, Sendable {
        /// The difference is within the tolerance (and the estimate's error).
        case agrees
        /// The difference exceeds both: the analytic gradient is suspect.
        case mismatch
        /// Even the smallest step crosses a kink (relu or abs at 0), so no difference can
        /// agree; not counted as a mismatch.
        case kink
        /// The analytic or numeric value is NaN or infinite, so there is nothing to compare.
        case notFinite
        /// The numerical derivative's own error estimate exceeds the tolerance: it cannot
        /// judge the analytic one.
        case imprecise
    }

    /// The check of one leaf.
    public struct LeafResult: Sendable, Equatable {
        /// The leaf (or constant) checked.
        public let leaf: NodeID
        /// The leaf's value.
        public let value: Double
        /// The first step `h` of the extrapolation kept.
        public let step: Double
        /// The gradient found by backpropagation.
        public let analytic: Double
        /// The numerical derivative.
        public let numeric: Double
        /// The numerical derivative's own error estimate.
        public let errorEstimate: Double
        /// `|analytic − numeric| / max(1, |analytic|, |numeric|)`.
        public let error: Double
        /// How the two compare.
        public let verdict: Verdict
    }

    /// The graph checked.
    public let graph: Graph
    /// The node differentiated.
    public let root: NodeID
    /// The largest difference counted as agreement, relative to `max(1, |analytic|, |numeric|)`.
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
        let scale = max(1, Swift.abs(x))
        var best: Extrapolation?
        for firstStep in [0.1 * scale, 0.1, 1e-3 * scale] {
            let run = ridders(leaf, from: x, firstStep: firstStep, scratch: &scratch)
            if best.map({ run.isBetter(than: $0) }) ?? true { best = run }
            // Good enough already: a clean estimate whose error is far below the tolerance.
            if let best, !best.kinkAtSmallestStep, best.estimate.isFinite,
                best.error <= tolerance * max(1, Swift.abs(best.estimate)) / 100
            {
                break
            }
        }
        let run = best ?? Extrapolation(firstStep: 0, estimate: .nan, error: .infinity)
        let numeric = run.estimate
        let size = max(1, Swift.abs(analytic), Swift.abs(numeric))
        let error = Swift.abs(analytic - numeric) / size
        let verdict: Verdict =
            if !analytic.isFinite || !numeric.isFinite {
                .notFinite
            } else if run.kinkAtSmallestStep {
                .kink
            } else if !(run.error <= tolerance * size) {
                .imprecise
            } else {
                error * size <= tolerance * size + 2 * run.error ? .agrees : .mismatch
            }
        return LeafResult(
            leaf: leaf, value: x, step: run.firstStep, analytic: analytic, numeric: numeric,
            errorEstimate: run.error, error: error, verdict: verdict)
    }

    /// One run of Ridders' method: its first step, its best estimate, the estimate's error,
    /// and whether its smallest step still crossed a kink.
    private struct Extrapolation {
        let firstStep: Double
        var estimate: Double
        var error: Double
        var kinkAtSmallestStep = false

        /// Whether this run's estimate is to be preferred: clear of kinks first, then smaller
        /// in error.
        func isBetter(than other: Extrapolation) -> Bool {
            if kinkAtSmallestStep != other.kinkAtSmallestStep { return !kinkAtSmallestStep }
            return error < other.error || (other.error.isNaN && !error.isNaN)
        }
    }

    /// Ridders' extrapolation of central differences at the leaf, from `firstStep` down by
    /// 1.4 a time (Numerical Recipes' `dfridr`): it stops when the error stops shrinking.
    private func ridders(
        _ leaf: NodeID, from x: Double, firstStep: Double, scratch: inout Scratch
    ) -> Extrapolation {
        let shrink = 1.4
        let rows = 10
        var tableau = [[Double]](repeating: [Double](repeating: 0, count: rows), count: rows)
        var step = firstStep
        var first = difference(leaf, at: x, step: step, scratch: &scratch)
        tableau[0][0] = first.slope
        var run = Extrapolation(
            firstStep: firstStep, estimate: first.slope, error: .infinity,
            kinkAtSmallestStep: first.crossesKink)
        for column in 1..<rows {
            step /= shrink
            first = difference(leaf, at: x, step: step, scratch: &scratch)
            tableau[0][column] = first.slope
            var factor = shrink * shrink
            for row in 1...column {
                tableau[row][column] =
                    (tableau[row - 1][column] * factor - tableau[row - 1][column - 1])
                    / (factor - 1)
                factor *= shrink * shrink
                let error = max(
                    Swift.abs(tableau[row][column] - tableau[row - 1][column]),
                    Swift.abs(tableau[row][column] - tableau[row - 1][column - 1]))
                if error <= run.error {
                    run.error = error
                    run.estimate = tableau[row][column]
                    run.kinkAtSmallestStep = first.crossesKink
                }
            }
            let drift = Swift.abs(tableau[column][column] - tableau[column - 1][column - 1])
            if !(drift < 2 * run.error) { break }
        }
        return run
    }

    /// The central difference at the leaf with step `step`, and whether the perturbation
    /// moved a relu's or abs's input across 0.
    private func difference(
        _ leaf: NodeID, at x: Double, step: Double, scratch: inout Scratch
    ) -> (slope: Double, crossesKink: Bool) {
        guard graph.contains(leaf), positionInOrder[leaf.index] >= 0 else { return (0, false) }
        let up = x + step
        let down = x - step
        var crossesKink = false
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
        let slope = (scratch.plus[root.index] - scratch.minus[root.index]) / (up - down)
        for node in suffix {
            scratch.plus[node.index] = graph.values[node.index]
            scratch.minus[node.index] = graph.values[node.index]
        }
        return (slope, crossesKink)
    }

    /// Whether two values that differ lie on both sides of 0 or on it: the perturbation moved
    /// a relu's or abs's input across its kink.
    private static func straddlesZero(_ a: Double, _ b: Double) -> Bool {
        a != b && ((a <= 0 && b >= 0) || (a >= 0 && b <= 0))
    }
}
