import AutogradCapture
import AutogradEngine
import AutogradProgram

/// What the source pane follows.
package enum SourceFocus: Equatable, Sendable {
    /// The line that made the execution point.
    case execution
    /// The line that made the selected node.
    case selection
    /// A location asked for (`Command.showLocation`), its line marked.
    case location(SourceLocation)
}

/// What the graph pane keeps in view: the last thing the user moved.
package enum GraphFocus: Equatable, Sendable {
    /// The execution point: after a step, a jump, a run or an epoch change.
    case execution
    /// The selected row: after the user moved the selection (keys, a click, a search).
    case selection
}

/// What the session's state means, read by the panes: the current step, the execution point,
/// the selected node, the loss curve.
extension Session {
    /// The current epoch's backward pass.
    package var stepper: BackwardStepper { timeline.stepper }

    /// The gradients at the end of the backward pass: the analytic side of a gradient check.
    package var finalGradients: Gradients { stepper.finalGradients }

    /// The backward step shown: the last applied one, 0 (the seed) before the backward pass.
    package var currentStep: Int { stepper.currentStep ?? 0 }

    /// The node computed, seeded, fired or updated at the current step: the execution point
    /// (the root at `forward 0`, where nothing is computed yet).
    package var executionNode: NodeID { timeline.currentNode ?? script.root }

    /// Whether the source pane follows the selection (it moved last) rather than the
    /// execution point or a location.
    package var isFollowingSelection: Bool { sourceFocus == .selection }

    /// The node of the selected row; on a fold's row, the fold's first node in firing order.
    package var selectedNode: NodeID {
        switch graphRow(at: selectedRow) {
        case .node(let node): node
        case .fold(let fold): firstNode(ofFold: fold)
        }
    }

    /// The phase of the current step.
    package var phase: Timeline.Phase { timeline.phase }

    /// The loss curve: the root's value in every epoch computed so far, or, on someone's
    /// engine, in every `backward()` call.
    package var lossCurve: [Double] {
        capture?.document.roots ?? timeline.losses
    }

    /// The epoch (from 1) the session is in, or the capture's number.
    package var lossCurveEpoch: Int { capture?.number ?? timeline.epoch + 1 }

    /// Whether the current step is in the backward pass (the seed included).
    package var isInBackwardPass: Bool { phase == .seed || phase == .backward }

    /// The expectations on `node` that its numbers in epoch 1 do not meet.
    package func failedExpectations(of node: NodeID) -> [ExpectationResult] {
        expectations.filter { !$0.isMet && $0.expectation.node == node }
    }

    /// A session as the debugger opens it on a `width` × `height` screen: laid out within the
    /// screen's lane budget and fitted to its graph pane (the default budget when the screen
    /// is too small to draw).
    package init(_ source: Source, width: Int, height: Int) {
        let names = Self.names(of: source.script)
        let plain = ScreenLayout(
            width: width, height: height, longestName: Self.nameColumnWidth(of: names),
            numberColumns: source.capture != nil ? 3 : 2)
        self.init(source, laneBudget: plain?.laneBudget ?? 8, names: names)
        fit(width: width, height: height)
    }

    /// Fits the session to the screen a `width` × `height` terminal gives it, as each frame
    /// does (nothing on a screen too small to draw); returns that screen's layout.
    @discardableResult
    package mutating func fit(width: Int, height: Int, glyphs: GlyphSet = .unicode)
        -> ScreenLayout?
    {
        let layout = ScreenLayout(for: self, width: width, height: height, glyphs: glyphs)
        if let layout {
            fit(visibleRows: layout.visibleGraphRows, laneBudget: layout.laneBudget)
        }
        return layout
    }

    /// How the debugger names the nodes of `script`: labels, else the line that made them.
    static func names(of script: Script) -> NodeNames {
        NodeNames(
            graph: script.graph, longestLabel: longestLabelShown, naming: script.sourceNaming())
    }

    /// The width of the graph pane's name column: the longest name, at most 16 and at least
    /// 4 (a name is the label, maybe with "#id" added, a line's name with or without it, or
    /// "#id" alone). Lines' names are measured on the first nodes only, as each costs
    /// reading its line; a longer one later is cut keeping its line and id.
    static func nameColumnWidth(of names: NodeNames) -> Int {
        let graph = names.graph
        let idWidth = String(graph.count).count + 1
        var longest = 0
        for label in graph.labels {
            longest = max(longest, (label?.utf8.count ?? 0) + idWidth)
            if longest >= 16 { return 16 }
        }
        for node in graph.nodeIDs.prefix(4096) where names.isNamedFromSource(node) {
            longest = max(longest, names.name(of: node).utf8.count)
            if longest >= 16 { return 16 }
        }
        return min(16, max(4, longest))
    }
}
