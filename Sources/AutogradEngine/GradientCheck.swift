/// Checks analytic gradients against numerical derivatives, leaf by leaf.
///
/// The numerical derivative is Ridders' method: central differences `(f(x+h) − f(x−h)) / 2h`
/// for steps shrinking by 1.4, extrapolated to `h = 0` in a Neville tableau that also
/// estimates its own error. It starts from a few steps (a tenth of `max(1, |x|)`, a tenth, a
/// thousandth of `max(1, |x|)`) and keeps the estimate with the smallest error, so a function
/// that varies on the scale of 1 at `x = 1000` (`sin`) is judged as well as one that varies on
/// the scale of `x` (`log`). Each run's error counts what rounding the root's values alone can
/// do to a difference (`x + 5e7` cannot resolve a slope of 1 to 1e-6 with steps of 0.1). The
/// analytic gradient agrees when it is within the tolerance plus twice the error of any clean
/// run; a mismatch needs two precise runs that agree with each other; anything else is
/// `imprecise` (not comparable), never a mismatch.
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
        run(gradients: gradients, leaves: leaves)
    }

    /// Checks `leaves` against `gradients`.
    public func run(gradients: Gradients, leaves: [NodeID]) -> [LeafResult] {
        var scratch = Scratch(values: graph.values)
        return leaves.map { check($0, analytic: gradients[$0], scratch: &scratch) }
    }

    /// The leaves a check within `budget` reaches: each one re-evaluates the nodes after it in
    /// the order a few dozen times, so a chain of n inputs costs about n²/2 of those; every leaf
    /// when that sum is at most `budget`, else every k-th leaf, k as small as keeps the sum
    /// within it, so that a check takes time bounded whatever the graph.
    public func leaves(within budget: Int) -> [NodeID] {
        let all = leaves
        let cost = all.reduce(0) { $0 + (order.count - Int(positionInOrder[$1.index])) }
        guard cost > budget, budget > 0 else { return all }
        let stride = (cost + budget - 1) / budget
        return all.enumerated().compactMap { $0.offset % stride == 0 ? $0.element : nil }
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
        var runs: [Extrapolation] = []
        for firstStep in [0.1 * scale, 0.1, 1e-3 * scale] {
            let run = ridders(leaf, from: x, firstStep: firstStep, scratch: &scratch)
            runs.append(run)
            // A clean run the analytic gradient agrees with settles it.
            if run.agrees(with: analytic, tolerance: tolerance) { break }
        }
        let (run, verdict) = judge(analytic, runs: runs, rootValue: graph.value(of: root))
        let numeric = run.estimate
        let size = max(1, Swift.abs(analytic), Swift.abs(numeric))
        return LeafResult(
            leaf: leaf, value: x, step: run.firstStep, analytic: analytic, numeric: numeric,
            errorEstimate: run.error, error: Swift.abs(analytic - numeric) / size,
            verdict: verdict)
    }

    /// The run to report and the verdict. A step far larger than the scale on which the
    /// function varies can extrapolate to a confident wrong number (`sin` at 10⁸), so one run is
    /// never enough to accuse: agreement with any clean run is agreement, and a mismatch needs
    /// two clean runs, each precise, that agree with each other and not with the analytic
    /// gradient. Anything else cannot be measured here: not comparable.
    ///
    /// A run is precise by its own numbers, never by the analytic gradient's size: an estimate
    /// of −0.38 ± 0.78 is no measurement whether the analytic value is 1 or 2·10⁸. Its error must
    /// be within the tolerance of the estimate itself, or of the smallest slope the run can
    /// resolve: a slope of 1 where its first step is at most 1, else `max(1, |f|) / h` for a
    /// first step `h`, the slope of a change the size of the function's value over the step.
    /// So a function that oscillates faster than the step (`sin(x)` at 10¹⁵, sampled every
    /// 10¹² or more) gives a tiny slope with an error bar as large as itself: imprecise.
    private func judge(_ analytic: Double, runs: [Extrapolation], rootValue: Double)
        -> (Extrapolation, Verdict)
    {
        let fallback = Extrapolation(firstStep: 0, estimate: .nan, error: .infinity)
        if let agreeing = runs.first(where: { $0.agrees(with: analytic, tolerance: tolerance) }) {
            return (agreeing, .agrees)
        }
        let best = runs.min { $0.isBetter(than: $1) } ?? fallback
        guard analytic.isFinite, best.estimate.isFinite else { return (best, .notFinite) }
        if best.kinkAtSmallestStep { return (best, .kink) }
        let scale = rootValue.isFinite ? max(1, Swift.abs(rootValue)) : 1
        let precise = runs.filter { run in
            let resolvable = min(1, scale / run.firstStep)
            return !run.kinkAtSmallestStep && run.estimate.isFinite
                && run.error <= tolerance * max(resolvable, Swift.abs(run.estimate))
        }
        for (index, first) in precise.enumerated() {
            for second in precise[(index + 1)...] where first.agrees(with: second, tolerance) {
                return (first.error <= second.error ? first : second, .mismatch)
            }
        }
        return (best, .imprecise)
    }

    /// One run of Ridders' method: its first step, its best estimate, the estimate's error,
    /// and whether its smallest step still crossed a kink.
    private struct Extrapolation {
        let firstStep: Double
        var estimate: Double
        /// The extrapolation's own error estimate, plus what rounding the function's values
        /// alone can make of a difference at the smallest step used.
        var error: Double
        var kinkAtSmallestStep = false

        /// Whether this run's estimate is to be preferred: clear of kinks first, then smaller
        /// in error.
        func isBetter(than other: Extrapolation) -> Bool {
            if kinkAtSmallestStep != other.kinkAtSmallestStep { return !kinkAtSmallestStep }
            return error < other.error || (other.error.isNaN && !error.isNaN)
        }

        /// Whether `analytic` agrees with this clean, precise run (its error within the
        /// tolerance), within the tolerance and twice the run's error.
        func agrees(with analytic: Double, tolerance: Double) -> Bool {
            guard !kinkAtSmallestStep, estimate.isFinite, analytic.isFinite else { return false }
            let size = max(1, Swift.abs(analytic), Swift.abs(estimate))
            guard error <= tolerance * size else { return false }
            return Swift.abs(analytic - estimate) <= tolerance * size + 2 * error
        }

        /// Whether two runs agree with each other within their errors.
        func agrees(with other: Extrapolation, _ tolerance: Double) -> Bool {
            let size = max(1, Swift.abs(estimate), Swift.abs(other.estimate))
            return Swift.abs(estimate - other.estimate)
                <= tolerance * size + 2 * (error + other.error)
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
        var rounding = first.rounding
        var run = Extrapolation(
            firstStep: firstStep, estimate: first.slope, error: .infinity,
            kinkAtSmallestStep: first.crossesKink)
        for column in 1..<rows {
            step /= shrink
            first = difference(leaf, at: x, step: step, scratch: &scratch)
            tableau[0][column] = first.slope
            rounding = max(rounding, first.rounding)
            var factor = shrink * shrink
            for row in 1...column {
                tableau[row][column] =
                    (tableau[row - 1][column] * factor - tableau[row - 1][column - 1])
                    / (factor - 1)
                factor *= shrink * shrink
                let error = max(
                    Swift.abs(tableau[row][column] - tableau[row - 1][column]),
                    Swift.abs(tableau[row][column] - tableau[row - 1][column - 1]))
                if error + rounding <= run.error {
                    run.error = error + rounding
                    run.estimate = tableau[row][column]
                    run.kinkAtSmallestStep = first.crossesKink
                }
            }
            let drift = Swift.abs(tableau[column][column] - tableau[column - 1][column - 1])
            if !(drift < 2 * run.error) { break }
        }
        return run
    }

    /// The central difference at the leaf with step `step`, whether the perturbation moved a
    /// relu's or abs's input across 0, and how far rounding the two values of the root alone
    /// can move the slope: each is off by up to a few ulps of itself (`roundingUlps`), and the
    /// difference divides that by the step.
    private func difference(
        _ leaf: NodeID, at x: Double, step: Double, scratch: inout Scratch
    ) -> (slope: Double, crossesKink: Bool, rounding: Double) {
        guard graph.contains(leaf), positionInOrder[leaf.index] >= 0 else { return (0, false, 0) }
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
        let high = scratch.plus[root.index]
        let low = scratch.minus[root.index]
        let slope = (high - low) / (up - down)
        let rounding =
            Self.roundingUlps * (high.ulp.magnitude + low.ulp.magnitude) / (up - down).magnitude
        for node in suffix {
            scratch.plus[node.index] = graph.values[node.index]
            scratch.minus[node.index] = graph.values[node.index]
        }
        return (slope, crossesKink, rounding.isNaN ? .infinity : rounding)
    }

    /// How many ulps of its own value a computed root may be off by, for the rounding bound: a
    /// few operations' worth (each rounds by half an ulp, and errors grow through them).
    static let roundingUlps = 8.0

    /// Whether two values that differ lie on both sides of 0 or on it: the perturbation moved
    /// a relu's or abs's input across its kink.
    private static func straddlesZero(_ a: Double, _ b: Double) -> Bool {
        a != b && ((a <= 0 && b >= 0) || (a >= 0 && b <= 0))
    }
}
