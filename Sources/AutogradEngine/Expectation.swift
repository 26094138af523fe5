/// What a file's author expects of a node after the backward pass: `assert a.grad == 45`,
/// `assert abs(a.data - 2) < 1e-6`.
///
/// Checked after the first backward pass (epoch 1): `.data` against the forward value,
/// `.grad` against the final gradient.
public struct Expectation: Sendable, Equatable {
    /// The number an expectation is about.
    public enum Field: String, Sendable, Equatable {
        /// `NAME.data`: the forward value.
        case data
        /// `NAME.grad`: the gradient after the backward pass.
        case grad
    }

    /// How the number is compared.
    public enum Comparison: Sendable, Equatable {
        /// `== expected`, within a relative 1e-9.
        case equals(Double)
        /// `abs(x - expected) < bound`.
        case within(Double, of: Double)
    }

    /// The node.
    public var node: NodeID
    /// Which of its numbers.
    public var field: Field
    /// The comparison.
    public var comparison: Comparison
    /// The 1-based line of the `assert`.
    public var line: Int

    /// An expectation on `node`'s `field`, stated at `line`.
    public init(node: NodeID, field: Field, comparison: Comparison, line: Int) {
        self.node = node
        self.field = field
        self.comparison = comparison
        self.line = line
    }

    /// The relative tolerance of `==`.
    public static let relativeTolerance = Tolerance.relative

    /// The number the comparison expects.
    public var expected: Double {
        switch comparison {
        case .equals(let value), .within(_, of: let value): value
        }
    }

    /// Whether `actual` meets the expectation. NaN never does.
    public func isMet(by actual: Double) -> Bool {
        switch comparison {
        case .equals(let expected):
            if actual == expected { return true }
            let scale = Swift.max(Swift.abs(actual), Swift.abs(expected))
            return Swift.abs(actual - expected) <= Self.relativeTolerance * scale
        case .within(let bound, of: let expected):
            return Swift.abs(actual - expected) < bound
        }
    }
}
