import AutogradEngine

/// The nodes with a breakpoint and the steps where they stop: an operation stops where it
/// fires; a leaf, which never fires, at every step that adds to its gradient, like a
/// watchpoint.
package struct Breakpoints: Sendable, Equatable {
    /// Why `c` or `C` stopped at a step.
    package struct Hit: Sendable, Equatable {
        /// The node whose breakpoint stopped it.
        package let node: NodeID
        /// The step it stopped at.
        package let step: Int
        /// Whether the node is a leaf whose gradient this step adds to (else the node fires,
        /// or is seeded at step 0).
        package let isWatch: Bool

        /// The hit of `node`'s breakpoint at `step`.
        package init(node: NodeID, step: Int, isWatch: Bool) {
            self.node = node
            self.step = step
            self.isWatch = isWatch
        }
    }

    /// The nodes with a breakpoint.
    package private(set) var nodes: Set<NodeID> = []
    /// The steps at which a breakpoint stops, ascending.
    private var stops: [Int] = []

    /// No breakpoints.
    package init() {}

    /// Whether `node` has a breakpoint.
    package func contains(_ node: NodeID) -> Bool { nodes.contains(node) }

    /// Sets a breakpoint on `node` or clears it; returns whether it is now set.
    package mutating func toggle(
        _ node: NodeID, stepper: BackwardStepper, users: UserIndex
    ) -> Bool {
        let isSet = nodes.remove(node) == nil
        if isSet { nodes.insert(node) }
        var steps = Set<Int>()
        for node in nodes { steps.formUnion(Self.stops(of: node, stepper: stepper, users: users)) }
        stops = steps.sorted()
        return isSet
    }

    /// The first step after `step` where a breakpoint stops.
    package func next(after step: Int) -> Int? { stops.first { $0 > step } }

    /// The last step before `step` where a breakpoint stops.
    package func previous(before step: Int) -> Int? { stops.last { $0 < step } }

    /// Which breakpoint stops at `step`: the node that fires or is seeded there, else a
    /// watched leaf that the step adds to.
    package func hit(at step: Int, stepper: BackwardStepper) -> Hit? {
        let node = stepper.node(atStep: step)
        if nodes.contains(node) { return Hit(node: node, step: step, isWatch: false) }
        let inputs = stepper.graph.inputs(of: node)
        guard step > 0, let watched = inputs.first(where: nodes.contains) else { return nil }
        return Hit(node: watched, step: step, isWatch: true)
    }

    /// Where a breakpoint on `node` stops: where it fires, where it is seeded (the root), or,
    /// for a leaf, where each of its users fires.
    private static func stops(
        of node: NodeID, stepper: BackwardStepper, users: UserIndex
    ) -> [Int] {
        if let step = stepper.step(firing: node) { return [step] }
        if node == stepper.root { return [0] }
        return users.users(of: node).compactMap { stepper.step(firing: $0) }
    }
}
