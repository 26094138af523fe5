import AutogradCapture
import AutogradEngine
import AutogradProgram

/// What the debugger has to tell the user after a command: a fact, not a sentence. The status
/// line puts it in words (`NoticeText`); tests compare the facts.
package enum Notice: Equatable, Sendable {
    /// `n` at the last step: every gradient is final.
    case atEnd
    /// `p` at the very start, `forward 0` of epoch 1: there is nothing to undo.
    case atStart
    /// `c` or `C` stopped at a breakpoint.
    case breakpointHit(Breakpoints.Hit)
    /// `c` found no breakpoint ahead and ran to the end.
    case noBreakpointAhead
    /// `C` found no breakpoint behind and went back to step 0.
    case noBreakpointBehind
    /// Enter ran to the step where the selected operation fires.
    case runToFiring(NodeID, step: Int)
    /// Enter on the root: it is seeded at step 0.
    case runToSeed(NodeID)
    /// Enter on a leaf, which never fires: it ran to the step after which the leaf's gradient
    /// is final.
    case runToFinalGradient(NodeID, step: Int)
    /// The root does not depend on the node, so what was asked of it has nothing to act on.
    case unused(NodeID, refused: Command)
    /// A breakpoint was set on the node.
    case breakpointSet(NodeID)
    /// The node's breakpoint was cleared.
    case breakpointCleared(NodeID)
    /// A search found the node.
    case found(query: String, NodeID)
    /// A search found nothing.
    case noMatch(query: String)
    /// `x` on an operation: the check compares a leaf's gradient.
    case checkNeedsLeaf(NodeID)
    /// `x` checked the leaf's gradient against a numerical derivative.
    case checked(NodeID, GradientCheck.Verdict, error: Double)
    /// `v` ran to where the verdict on the engine shows.
    case verdict(Verdict)
    /// A key that works on captures only, pressed on an `.ag` file.
    case needsCapture(refused: Command)
    /// `[` or `]` opened capture `number` of the run's `of`.
    case capture(number: Int, of: Int)
    /// `[` at the first kept capture, or `]` at the last.
    case noCapture(before: Bool)
    /// The capture moved to could not be replayed.
    case captureUnreadable(String)
    /// `c` stopped where a NaN or an infinity is first made, for the node, in the phase.
    case nonFinite(NodeID, phase: Timeline.Phase)
    /// An epoch key on a file without updates.
    case noTraining(refused: Command)
    /// `[` in epoch 1.
    case atFirstEpoch
    /// `[` or `]` moved to epoch `number` (from 1), whose loss is `loss`.
    case epoch(Int, loss: Double)
    /// The file opened with `count` failed `assert`s, the first of them `first`.
    case expectationsFailed(Int, first: ExpectationResult)
    /// `E` ran `count` epochs, the loss going from `from` to `to`.
    case ranEpochs(Int, from: Double, to: Double)
    /// `z` folded the graph into `lines` lines of code.
    case folded(lines: Int)
    /// `z` showed the graph whole again.
    case unfolded
    /// A fold key pressed while the graph is shown whole.
    case needsFolding(refused: Command)
    /// A key that acts on one node, pressed on a fold's row.
    case needsNode(refused: Command)
    /// `Z`: whether stepping now opens the folds it enters.
    case followsExecution(Bool)

    /// Whether this is `v`'s verdict, which the verdict pane says in full when it shows.
    package var isVerdict: Bool {
        if case .verdict = self { true } else { false }
    }
}
