import AutogradCapture
import AutogradEngine
import AutogradProgram
import AutogradText

/// The debugger's state: where backpropagation stands, which node is selected, breakpoints,
/// search, and what happened last. Pure: commands in, state out; it holds facts and events,
/// never sentences: the screen draws it and puts its notices into words.
package struct Session: Sendable {
    /// The most characters of a label the screen shows: more than the widest pane.
    package static let longestLabelShown = 256

    /// The script being debugged.
    package let script: Script
    /// The capture the script replays, when it came from someone's own engine: their
    /// numbers, the verdict, and the other captures of the run.
    package let capture: CapturedRun?
    /// How nodes are named on screen.
    package let names: NodeNames
    /// Who uses each node, for the inspector.
    package let users: UserIndex
    /// The file's `assert`s, checked against epoch 1.
    package let expectations: [ExpectationResult]
    /// Where the training loop stands: the epoch, its phase and step.
    package internal(set) var timeline: Timeline
    /// How many epochs `E` runs: `--train N`, else 100.
    package var epochsPerRun = 100
    /// Whether the loss curve pane is shown.
    package internal(set) var isLossCurveVisible = false
    /// The rows of the graph pane and their edges, for the current lane budget.
    package private(set) var layout: DagLayout
    /// The selected row of the graph pane.
    package internal(set) var selectedRow = 0
    /// The first row shown in the graph pane.
    package internal(set) var scrollRow = 0
    /// How many rows the graph pane shows.
    package internal(set) var visibleRowCount = 10
    /// What the graph pane keeps in view when fitted (each frame, on a resize).
    package internal(set) var graphFocus = GraphFocus.execution
    /// The breakpoints and where they stop.
    package internal(set) var breakpoints = Breakpoints()
    /// The search prompt and the last query.
    package internal(set) var search = Search()
    /// The graph folded by source line, made when the session is: grouping 10⁶ nodes takes
    /// tens of milliseconds, too long for a key. Kept, with its open folds, while `z` shows
    /// the graph whole.
    package internal(set) var foldedView: FoldedView
    /// Whether the graph pane shows `foldedView` rather than every node.
    package internal(set) var isFolded = false
    /// Whether the help overlay is shown.
    package private(set) var isHelpVisible = false
    /// The first line of the help overlay shown, when it is taller than the screen.
    package private(set) var helpScrollRow = 0
    /// What the last command has to tell the user, cleared by the next command.
    package internal(set) var notice: Notice?
    /// Gradient checks run so far, by leaf.
    package internal(set) var checks: [NodeID: GradientCheck.LeafResult] = [:]
    /// Whether the user asked to quit.
    package private(set) var isQuitRequested = false
    /// The width of the graph pane's name column: the longest name, at most 16.
    package let nameColumnWidth: Int
    /// What the source pane shows: where the execution point or the selection was made,
    /// whichever moved last, or a location it was asked to show.
    package internal(set) var sourceFocus = SourceFocus.execution
    /// The verdict on the capture in words (`VerdictText.sentence`), made once: it names
    /// nodes, which costs a pass over the graph.
    package let verdictSentence: String?
    /// Whether the verdict pane shows the verdict in words (on a capture: from the start, and
    /// after `v`; `V` hides it).
    package internal(set) var isVerdictVisible = false

    /// Made on the first check, as it costs a pass over the graph (the order is shared).
    var checker: GradientCheck?
    var laneBudget: Int

    /// What a session debugs.
    package enum Source: Sendable {
        /// An `.ag` file read into a script.
        case script(Script)
        /// A capture of someone's own engine, replayed: its script, their numbers, the
        /// verdict and the run's other captures.
        case capture(CapturedRun)

        var script: Script {
            switch self {
            case .script(let script): script
            case .capture(let run): run.script
            }
        }

        var capture: CapturedRun? {
            switch self {
            case .script: nil
            case .capture(let run): run
            }
        }
    }

    /// A session on `source`, at step 0 (the root seeded), the root selected, its DAG laid
    /// out within `laneBudget` lanes (`ScreenLayout.laneBudget` for the screen it will fill);
    /// `names` as `Session.names(of:)` gives, when already made.
    package init(_ source: Source, laneBudget: Int = 8) {
        self.init(source, laneBudget: laneBudget, names: nil)
    }

    init(_ source: Source, laneBudget: Int, names: NodeNames?) {
        let script = source.script
        self.script = script
        self.capture = source.capture
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
        foldedView = FoldedView(
            folds: SourceFolds(
                script: script, capture: source.capture, rows: layout.rows,
                stepper: timeline.stepper))
        isLossCurveVisible = timeline.trains
        isVerdictVisible = capture != nil
        verdictSentence = capture.map { VerdictText.sentence($0.review.verdict, run: $0) }
        expectations = ExpectationResult.results(of: script)
        let failed = expectations.filter { !$0.isMet }
        if let first = failed.first { notice = .expectationsFailed(failed.count, first: first) }
    }

    /// Fits the session to a graph pane of `rows` rows and a lane budget; the layout is
    /// recomputed only when the budget changes.
    package mutating func fit(visibleRows rows: Int, laneBudget budget: Int) {
        visibleRowCount = max(1, rows)
        if budget != laneBudget {
            laneBudget = budget
            layout = DagLayout(
                graph: script.graph, order: timeline.training.order, laneBudget: budget)
        }
        switch graphFocus {
        case .execution: reveal(row(of: executionNode))
        case .selection: reveal(selectedRow)
        }
    }

    /// Carries out `command`.
    package mutating func apply(_ command: Command) {
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
        case .toggleFolding:
            toggleFolding()
        case .toggleFoldFollowing:
            toggleFoldFollowing()
        case .openFold:
            setFold(open: true, refused: command)
        case .closeFold:
            setFold(open: false, refused: command)
        case .moveSelection(let delta):
            select(selectedRow + delta)
        case .pageDown:
            select(selectedRow + max(1, visibleRowCount - 1))
        case .pageUp:
            select(selectedRow - max(1, visibleRowCount - 1))
        case .selectRow(let row):
            if (0..<rowCount).contains(row) { select(row) }
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
    package mutating func show(_ location: SourceLocation) {
        sourceFocus = .location(location)
    }

    mutating func select(_ row: Int) {
        selectedRow = min(max(row, 0), rowCount - 1)
        sourceFocus = .selection
        graphFocus = .selection
        reveal(selectedRow)
    }

    mutating func revealExecution() {
        sourceFocus = .execution
        graphFocus = .execution
        followExecution()
        revealLine(of: executionNode)
        reveal(row(of: executionNode))
    }

    /// Scrolls the graph pane just enough to show `row`.
    mutating func reveal(_ row: Int) {
        if row < scrollRow { scrollRow = row }
        if row >= scrollRow + visibleRowCount { scrollRow = row - visibleRowCount + 1 }
        scrollRow = max(0, min(scrollRow, rowCount - visibleRowCount))
    }

    private mutating func stopAtBreakpoint(_ step: Int) {
        timeline.move(toBackwardStep: step)
        notice = breakpoints.hit(at: step, stepper: stepper).map(Notice.breakpointHit)
        openFold(of: executionNode)
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
        if let fold = selectedFold {
            setFold(open: !foldedView.isOpen(fold), refused: .runToSelected)
            return
        }
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
}
