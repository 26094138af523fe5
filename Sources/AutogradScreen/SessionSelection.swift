import AutogradEngine

/// The commands that act on the selected node: a breakpoint on it, a search from it, a
/// gradient check of it.
extension Session {
    mutating func toggleBreakpoint() {
        guard selectedFold == nil else {
            notice = .needsNode(refused: .toggleBreakpoint)
            return
        }
        let node = selectedNode
        guard stepper.lastContributingStep(to: node) != nil else {
            notice = .unused(node, refused: .toggleBreakpoint)
            return
        }
        let isSet = breakpoints.toggle(node, stepper: stepper, users: users)
        notice = isSet ? .breakpointSet(node) : .breakpointCleared(node)
    }

    mutating func submitSearch() {
        guard let query = search.submit() else { return }
        if let found = Search.row(
            matching: query, after: layout.row(of: selectedNode), in: layout, graph: script.graph)
        {
            let node = layout.rows[found]
            openFold(of: node)
            revealLine(of: node)
            select(row(of: node))
            notice = .found(query: query, node)
        } else {
            notice = .noMatch(query: query)
        }
    }

    mutating func checkSelected() {
        guard selectedFold == nil else {
            notice = .needsNode(refused: .checkSelected)
            return
        }
        let node = selectedNode
        guard script.graph.isLeaf(node) else {
            notice = .checkNeedsLeaf(node)
            return
        }
        guard stepper.lastContributingStep(to: node) != nil else {
            notice = .unused(node, refused: .checkSelected)
            return
        }
        let checker =
            self.checker
            ?? GradientCheck(
                graph: timeline.graph, root: script.root, order: stepper.topologicalOrder)
        self.checker = checker
        let result = checker.check(node, analytic: finalGradients[node])
        checks[node] = result
        notice = .checked(node, result.verdict, error: result.error)
    }
}
