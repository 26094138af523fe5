import AutogradCapture
import AutogradEngine
import AutogradProgram
import AutogradText

/// The debugger's state: where backpropagation stands, which node is selected, breakpoints,
/// search, and what happened last. Pure: commands in, state out; it holds facts and events,
/// never sentences: the screen draws it and puts its notices into words.
public struct Session: Sendable {
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
    /// The file's `assert`s, checked against epoch 1.
    public let expectations: [ExpectationResult]
    /// Where the training loop stands: the epoch, its phase and step.
    public private(set) var timeline: Timeline
    /// How many epochs `E` runs: `--train N`, else 100.
    public var epochsPerRun = 100
    /// Whether the loss curve pane is shown.
    public private(set) var isLossCurveVisible = false
    /// The rows of the graph pane and their edges, for the current lane budget.
    public private(set) var layout: DagLayout
    /// The selected row of the graph pane.
    public private(set) var selectedRow = 0
    /// The first row shown in the graph pane.
    public private(set) var scrollRow = 0
    /// How many rows the graph pane shows.
    public private(set) var visibleRowCount = 10
    /// What the graph pane keeps in view when fitted (each frame, on a resize).
    public private(set) var graphFocus = GraphFocus.execution
    /// The breakpoints and where they stop.
    public private(set) var breakpoints = Breakpoints()
    /// The search prompt and the last query.
    public private(set) var search = Search()
    /// Whether the help overlay is shown.
    public private(set) var isHelpVisible = false
    /// The first line of the help overlay shown, when it is taller than the screen.
    public private(set) var helpScrollRow = 0
    /// What the last command has to tell the user, cleared by the next command.
    public private(set) var notice: Notice?
    /// Gradient checks run so far, by leaf.
    public private(set) var checks: [NodeID: GradientCheck.LeafResult] = [:]
    /// Whether the user asked to quit.
    public private(set) var isQuitRequested = false
    /// The width of the graph pane's name column: the longest name, at most 16.
    public let nameColumnWidth: Int
    /// What the source pane shows: where the execution point or the selection was made,
    /// whichever moved last, or a location it was asked to show.
    public private(set) var sourceFocus = SourceFocus.execution
    /// The verdict on the capture in words (`VerdictText.sentence`), made once: it names
    /// nodes, which costs a pass over the graph.
    public let verdictSentence: String?
    /// Whether the verdict pane shows the verdict in words (on a capture: from the start, and
    /// after `v`; `V` hides it).
    public private(set) var isVerdictVisible = false

    /// Made on the first check, as it costs a pass over the graph (the order is shared).
    private var checker: GradientCheck?
    private var laneBudget: Int

    /// The session the public initialisers make: `names` as `Session.names(of:)` gives.
    init(script: Script, capture: CapturedRun?, laneBudget: Int, names: NodeNames? = nil) {
        self.script = script
        self.capture = capture
        let names = names ?? Self.names(of: script)
        self.names = names
        users = UserIndex(graph: script.graph)
        let timeline = Timeline(
            training: Training(graph: script.graph, root: script.root, updates: script.updates))
        self.timeline = timeline
        self.laneBudget = laneBudget
        layout = DagLayout(
            graph: script.graph, order: timeline.training.order, laneBudget: laneBudget)
        nameColumnWidth = Self.nameColumnWidth(of: names)
        isLossCurveVisible = timeline.trains
        isVerdictVisible = capture != nil
        verdictSentence = capture.map { VerdictText.sentence($0.review.verdict, run: $0) }
        expectations = ExpectationResult.results(of: script)
        let failed = expectations.filter { !$0.isMet }
        if let first = failed.first { notice = .expectationsFailed(failed.count, first: first) }
    }

    /// Fits the session to a graph pane of `rows` rows and a lane budget; the layout is
    /// recomputed only when the budget changes.
    public mutating func fit(visibleRows rows: Int, laneBudget budget: Int) {
        visibleRowCount = max(1, rows)
        if budget != laneBudget {
            laneBudget = budget
            layout = DagLayout(
                graph: script.graph, order: timeline.training.order, laneBudget: budget)
        }
        switch graphFocus {
        case .execution: reveal(layout.row(of: executionNode))
        case .selection: reveal(selectedRow)
        }
    }

    /// Carries out `command`.
    public mutating func apply(_ command: Command) {
        notice = nil
        let epoch = timeline.epoch
        defer {
            // A gradient check is of one epoch's graph.
            if timeline.epoch != epoch {
                checks = [:]
                checker = nil
            }
        }
        switch command {
        case .stepForward:
            if !timeline.stepForward() { notice = .atEnd }
            revealExecution()
        case .stepBack:
            if !timeline.stepBack() { notice = .atStart }
            revealExecution()
        case .continueForward:
            continueForward()
        case .continueBackward:
            continueBackward()
        case .runToEnd:
            timeline.move(toBackwardStep: stepper.finalStep)
            revealExecution()
        case .restart:
            timeline.move(toBackwardStep: 0)
            revealExecution()
        case .startOfPhase:
            timeline.move(to: timeline.firstOffset(of: phase))
            revealExecution()
        case .previousEpoch:
            moveEpoch(by: -1)
        case .nextEpoch:
            moveEpoch(by: 1)
        case .runEpochs:
            runEpochs()
        case .toggleLossCurve:
            isLossCurveVisible.toggle()
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
        case .toggleVerdict:
            guard capture != nil else {
                notice = .needsCapture(refused: .toggleVerdict)
                return
            }
            isVerdictVisible.toggle()
        case .showLocation(let location):
            show(location)
        case .toggleHelp:
            (isHelpVisible, helpScrollRow) = (!isHelpVisible, 0)
        case .scrollHelp(let delta, let limit):
            helpScrollRow = min(max(0, helpScrollRow + delta), max(0, limit))
        case .quit:
            isQuitRequested = true
        }
    }

    /// Shows `location` in the source pane, marked, until the point or the selection moves.
    public mutating func show(_ location: SourceLocation) {
        sourceFocus = .location(location)
    }

    private mutating func select(_ row: Int) {
        selectedRow = min(max(row, 0), layout.rows.count - 1)
        sourceFocus = .selection
        graphFocus = .selection
        reveal(selectedRow)
    }

    private mutating func revealExecution() {
        sourceFocus = .execution
        graphFocus = .execution
        reveal(layout.row(of: executionNode))
    }

    /// Scrolls the graph pane just enough to show `row`.
    private mutating func reveal(_ row: Int) {
        if row < scrollRow { scrollRow = row }
        if row >= scrollRow + visibleRowCount { scrollRow = row - visibleRowCount + 1 }
        scrollRow = max(0, min(scrollRow, layout.rows.count - visibleRowCount))
    }

    private mutating func stopAtBreakpoint(_ step: Int) {
        timeline.move(toBackwardStep: step)
        notice = breakpoints.hit(at: step, stepper: stepper).map(Notice.breakpointHit)
    }

    /// `c`: on to the next breakpoint of this epoch's backward pass or the first step ahead
    /// that makes a NaN or an infinity, whichever comes first; else to the end of the
    /// backward pass, or from there to the end of the epoch.
    private mutating func continueForward() {
        defer { revealExecution() }
        let fromBackward = isInBackwardPass ? currentStep : -1
        let breakpoint = phase == .update ? nil : breakpoints.next(after: fromBackward)
        let breakpointOffset = breakpoint.map { timeline.firstOffset(of: .seed) + $0 }
        let nonFinite = timeline.firstNonFiniteOffset(after: timeline.offset)
        if let found = nonFinite, found.offset <= (breakpointOffset ?? Int.max) {
            timeline.move(to: found.offset)
            notice = .nonFinite(found.node, phase: timeline.phase)
            return
        }
        if let breakpoint {
            stopAtBreakpoint(breakpoint)
            return
        }
        let endOfBackward = timeline.firstOffset(of: .seed) + stepper.finalStep
        timeline.move(
            to: timeline.offset < endOfBackward ? endOfBackward : timeline.positionsPerEpoch - 1)
        notice = .noBreakpointAhead
    }

    /// `C`: back to the previous breakpoint of this epoch's backward pass, else to the seed,
    /// or from there to the start of the epoch.
    private mutating func continueBackward() {
        defer { revealExecution() }
        let from = phase == .forward ? nil : isInBackwardPass ? currentStep : stepper.stepCount
        if let from, let previous = breakpoints.previous(before: from) {
            stopAtBreakpoint(previous)
            return
        }
        let seed = timeline.firstOffset(of: .seed)
        timeline.move(to: timeline.offset > seed ? seed : 0)
        notice = .noBreakpointBehind
    }

    /// `[` and `]`: the epoch `offset` away at the same point (on a capture, the kept capture).
    private mutating func moveEpoch(by offset: Int) {
        if capture != nil {
            moveCapture(by: offset)
            return
        }
        guard timeline.trains else {
            notice = .noTraining(refused: offset < 0 ? .previousEpoch : .nextEpoch)
            return
        }
        guard timeline.epoch + offset >= 0 else {
            notice = .atFirstEpoch
            return
        }
        timeline.move(toEpoch: timeline.epoch + offset)
        notice = .epoch(timeline.epoch + 1, loss: timeline.losses[timeline.epoch])
        revealExecution()
    }

    /// `E`: `epochsPerRun` epochs on, at the same point.
    private mutating func runEpochs() {
        guard capture == nil, timeline.trains else {
            notice = .noTraining(refused: .runEpochs)
            return
        }
        let first = timeline.losses[timeline.epoch]
        timeline.move(toEpoch: timeline.epoch + epochsPerRun)
        notice = .ranEpochs(
            epochsPerRun, from: first, to: timeline.losses[timeline.epoch])
        revealExecution()
    }

    private mutating func runToSelected() {
        let node = selectedNode
        if let step = stepper.step(firing: node) {
            timeline.move(toBackwardStep: step)
            notice = .runToFiring(node, step: step)
        } else if let step = stepper.lastContributingStep(to: node) {
            timeline.move(toBackwardStep: step)
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
                graph: timeline.graph, root: script.root, order: stepper.topologicalOrder)
        self.checker = checker
        let result = checker.check(node, analytic: finalGradients[node])
        checks[node] = result
        notice = .checked(node, result.verdict, error: result.error)
    }

    /// Runs to the step where the verdict's mistake shows, and selects its node: where the
    /// node fires, step 0 for a seed or a grad left over, where a leaf's grad is final; the
    /// source pane then shows the engine's code the verdict is about.
    private mutating func jumpToVerdict() {
        guard let capture else {
            notice = .needsCapture(refused: .jumpToVerdict)
            return
        }
        let verdict = capture.review.verdict
        notice = .verdict(verdict)
        isVerdictVisible = true
        guard let finding = verdict.finding else { return }
        let node = finding.node
        let step: Int
        switch finding {
        case .seed, .notZeroed: step = 0
        case .raised, .forward, .edge, .order, .grad:
            step = stepper.step(firing: node) ?? stepper.lastContributingStep(to: node) ?? 0
        }
        timeline.move(toBackwardStep: step)
        revealExecution()
        selectedRow = layout.row(of: node)
        graphFocus = .selection
        reveal(selectedRow)
        // The engine's own line that is wrong, marked in the source pane.
        if let code = capture.review.code(of: finding) { show(code.location) }
    }

    /// Opens the kept capture `offset` places away at the same step (the last one where the
    /// other graph has fewer), the same row selected.
    private mutating func moveCapture(by offset: Int) {
        guard let capture else { return }
        let moved: CapturedRun?
        do { moved = try capture.moved(by: offset) } catch {
            notice = .captureUnreadable(error.message)
            return
        }
        guard let moved else {
            notice = .noCapture(before: offset < 0)
            return
        }
        var next = Session(script: moved.script, capture: moved, laneBudget: laneBudget)
        next.visibleRowCount = visibleRowCount
        next.timeline.move(to: min(timeline.offset, next.timeline.positionsPerEpoch - 1))
        next.isLossCurveVisible = isLossCurveVisible
        next.selectedRow = min(selectedRow, next.layout.rows.count - 1)
        next.scrollRow = scrollRow
        next.sourceFocus = sourceFocus
        next.graphFocus = graphFocus
        next.isVerdictVisible = isVerdictVisible
        next.notice = .capture(number: moved.number, of: moved.document.callCount)
        next.fit(visibleRows: visibleRowCount, laneBudget: laneBudget)
        self = next
    }
}
