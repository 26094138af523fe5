import AgScript
import AutogradEngine
import AutogradReports

/// The debugger's state: where backpropagation stands, which node is selected, breakpoints,
/// search, and what to tell the user. Pure: commands in, state out; the screen draws it.
public struct Session: Sendable {
    /// Where the backward pass stands, for the title line.
    public enum Phase: String, Sendable {
        /// Step 0: the root has just been seeded.
        case start
        /// Some operations have fired, not all.
        case stepping
        /// Every step has been applied.
        case done
    }

    /// The script being debugged.
    public let script: Script
    /// How nodes are named on screen.
    public let names: NodeNames
    /// Who uses each node, for the inspector.
    public let users: UserIndex
    /// Where backpropagation stands.
    public private(set) var stepper: BackwardStepper
    /// The rows of the graph pane and their edges, for the current lane budget.
    public private(set) var layout: DagLayout
    /// The selected row of the graph pane.
    public private(set) var selectedRow = 0
    /// The first row shown in the graph pane.
    public private(set) var scrollRow = 0
    /// How many rows the graph pane shows.
    public private(set) var visibleRowCount = 10
    /// Nodes with a breakpoint.
    public private(set) var breakpoints: Set<NodeID> = []
    /// The text being typed at the search prompt, `nil` when it is closed.
    public private(set) var searchText: String?
    /// The last search submitted, repeated by an empty one.
    public private(set) var lastSearch = ""
    /// Whether the help overlay is shown.
    public private(set) var isHelpVisible = false
    /// A one-line message for the status line, cleared by the next command.
    public private(set) var message: String?
    /// Gradient checks run so far, by leaf.
    public private(set) var checks: [NodeID: GradientCheck.LeafResult] = [:]
    /// Whether the user asked to quit.
    public private(set) var isQuitRequested = false
    /// The width of the graph pane's name column: the longest name, at most 16.
    public let nameColumnWidth: Int
    /// Which the source pane follows: the execution point or the selection, whichever moved
    /// last.
    public private(set) var isFollowingSelection = false

    /// The steps at which a breakpoint stops, in order.
    private var breakpointSteps: [Int] = []
    /// Made on the first check, as it costs a pass over the graph (the order is shared).
    private var checker: GradientCheck?
    private var laneBudget: Int

    /// A session on `script`, at step 0 (the root seeded), the root selected, its DAG laid
    /// out within `laneBudget` lanes (`ScreenLayout.laneBudget` for the screen it will fill).
    public init(script: Script, laneBudget: Int = 8) {
        self.script = script
        names = NodeNames(graph: script.graph)
        users = UserIndex(graph: script.graph)
        let order = script.graph.topologicalOrder(from: script.root)
        var stepper = BackwardStepper(graph: script.graph, root: script.root, order: order)
        stepper.seek(toStep: 0)
        self.stepper = stepper
        self.laneBudget = laneBudget
        layout = DagLayout(graph: script.graph, order: order, laneBudget: laneBudget)
        // A name is the label, maybe with "#id" added, or "#id" alone.
        let idWidth = String(script.graph.count).count + 1
        var longestLabel = 0
        for label in script.graph.labels {
            longestLabel = max(longestLabel, label?.utf8.count ?? 0)
            if longestLabel + idWidth >= 16 { break }
        }
        nameColumnWidth = min(16, max(4, longestLabel + idWidth))
    }

    /// A session as the debugger opens it on a `width` × `height` screen: laid out within the
    /// screen's lane budget and fitted to its graph pane (the default budget when the screen
    /// is too small to draw).
    public init(script: Script, width: Int, height: Int) {
        let screen = ScreenLayout(width: width, height: height)
        self.init(script: script, laneBudget: screen?.laneBudget ?? 8)
        if let screen { fit(visibleRows: screen.visibleGraphRows, laneBudget: screen.laneBudget) }
    }

    /// The gradients at the end of the backward pass: the analytic side of a gradient check.
    public var finalGradients: Gradients { stepper.finalGradients }

    /// The step shown: the last applied one.
    public var currentStep: Int { stepper.currentStep ?? 0 }

    /// The node seeded or firing at the current step: the execution point.
    public var executionNode: NodeID { stepper.node(atStep: currentStep) }

    /// The node of the selected row.
    public var selectedNode: NodeID { layout.rows[selectedRow] }

    /// Where the backward pass stands.
    public var phase: Phase {
        if stepper.isFinished { return .done }
        return currentStep == 0 ? .start : .stepping
    }

    /// Fits the session to a graph pane of `rows` rows and a lane budget; the layout is
    /// recomputed only when the budget changes.
    public mutating func fit(visibleRows rows: Int, laneBudget budget: Int) {
        visibleRowCount = max(1, rows)
        if budget != laneBudget {
            laneBudget = budget
            layout = DagLayout(
                graph: script.graph, order: stepper.topologicalOrder, laneBudget: budget)
        }
        reveal(layout.row(of: executionNode))
        reveal(selectedRow)
    }

    /// Carries out `command`.
    public mutating func apply(_ command: Command) {
        message = nil
        switch command {
        case .stepForward:
            if stepper.isFinished {
                message = "at the end: every gradient is final (g goes back to step 0)"
            } else {
                stepper.advance()
            }
            revealExecution()
        case .stepBack:
            if currentStep == 0 {
                message = "at step 0: nothing to undo"
            } else {
                stepper.retreat()
            }
            revealExecution()
        case .continueForward:
            if let next = breakpointSteps.first(where: { $0 > currentStep }) {
                stepper.seek(toStep: next)
                message = "breakpoint: \(breakpointReason(atStep: next))"
            } else {
                stepper.seek(toStep: stepper.finalStep)
                message = "no breakpoint ahead: ran to the end"
            }
            revealExecution()
        case .continueBackward:
            if let previous = breakpointSteps.last(where: { $0 < currentStep }) {
                stepper.seek(toStep: previous)
                message = "breakpoint: \(breakpointReason(atStep: previous))"
            } else {
                stepper.seek(toStep: 0)
                message = "no breakpoint behind: back at step 0"
            }
            revealExecution()
        case .runToEnd:
            stepper.seek(toStep: stepper.finalStep)
            revealExecution()
        case .restart:
            stepper.seek(toStep: 0)
            revealExecution()
        case .moveSelection(let delta):
            select(selectedRow + delta)
        case .pageDown:
            select(selectedRow + max(1, visibleRowCount - 1))
        case .pageUp:
            select(selectedRow - max(1, visibleRowCount - 1))
        case .selectRow(let row):
            if layout.rows.indices.contains(row) { select(row) }
        case .runToSelected:
            runToSelected()
        case .toggleBreakpoint:
            toggleBreakpoint()
        case .beginSearch:
            searchText = ""
        case .typeInSearch(let character):
            searchText?.append(character)
        case .deleteInSearch:
            if searchText?.isEmpty == false { searchText?.removeLast() }
        case .submitSearch:
            submitSearch()
        case .cancelSearch:
            searchText = nil
        case .checkSelected:
            checkSelected()
        case .toggleHelp:
            isHelpVisible.toggle()
        case .quit:
            isQuitRequested = true
        }
    }

    private mutating func select(_ row: Int) {
        selectedRow = min(max(row, 0), layout.rows.count - 1)
        isFollowingSelection = true
        reveal(selectedRow)
    }

    private mutating func revealExecution() {
        isFollowingSelection = false
        reveal(layout.row(of: executionNode))
    }

    /// Scrolls the graph pane just enough to show `row`.
    private mutating func reveal(_ row: Int) {
        if row < scrollRow { scrollRow = row }
        if row >= scrollRow + visibleRowCount { scrollRow = row - visibleRowCount + 1 }
        scrollRow = max(0, min(scrollRow, layout.rows.count - visibleRowCount))
    }

    private mutating func runToSelected() {
        let node = selectedNode
        let name = names.name(of: node)
        if let step = stepper.step(firing: node) {
            stepper.seek(toStep: step)
            message = "\(name) fires at step \(step)"
        } else if let step = stepper.lastContributingStep(to: node) {
            stepper.seek(toStep: step)
            message =
                step == 0
                ? "\(name) is the root: seeded at step 0"
                : "\(name) is a leaf and never fires; its grad is final after step \(step)"
        } else {
            message = "the root does not depend on \(name): it takes no step"
        }
        revealExecution()
    }

    /// A breakpoint on an operation stops where it fires; on a leaf, at every step that adds
    /// to its gradient, like a watchpoint.
    private mutating func toggleBreakpoint() {
        let node = selectedNode
        guard stepper.lastContributingStep(to: node) != nil else {
            message = "the root does not depend on \(names.name(of: node)): no step to stop at"
            return
        }
        if breakpoints.remove(node) == nil {
            breakpoints.insert(node)
            message = "breakpoint on \(names.name(of: node))"
        } else {
            message = "breakpoint on \(names.name(of: node)) cleared"
        }
        var steps = Set<Int>()
        for node in breakpoints {
            if let step = stepper.step(firing: node) {
                steps.insert(step)
            } else if script.graph.isLeaf(node) {
                for user in users.users(of: node) {
                    if let step = stepper.step(firing: user) { steps.insert(step) }
                }
            } else {
                steps.insert(0)
            }
        }
        breakpointSteps = steps.sorted()
    }

    private func breakpointReason(atStep step: Int) -> String {
        let node = stepper.node(atStep: step)
        if breakpoints.contains(node) { return "\(names.name(of: node)) fires at step \(step)" }
        let event = stepper.event(at: step)
        let watched = event?.contributions.map(\.input).first { breakpoints.contains($0) }
        if let watched {
            return "\(names.name(of: watched)).grad changes at step \(step)"
        }
        return "step \(step)"
    }

    private mutating func submitSearch() {
        let text = (searchText?.isEmpty ?? true) ? lastSearch : (searchText ?? "")
        searchText = nil
        guard !text.isEmpty else { return }
        lastSearch = text
        let search = LabelSearch(text)
        let count = layout.rows.count
        for offset in 1...count {
            let row = (selectedRow + offset) % count
            let node = layout.rows[row]
            if search.matches(node, label: script.graph.label(of: node)) {
                select(row)
                message = "/\(text): \(names.name(of: node))"
                return
            }
        }
        message = "/\(text): no node matches"
    }

    private mutating func checkSelected() {
        let node = selectedNode
        let name = names.name(of: node)
        guard script.graph.isLeaf(node) else {
            message = "x checks a leaf's gradient: \(name) is an operation; select a leaf"
            return
        }
        guard stepper.lastContributingStep(to: node) != nil else {
            message = "the root does not depend on \(name): its gradient is 0"
            return
        }
        let checker =
            self.checker
            ?? GradientCheck(
                graph: script.graph, root: script.root, order: stepper.topologicalOrder)
        self.checker = checker
        let result = checker.check(node, analytic: finalGradients[node])
        checks[node] = result
        message =
            "check \(name): \(result.verdict.rawValue), error \(NumberFormat.significant(result.error, digits: 2))"
    }
}
