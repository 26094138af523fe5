import AutogradEngine

/// The graph pane's rows, whole or folded by source line (`z`), and the commands that fold.
extension Session {
    /// How many rows the graph pane has.
    public var rowCount: Int {
        guard isFolded, let view = foldedView else { return layout.rows.count }
        return view.rowCount
    }

    /// What `row` shows.
    ///
    /// - Precondition: `0 <= row < rowCount`.
    public func graphRow(at row: Int) -> GraphRow {
        guard isFolded, let view = foldedView else { return .node(layout.rows[row]) }
        return view.item(at: row)
    }

    /// The row showing `node`: its own, or in the folded view its closed fold's.
    public func row(of node: NodeID) -> Int {
        guard isFolded, let view = foldedView else { return layout.row(of: node) }
        return view.row(of: node)
    }

    /// The fold of the selected row, when it is a fold's row.
    public var selectedFold: Int? {
        if case .fold(let fold) = graphRow(at: selectedRow) { fold } else { nil }
    }

    /// The node a fold's row stands for where a node is needed (the inspector, the source
    /// pane): its first in firing order.
    func firstNode(ofFold fold: Int) -> NodeID {
        foldedView?.folds.nodes(in: fold).first ?? script.root
    }

    /// `z`: the graph whole, or folded by the line of code that made each node, the selection
    /// kept on its node (or that node's fold). The folds are made the first time.
    mutating func toggleFolding() {
        let selected = selectedNode
        let offset = selectedRow - scrollRow
        if foldedView == nil {
            foldedView = FoldedView(
                folds: SourceFolds(script: script, rows: layout.rows, stepper: stepper))
        }
        isFolded.toggle()
        if isFolded, let view = foldedView {
            let fold = view.folds.fold(of: executionNode)
            foldedView?.follow(into: fold)
        }
        selectedRow = row(of: selected)
        scrollRow = selectedRow - offset
        notice = isFolded ? .folded(lines: foldedView?.folds.count ?? 0) : .unfolded
        reveal(selectedRow)
    }

    /// `Z`: whether stepping opens the fold it enters (and closes it again on leaving).
    mutating func toggleFoldFollowing() {
        guard isFolded, let view = foldedView else {
            notice = .needsFolding(refused: .toggleFoldFollowing)
            return
        }
        let fold = view.folds.fold(of: executionNode)
        changeFolds {
            $0.followsExecution.toggle()
            $0.follow(into: fold)
        }
        notice = .followsExecution(!view.followsExecution)
    }

    /// Opens (`l`, or Enter on a closed fold) or closes (`h`, Enter on an open one) the fold
    /// the selection is in; closing from inside a fold selects the fold's row.
    mutating func setFold(open: Bool, refused command: Command) {
        guard isFolded, let view = foldedView else {
            notice = .needsFolding(refused: command)
            return
        }
        let fold = selectedFold ?? view.folds.fold(of: selectedNode)
        changeFolds { open ? $0.open(fold) : $0.close(fold) }
        if !open { selectedRow = view.row(ofFold: fold) }
        graphFocus = .selection
        reveal(selectedRow)
    }

    /// Opens the fold `node` is in, when folded, so that its row can be selected.
    mutating func openFold(of node: NodeID) {
        guard isFolded, let view = foldedView else { return }
        let fold = view.folds.fold(of: node)
        changeFolds { $0.open(fold) }
    }

    /// Follows the execution point into its fold, when folded and following.
    mutating func followExecution() {
        guard isFolded, let view = foldedView else { return }
        let fold = view.folds.fold(of: executionNode)
        changeFolds { $0.follow(into: fold) }
    }

    /// Changes which folds are open, keeping the selection on what it showed and where it
    /// was on screen.
    private mutating func changeFolds(_ change: (inout FoldedView) -> Void) {
        guard var view = foldedView else { return }
        let selected = graphRow(at: selectedRow)
        let offset = selectedRow - scrollRow
        change(&view)
        foldedView = view
        selectedRow = view.row(of: selected)
        scrollRow = selectedRow - offset
        reveal(selectedRow)
    }
}
