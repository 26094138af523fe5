import AutogradCapture
import AutogradEngine

/// What the session does on a capture of someone's engine: the verdict's place, the other
/// kept captures.
extension Session {
    /// Runs to the step where the verdict's mistake shows, and selects its node: where the
    /// node fires, step 0 for a seed or a grad left over, where a leaf's grad is final; the
    /// source pane then shows the engine's code the verdict is about.
    mutating func jumpToVerdict() {
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
        openFold(of: node)
        selectedRow = row(of: node)
        graphFocus = .selection
        reveal(selectedRow)
        // The engine's own line that is wrong, marked in the source pane.
        if let code = capture.review.code(of: finding) { show(code.location) }
    }

    /// Opens the kept capture `offset` places away at the same point (`Timeline.offset(
    /// atSamePointAs:)`: the seed stays the seed, the end the end), the same row selected.
    mutating func moveCapture(by offset: Int) {
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
        var next = Session(.capture(moved), laneBudget: laneBudget)
        next.visibleRowCount = visibleRowCount
        next.timeline.move(to: next.timeline.offset(atSamePointAs: timeline))
        next.isLossCurveVisible = isLossCurveVisible
        if isFolded { next.fold(like: foldedView) }
        next.selectedRow = min(selectedRow, next.rowCount - 1)
        next.scrollRow = scrollRow
        next.sourceFocus = sourceFocus
        next.graphFocus = graphFocus
        next.isVerdictVisible = isVerdictVisible
        next.notice = .capture(number: moved.number, of: moved.document.callCount)
        next.fit(visibleRows: visibleRowCount, laneBudget: laneBudget)
        self = next
    }

    /// Folds the graph as `view` folds another capture's: the same places open, following
    /// or not.
    private mutating func fold(like view: FoldedView) {
        let folds = foldedView.folds
        var next = FoldedView(folds: folds)
        next.followsExecution = view.followsExecution
        let open = Set(view.openFolds.map { view.folds.places[$0] })
        for (fold, place) in folds.places.enumerated() where open.contains(place) {
            next.open(fold)
        }
        foldedView = next
        isFolded = true
    }
}
