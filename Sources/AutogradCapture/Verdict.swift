import AutogradEngine

/// Where someone's engine first goes wrong, in its backward firing order, and how; the words are
/// made by the reports (`VerdictText`), from these facts.
public struct Verdict: Sendable, Equatable {
    /// What kind of mistake, spelt as the capture contract spells it.
    public enum Kind: String, Sendable, CaseIterable {
        /// An operation computes the wrong value.
        case forward
        /// A `_backward` passes the wrong local derivative.
        case local
        /// A `_backward` overwrites a child's grad (`=` where `+=` belongs).
        case assign
        /// A `_backward` leaves out the factor `out.grad`.
        case ignoresUpstream = "ignores-upstream"
        /// A `_backward` leaves a child's grad unchanged.
        case untouched
        /// A `_backward` raised.
        case error
        /// Grads left over from an earlier pass when `backward()` was called.
        case notZeroed = "not-zeroed"
        /// The root's grad after `backward()` is not 1.
        case seed
        /// Every local is right, but a node fired before all its users had.
        case order
        /// Every local and the order are right, yet a final grad differs (an extra kind: the
        /// contract's list has no name for it).
        case grad
        /// Everything judged agrees.
        case none
    }

    /// The kind.
    public var kind: Kind
    /// The node (graph id) the verdict is about.
    public var node: NodeID?
    /// The input (graph id) whose edge or grad is wrong, where one is.
    public var input: NodeID?
    /// For `order`: the user that had not fired yet when `node` fired.
    public var user: NodeID?
    /// The engine's number, where one applies.
    public var yours: EngineNumber?
    /// The correct number, where one applies.
    public var correct: Double?
    /// For `error`: the exception's text.
    public var message: String?
    /// For `not-zeroed`: how many nodes had a grad left over.
    public var count: Int?
    /// What more the kind says, where it says more.
    public var detail: Detail?

    /// A verdict of `kind` about `node`.
    public init(
        _ kind: Kind, node: NodeID? = nil, input: NodeID? = nil, user: NodeID? = nil,
        yours: EngineNumber? = nil, correct: Double? = nil, message: String? = nil,
        count: Int? = nil, detail: Detail? = nil
    ) {
        self.kind = kind
        self.node = node
        self.input = input
        self.user = user
        self.yours = yours
        self.correct = correct
        self.message = message
        self.count = count
        self.detail = detail
    }

    /// What an `order` or an `error` finding says beyond its kind.
    public enum Detail: Sendable, Equatable {
        /// The node's `_backward` ran more than once in one pass, at these 1-based steps of
        /// the engine's firing order: its inputs got its share again each time.
        case firedTwice(steps: [Int])
        /// The node's `_backward` ran (at this 1-based step) before a user of it had.
        case firedEarly(step: Int)
        /// The node's `_backward` never ran.
        case neverFired
        /// The engine's own `backward()` raised in this node's `_backward`, the `step`-th of
        /// the `operations` whose `_backward` a whole pass runs: the pass stopped there.
        case raisedInPass(message: String, step: Int, operations: Int)
    }
}

/// One place where the engine disagrees with autograd-tui's: every such place, for `--check`
/// and the screen's marks; the verdict is the first of them in firing order.
public struct Finding: Sendable, Equatable {
    /// What disagrees.
    public enum Subject: String, Sendable {
        /// A node's forward value, from its inputs' engine values.
        case value
        /// An edge: what the node's `_backward` passes to one input.
        case edge
        /// A node's grad after `backward()`.
        case grad
        /// A node's grad when `backward()` was called.
        case gradBefore = "grad_before"
    }

    /// What disagrees.
    public var subject: Subject
    /// The kind of mistake it shows.
    public var kind: Verdict.Kind
    /// The node (graph id).
    public var node: NodeID
    /// The input, for an edge; for an `order` finding, the user that had not fired yet.
    public var input: NodeID?
    /// The engine's number, where it has one.
    public var yours: EngineNumber?
    /// The correct number.
    public var correct: Double?
    /// What more the kind says, where it says more.
    public var detail: Verdict.Detail? = nil
}
