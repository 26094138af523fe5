import AutogradEngine

/// Where someone's engine first goes wrong, in its backward firing order; the words are made by
/// the reports (`VerdictText`), from these facts.
package enum Verdict: Sendable, Equatable {
    /// Everything judged agrees (what could not be judged, the review says).
    case none
    /// The first finding in the order the judge ranks them.
    case wrong(Finding)

    /// What kind of mistake, spelt as the capture contract spells it.
    package var kind: Finding.Kind {
        switch self {
        case .none: .none
        case .wrong(let finding): finding.kind
        }
    }

    /// The finding, `nil` for `none`.
    package var finding: Finding? {
        switch self {
        case .none: nil
        case .wrong(let finding): finding
        }
    }

    /// The node the verdict is about, `nil` for `none`.
    package var node: NodeID? { finding?.node }
}

/// One place where the engine disagrees with autograd-tui's, with what each kind of mistake
/// knows: every such place, for `--check` and the screen's marks; the verdict is the first.
package enum Finding: Sendable, Equatable {
    /// A grad was left over from an earlier pass when `backward()` was called.
    case notZeroed(node: NodeID, yours: EngineNumber)
    /// The root's grad after `backward()` is not 1.
    case seed(root: NodeID, yours: EngineNumber)
    /// The engine's own `backward()` raised in `node`'s `_backward` (on `input`, where probing
    /// it alone raised too), the `step`-th of the `operations` whose `_backward` a whole pass
    /// runs: the pass stopped there.
    case raised(node: NodeID, input: NodeID?, message: String, step: Int, operations: Int)
    /// The node's value is not what its operation gives from its inputs' engine values.
    case forward(node: NodeID, yours: EngineNumber, correct: Double)
    /// What the node's `_backward` does to `input` is wrong.
    case edge(node: NodeID, input: NodeID, EdgeMistake)
    /// Every local is right, but the node's `_backward` ran at the wrong time, or more than
    /// once, or never.
    case order(node: NodeID, Schedule)
    /// Everything above is right, yet the node's final grad differs (an extra kind: the
    /// contract's list has no name for it).
    case grad(node: NodeID, yours: EngineNumber, correct: Double)

    /// How a `_backward` mistreats one input.
    package enum EdgeMistake: Sendable, Equatable {
        /// It passes the wrong local derivative (`yours`, where the probe measured one).
        case local(yours: Double?, correct: Double)
        /// It overwrites the input's grad: `=` where `+=` belongs.
        case assign
        /// It leaves out the factor `out.grad`.
        case ignoresUpstream
        /// It leaves the input's grad unchanged where the local derivative is `correct`, not 0.
        case untouched(correct: Double)
        /// Called alone, it raised (`message`, the exception's text).
        case error(message: String?)
    }

    /// When a `_backward` ran, where that is the mistake.
    package enum Schedule: Sendable, Equatable {
        /// More than once in one pass, at these 1-based steps of the engine's firing order: its
        /// inputs got its share again each time.
        case firedTwice(steps: [Int])
        /// At 1-based `step`, before `user`, a user of the node, had: it passed on an
        /// incomplete grad.
        case firedEarly(step: Int, user: NodeID)
        /// Never.
        case neverFired
    }

    /// The kinds of mistake, spelt as the capture contract spells them.
    package enum Kind: String, Sendable, CaseIterable {
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
        /// The schedule of the `_backward` calls is wrong.
        case order
        /// A final grad differs, everything else being right.
        case grad
        /// Everything judged agrees.
        case none
    }

    /// What a finding is about, as `--json`'s `what` says it.
    package enum Subject: String, Sendable {
        /// A node's forward value, from its inputs' engine values.
        case value
        /// An edge: what the node's `_backward` passes to one input.
        case edge
        /// A node's grad after `backward()`.
        case grad
        /// A node's grad when `backward()` was called.
        case gradBefore = "grad_before"
    }

    /// The kind of mistake.
    package var kind: Kind {
        switch self {
        case .notZeroed: .notZeroed
        case .seed: .seed
        case .raised: .error
        case .forward: .forward
        case .edge(_, _, .local): .local
        case .edge(_, _, .assign): .assign
        case .edge(_, _, .ignoresUpstream): .ignoresUpstream
        case .edge(_, _, .untouched): .untouched
        case .edge(_, _, .error): .error
        case .order: .order
        case .grad: .grad
        }
    }

    /// What it is about.
    package var subject: Subject {
        switch self {
        case .notZeroed: .gradBefore
        case .forward: .value
        case .raised, .edge: .edge
        case .seed, .order, .grad: .grad
        }
    }

    /// The node (graph id).
    package var node: NodeID {
        switch self {
        case .notZeroed(let node, _), .seed(let node, _), .forward(let node, _, _),
            .edge(let node, _, _), .order(let node, _), .grad(let node, _, _),
            .raised(let node, _, _, _, _):
            node
        }
    }

    /// The input whose edge is wrong, where one is.
    package var input: NodeID? {
        switch self {
        case .edge(_, let input, _): input
        case .raised(_, let input, _, _, _): input
        case .notZeroed, .seed, .forward, .order, .grad: nil
        }
    }

    /// For a node that fired early, the user that had not fired yet.
    package var user: NodeID? {
        if case .order(_, .firedEarly(_, let user)) = self { return user }
        return nil
    }

    /// The engine's number, where one applies (not for a wrong mode, whose local may well be
    /// right).
    package var yours: EngineNumber? {
        switch self {
        case .notZeroed(_, let yours), .seed(_, let yours), .forward(_, let yours, _),
            .grad(_, let yours, _):
            yours
        case .edge(_, _, .local(let yours, _)): yours.map(EngineNumber.number)
        case .edge(_, _, .untouched): .number(0)
        case .edge(_, _, .assign), .edge(_, _, .ignoresUpstream), .edge(_, _, .error),
            .raised, .order:
            nil
        }
    }

    /// The correct number, where one applies.
    package var correct: Double? {
        switch self {
        case .notZeroed: 0
        case .seed: 1
        case .forward(_, _, let correct), .grad(_, _, let correct),
            .edge(_, _, .local(_, let correct)), .edge(_, _, .untouched(let correct)):
            correct
        case .edge(_, _, .assign), .edge(_, _, .ignoresUpstream), .edge(_, _, .error),
            .raised, .order:
            nil
        }
    }

    /// The exception's text, for a `_backward` that raised.
    package var message: String? {
        switch self {
        case .edge(_, _, .error(let message)): message
        case .raised(_, _, let message, _, _): message
        case .notZeroed, .seed, .forward, .edge, .order, .grad: nil
        }
    }
}
