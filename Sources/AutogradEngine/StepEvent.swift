/// One step of backpropagation: the seed of the root, or one node's local `_backward`.
public struct StepEvent: Sendable, Equatable {
    /// What a step does.
    public enum Kind: String, Sendable {
        /// Step 0: the root's gradient is set to 1.
        case seed
        /// A node fires: each input receives `local × upstream`.
        case backward
    }

    /// The step's index: 0 is the seed, then one per operation node.
    public let index: Int
    /// Whether this is the seed or a node firing.
    public let kind: Kind
    /// The root (for the seed) or the node that fires.
    public let node: NodeID
    /// The firing node's gradient; for the seed, the gradient given to the root (1).
    public let upstream: Double
    /// What each input receives, in source order; empty for the seed.
    public let contributions: Contributions
}

/// What one input receives when its user fires.
public struct Contribution: Sendable, Equatable {
    /// The input receiving gradient.
    public let input: NodeID
    /// The local derivative of the firing node with respect to this input.
    public let local: Double
    /// `local × upstream`, the amount added.
    public let delta: Double
    /// The input's gradient before the addition.
    public let before: Double
    /// The input's gradient after the addition, `before + delta`.
    public let after: Double
}

/// The contributions of one step, in source order: at most two, stored inline.
public struct Contributions: RandomAccessCollection, Sendable, Equatable {
    private let first: Contribution?
    private let second: Contribution?

    /// No contributions (the seed step).
    public static let none = Contributions(first: nil, second: nil)

    init(first: Contribution?, second: Contribution?) {
        self.first = first
        self.second = first == nil ? nil : second
    }

    /// The position of the first contribution.
    public var startIndex: Int { 0 }

    /// One past the position of the last contribution.
    public var endIndex: Int { first == nil ? 0 : second == nil ? 1 : 2 }

    /// The contribution at `position` (0 or 1).
    public subscript(position: Int) -> Contribution {
        guard let contribution = position == 0 ? first : second else {
            preconditionFailure("no contribution at \(position)")
        }
        return contribution
    }
}
