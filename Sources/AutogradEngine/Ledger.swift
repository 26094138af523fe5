extension BackwardStepper {
    /// One entry of a node's accumulation ledger: a contribution it received, from which user,
    /// at which step.
    public struct LedgerEntry: Sendable, Equatable {
        /// The step that made the contribution.
        public let step: Int
        /// The user that fired.
        public let user: NodeID
        /// What was added, with the gradient before and after (the running sum).
        public let contribution: Contribution
    }

    /// How many contributions `node` receives in the whole backward pass: one for each input
    /// slot of each of its users that fires (`a * a` gives `a` two). The root's seed is not
    /// one.
    public func contributionCount(to node: NodeID) -> Int {
        contributions.steps(of: node.index).count
    }

    /// How many of them the steps applied so far have made: a binary search, whatever the
    /// count.
    public func appliedContributionCount(to node: NodeID) -> Int {
        contributions.count(of: node.index, before: appliedStepCount)
    }

    /// The entries of `node`'s ledger at `positions` (counted from 0 in step order), as far as
    /// they have been applied: what a view that shows a few of a million draws, at the cost of
    /// those few.
    public func ledger(of node: NodeID, entries positions: Range<Int>) -> [LedgerEntry] {
        let steps = contributions.steps(of: node.index)
        let applied = appliedContributionCount(to: node)
        var entries: [LedgerEntry] = []
        for position in Swift.max(
            0, positions.lowerBound)..<Swift.min(positions.upperBound, applied)
        {
            let step = Int(steps[steps.startIndex + position])
            // A user that takes the node twice contributes twice in one step: the entries
            // before this one at the same step tell which of its contributions this is.
            var repeats = 0
            while position - repeats > 0,
                steps[steps.startIndex + position - repeats - 1] == Int32(step)
            {
                repeats += 1
            }
            guard let event = event(at: step) else { continue }
            let received = event.contributions.filter { $0.input == node }
            guard repeats < received.count else { continue }
            entries.append(
                LedgerEntry(step: step, user: event.node, contribution: received[repeats]))
        }
        return entries
    }

    /// Every contribution `node` has received so far, in step order: its whole ledger.
    public func ledger(of node: NodeID) -> [LedgerEntry] {
        ledger(of: node, entries: 0..<appliedContributionCount(to: node))
    }
}
