import AutogradCapture

/// Everything a user can ask of the debugger; keys and mouse clicks map to these.
package enum Command: Equatable, Sendable {
    /// Fire the next node.
    case stepForward
    /// Undo the last step.
    case stepBack
    /// Run to the next breakpoint, or the end.
    case continueForward
    /// Run back to the previous breakpoint, or the start.
    case continueBackward
    /// Run to the last step of the epoch's backward pass.
    case runToEnd
    /// Go back to the epoch's seed, step 0.
    case restart
    /// Move the selection by a number of rows (negative is up).
    case moveSelection(by: Int)
    /// Move the selection a page down.
    case pageDown
    /// Move the selection a page up.
    case pageUp
    /// Select a row of the graph pane by its index among all rows (a mouse click).
    case selectRow(Int)
    /// Run (forwards or backwards) until the selected node fires.
    case runToSelected
    /// Set or clear a breakpoint on the selected node.
    case toggleBreakpoint
    /// Open the search prompt.
    case beginSearch
    /// Type into the search prompt.
    case typeInSearch(Character)
    /// Delete the last character of the search prompt.
    case deleteInSearch
    /// Jump to the next node whose label contains the search text.
    case submitSearch
    /// Close the search prompt.
    case cancelSearch
    /// Check the selected leaf's gradient against a numerical derivative.
    case checkSelected
    /// Run to where the verdict on someone's engine shows, and select its node.
    case jumpToVerdict
    /// Show or hide the verdict pane, the verdict on someone's engine in words.
    case toggleVerdict
    /// Show a place in the source pane, its line marked: any file the capture read, a
    /// notebook's cell (the engine's wrong line, for the verdict).
    case showLocation(SourceLocation)
    /// The previous epoch at the same point (on a capture: the previous kept capture).
    case previousEpoch
    /// The next epoch at the same point (on a capture: the next kept capture).
    case nextEpoch
    /// Run the session's `epochsPerRun` epochs on, at the same point.
    case runEpochs
    /// Back to the first step of the current phase.
    case startOfPhase
    /// Show or hide the loss curve pane.
    case toggleLossCurve
    /// Show the graph folded by the line of code that made each node, or whole again.
    case toggleFolding
    /// In the folded view, whether stepping opens the fold it enters and closes the one it
    /// leaves.
    case toggleFoldFollowing
    /// In the folded view, open the selected fold.
    case openFold
    /// In the folded view, close the fold the selection is in, and select its row.
    case closeFold
    /// Show or hide the help overlay.
    case toggleHelp
    /// Scroll the help overlay by a number of lines (negative is up).
    case scrollHelp(by: Int, limit: Int)
    /// Leave the debugger.
    case quit
}
