import AutogradCapture
import AutogradEngine
import AutogradText

/// The status line's words for a notice.
enum NoticeText {
    /// `notice` as a sentence, naming nodes with `names`; a verdict is told about `capture`.
    static func words(for notice: Notice, names: NodeNames, capture: CapturedRun? = nil)
        -> String
    {
        switch notice {
        case .atEnd:
            return
                "at the end: every gradient is final (press \(KeyBindings.keyName(for: .restart)) to go back to step 0)"
        case .atStart:
            return "at the start of the forward pass: nothing to undo"
        case .breakpointHit(let hit):
            let name = names.name(of: hit.node)
            return hit.isWatch
                ? "breakpoint: \(name).grad changes at step \(hit.step)"
                : "breakpoint: \(name) fires at step \(hit.step)"
        case .noBreakpointAhead:
            return "no breakpoint ahead: ran to the end"
        case .noBreakpointBehind:
            return "no breakpoint behind: back at step 0"
        case .runToFiring(let node, let step):
            return "\(names.name(of: node)) fires at step \(step)"
        case .runToSeed(let node):
            return "\(names.name(of: node)) is the root: seeded at step 0"
        case .runToFinalGradient(let node, let step):
            return
                "\(names.name(of: node)) is a leaf and never fires; its grad is final after step \(step)"
        case .unused(let node, let command):
            let consequence =
                command == .toggleBreakpoint
                ? "no step to stop at"
                : command == .checkSelected ? "its gradient is 0" : "it takes no step"
            return "the root does not depend on \(names.name(of: node)): \(consequence)"
        case .breakpointSet(let node):
            return "breakpoint on \(names.name(of: node))"
        case .breakpointCleared(let node):
            return "breakpoint on \(names.name(of: node)) cleared"
        case .found(let query, let node):
            return "/\(query): \(names.name(of: node))"
        case .noMatch(let query):
            return "/\(query): no node matches"
        case .checkNeedsLeaf(let node):
            return
                "press \(KeyBindings.keyName(for: .checkSelected)) on an input (a leaf or a constant) to check its gradient: \(names.name(of: node)) is an operation"
        case .checked(let node, let verdict, let error):
            return
                "check \(names.name(of: node)): \(words(for: verdict)), error \(NumberFormat.significant(error, digits: 2))"
        case .verdict(let verdict):
            guard let capture else { return "verdict: \(verdict.kind.rawValue)" }
            return "\(verdict.kind.rawValue): " + VerdictText.sentence(verdict, run: capture)
        case .needsCapture:
            return
                "that key works on your own engine's graph: open a Python script (.py) or a capture (.json)"
        case .capture(let number, let count):
            return "capture \(number) of \(count)"
        case .noCapture(let before):
            return before ? "this is the first capture kept" : "this is the last capture kept"
        case .captureUnreadable(let message):
            return "that capture cannot be replayed: \(message)"
        case .nonFinite(let node, let phase):
            let what =
                switch phase {
                case .forward: "its value"
                case .seed, .backward: "its grad"
                case .update: "its update"
                }
            return "\(names.name(of: node)): \(what) is not finite (NaN or infinity) from here on"
        case .noTraining:
            if capture != nil {
                return
                    "your script trains itself: its backward() calls are the epochs here, \(KeyBindings.keyName(for: .previousEpoch)) and \(KeyBindings.keyName(for: .nextEpoch)) move between them"
            }
            return
                "that key steps through epochs: this file has no updates (w.data += -0.05 * w.grad)"
        case .expectationsFailed(let count, let first):
            let more = count > 1 ? " (and \(NumberFormat.counted(count - 1, "other")))" : ""
            return
                "assert \(ExpectationReport.statement(first.expectation, names: names)) fails: it is \(NumberFormat.fourDecimals(first.actual))\(more); select the node to see why"
        case .atFirstEpoch:
            return "this is epoch 1"
        case .epoch(let number, let loss):
            return "epoch \(number): loss \(NumberFormat.fourDecimals(loss))"
        case .ranEpochs(let count, let from, let to):
            return
                "ran \(NumberFormat.counted(count, "epoch")): loss \(NumberFormat.fourDecimals(from)) → \(NumberFormat.fourDecimals(to))"
        case .folded(let lines):
            let open = KeyBindings.keyName(for: .runToSelected)
            let whole = KeyBindings.keyName(for: .toggleFolding)
            return
                "by line: \(NumberFormat.counted(lines, "line")) of code made the nodes; \(open) opens a line, \(whole) shows every node"
        case .unfolded:
            return "every node, in firing order"
        case .needsFolding(let command):
            let what =
                command == .toggleFoldFollowing
                ? "makes stepping open the folds it enters" : "opens and closes folds"
            return
                "that key \(what): press \(KeyBindings.keyName(for: .toggleFolding)) first to fold the graph by line of code"
        case .needsNode(let command):
            let what = command == .checkSelected ? "check" : "set a breakpoint on"
            return
                "this row is a line of code: open it (\(KeyBindings.keyName(for: .runToSelected))) and select the node to \(what)"
        case .followsExecution(let follows):
            return follows
                ? "stepping opens the line it enters and closes the one it leaves"
                : "stepping leaves the folds as they are"
        }
    }

    /// A check's verdict in words.
    static func words(for verdict: GradientCheck.Verdict) -> String {
        switch verdict {
        case .agrees: "agrees"
        case .mismatch: "MISMATCH"
        case .kink: "at a kink, not comparable"
        case .notFinite: "not finite, not comparable"
        case .imprecise: "too imprecise to judge, not comparable"
        }
    }
}
