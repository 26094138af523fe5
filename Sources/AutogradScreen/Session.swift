import AgScript
import AutogradCapture
import AutogradEngine

/// The debugger's state: where backpropagation stands, which node is selected, breakpoints,
/// search, and what happened last. Pure: commands in, state out; it holds facts and events,
/// never sentences: the screen draws it and puts its notices into words.
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

    /// The most characters of a label the screen shows: more than the widest pane.
    public static let longestLabelShown = 256

    /// The script being debugged.
    public let script: Script
    /// The capture the script replays, when it came from someone's own engine: their
    /// numbers, the verdict, and the other captures of the run.
    public let capture: CapturedRun?
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
    /// The breakpoints and where they stop.
    public private(set) var breakpoints = Breakpoints()
    /// The search prompt and the last query.
    public private(set) var search = Search()
    /// Whether the help overlay is shown.
    public private(set) var isHelpVisible = false
    /// What the last command has to tell the user, cleared by the next command.
    public private(set) var notice: Notice?
    /// Gradient checks run so far, by leaf.
    public private(set) var checks: [NodeID: GradientCheck.LeafResult] = [:]
    /// Whether the user asked to quit.
    public private(set) var isQuitRequested = false
    /// The width of the graph pane's name column: the longest name, at most 16.
    public let nameColumnWidth: Int
    /// Which the source pane follows: the execution point or the selection, whichever moved
    /// last.
    public private(set) var isFollowingSelection = false

    /// Made on the first check, as it costs a pass over the graph (the order is shared).
    private var checker: GradientCheck?
    private var laneBudget: Int

    /// A session on `script`, at step 0 (the root seeded), the root selected, its DAG laid
    /// out within `laneBudget` lanes (`ScreenLayout.laneBudget` for the screen it will fill).
    public init(script: Script, laneBudget: Int = 8) {
        self.init(script: script, capture: nil, laneBudget: laneBudget)
    }

    /// A session on a capture's replayed graph, as `init(script:laneBudget:)`.
    public init(capture: CapturedRun, laneBudget: Int = 8) {
        self.init(script: capture.script, capture: capture, laneBudget: laneBudget)
    }

    private init(script: Script, capture: CapturedRun?, laneBudget: Int) {
        self.script = script
        self.capture = capture
        names = NodeNames(graph: script.graph, longestLabel: Self.longestLabelShown)
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
        self.init(script: script, capture: nil, width: width, height: height)
    }

    /// A session on a capture's replayed graph, as `init(script:width:height:)`.
    public init(capture: CapturedRun, width: Int, height: Int) {
        self.init(script: capture.script, capture: capture, width: width, height: height)
    }

    private init(script: Script, capture: CapturedRun?, width: Int, height: Int) {
        let screen = ScreenLayout(width: width, height: height)
        self.init(script: script, capture: capture, laneBudget: screen?.laneBudget ?? 8)
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
        notice = nil
        switch command {
        case .stepForward:
            if !stepper.advance() { notice = .atEnd }
            revealExecution()
        case .stepBack:
            if currentStep == 0 { notice = .atStart } else { stepper.retreat() }
            revealExecution()
        case .continueForward:
            if let next = breakpoints.next(after: currentStep) {
                stopAtBreakpoint(next)
            } else {
                stepper.seek(toStep: stepper.finalStep)
                notice = .noBreakpointAhead
            }
            revealExecution()
        case .continueBackward:
            if let previous = breakpoints.previous(before: currentStep) {
                stopAtBreakpoint(previous)
            } else {
                stepper.seek(toStep: 0)
                notice = .noBreakpointBehind
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
            search.begin()
        case .typeInSearch(let character):
            search.type(character)
        case .deleteInSearch:
            search.deleteBackward()
        case .submitSearch:
            submitSearch()
        case .cancelSearch:
            search.cancel()
        case .checkSelected:
            checkSelected()
        case .jumpToVerdict:
            jumpToVerdict()
        case .previousCapture:
            moveCapture(by: -1)
        case .nextCapture:
            moveCapture(by: 1)
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

    private mutating func stopAtBreakpoint(_ step: Int) {
        stepper.seek(toStep: step)
        notice = breakpoints.hit(at: step, stepper: stepper).map(Notice.breakpointHit)
    }

    private mutating func runToSelected() {
        let node = selectedNode
        if let step = stepper.step(firing: node) {
            stepper.seek(toStep: step)
            notice = .runToFiring(node, step: step)
        } else if let step = stepper.lastContributingStep(to: node) {
            stepper.seek(toStep: step)
            notice = step == 0 ? .runToSeed(node) : .runToFinalGradient(node, step: step)
        } else {
            notice = .unused(node, refused: .runToSelected)
        }
        revealExecution()
    }

    private mutating func toggleBreakpoint() {
        let node = selectedNode
        guard stepper.lastContributingStep(to: node) != nil else {
            notice = .unused(node, refused: .toggleBreakpoint)
            return
        }
        let isSet = breakpoints.toggle(node, stepper: stepper, users: users)
        notice = isSet ? .breakpointSet(node) : .breakpointCleared(node)
    }

    private mutating func submitSearch() {
        guard let query = search.submit() else { return }
        if let row = Search.row(
            matching: query, after: selectedRow, in: layout, graph: script.graph)
        {
            select(row)
            notice = .found(query: query, layout.rows[row])
        } else {
            notice = .noMatch(query: query)
        }
    }

    private mutating func checkSelected() {
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
                graph: script.graph, root: script.root, order: stepper.topologicalOrder)
        self.checker = checker
        let result = checker.check(node, analytic: finalGradients[node])
        checks[node] = result
        notice = .checked(node, result.verdict, error: result.error)
    }

    /// Runs to the step where the verdict's mistake shows, and selects its node: where the
    /// node fires, step 0 for a seed or a grad left over, where a leaf's grad is final.
    private mutating func jumpToVerdict() {
        guard let capture else {
            notice = .needsCapture(refused: .jumpToVerdict)
            return
        }
        let verdict = capture.review.verdict
        notice = .verdict(verdict)
        guard let node = verdict.node else { return }
        let step: Int
        switch verdict.kind {
        case .seed, .notZeroed, .none: step = 0
        default:
            step = stepper.step(firing: node) ?? stepper.lastContributingStep(to: node) ?? 0
        }
        stepper.seek(toStep: step)
        revealExecution()
        selectedRow = layout.row(of: node)
        reveal(selectedRow)
    }

    /// Opens the kept capture `offset` places away at the same step (the last one where the
    /// other graph has fewer), the same row selected.
    private mutating func moveCapture(by offset: Int) {
        guard let capture else {
            notice = .needsCapture(refused: offset < 0 ? .previousCapture : .nextCapture)
            return
        }
        let moved: CapturedRun?
        do {
            moved = try capture.moved(by: offset)
        } catch {
            notice = .captureUnreadable(error.message)
            return
        }
        guard let moved else {
            notice = .noCapture(before: offset < 0)
            return
        }
        var next = Session(script: moved.script, capture: moved, laneBudget: laneBudget)
        next.visibleRowCount = visibleRowCount
        next.stepper.seek(toStep: min(currentStep, next.stepper.finalStep))
        next.selectedRow = min(selectedRow, next.layout.rows.count - 1)
        next.scrollRow = scrollRow
        next.isFollowingSelection = isFollowingSelection
        next.notice = .capture(number: moved.number, of: moved.document.callCount)
        next.reveal(next.layout.row(of: next.executionNode))
        next.reveal(next.selectedRow)
        self = next
    }
}
