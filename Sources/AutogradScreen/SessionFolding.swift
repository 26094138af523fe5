import AutogradEngine

/// The graph pane's rows, whole or folded by source line (`z`), and the commands that fold.
extension Session {
    /// How many rows the graph pane has.
    package var rowCount: Int {
        guard isFolded else { return layout.rows.count }
        return foldedView.rowCount
    }

    /// What `row` shows.
    ///
    /// - Precondition: `0 <= row < rowCount`.
    package func graphRow(at row: Int) -> GraphRow {
        guard isFolded else { return .node(layout.rows[row]) }
        return foldedView.item(at: row)
    }

    /// The row showing `node`: its own, or in the folded view its closed fold's.
    package func row(of node: NodeID) -> Int {
        guard isFolded else { return layout.row(of: node) }
        return foldedView.row(of: node)
    }

    /// The fold of the selected row, when it is a fold's row.
    package var selectedFold: Int? {
        if case .fold(let fold) = graphRow(at: selectedRow) { fold } else { nil }
    }

    /// The node a fold's row stands for where a node is needed (the inspector, the source
    /// pane): its first in firing order.
    func firstNode(ofFold fold: Int) -> NodeID {
        foldedView.folds.nodes(in: fold).first ?? script.root
    }

    /// `z`: the graph whole, or folded by the line of code that made each node, the selection
    /// kept on its node (or that node's fold).
    mutating func toggleFolding() {
        let selected = selectedNode
        let offset = selectedRow - scrollRow
        isFolded.toggle()
        if isFolded { foldedView.follow(into: foldedView.folds.fold(of: executionNode)) }
        selectedRow = row(of: selected)
        scrollRow = selectedRow - offset
        notice = isFolded ? .folded(lines: foldedView.folds.count) : .unfolded
        reveal(selectedRow)
    }

    /// `Z`: whether stepping opens the fold it enters (and closes it again on leaving).
    mutating func toggleFoldFollowing() {
        guard isFolded else {
            notice = .needsFolding(refused: .toggleFoldFollowing)
            return
        }
        let fold = foldedView.folds.fold(of: executionNode)
        changeFolds {
            $0.followsExecution.toggle()
            $0.follow(into: fold)
        }
        notice = .followsExecution(foldedView.followsExecution)
    }

    /// Opens (`l`, or Enter on a closed fold) or closes (`h`, Enter on an open one) the fold
    /// the selection is in; closing from inside a fold selects the fold's row.
    mutating func setFold(open: Bool, refused command: Command) {
        guard isFolded else {
            notice = .needsFolding(refused: command)
            return
        }
        let fold = selectedFold ?? foldedView.folds.fold(of: selectedNode)
        changeFolds { open ? $0.open(fold) : $0.close(fold) }
        if !open { selectedRow = foldedView.row(ofFold: fold) }
        graphFocus = .selection
        reveal(selectedRow)
    }

    /// Opens the fold `node` is in, when folded, so that its row can be selected.
    mutating func openFold(of node: NodeID) {
        guard isFolded else { return }
        let fold = foldedView.folds.fold(of: node)
        changeFolds { $0.open(fold) }
    }

    /// Folded, scrolls the row of the line `node` was made on into view, so that the node's
    /// own row, revealed next, has its line above it where the pane has room for both.
    mutating func revealLine(of node: NodeID) {
        guard isFolded else { return }
        reveal(foldedView.row(ofFold: foldedView.folds.fold(of: node)))
    }

    /// Follows the execution point into its fold, when folded and following.
    mutating func followExecution() {
        guard isFolded else { return }
        let fold = foldedView.folds.fold(of: executionNode)
        changeFolds { $0.follow(into: fold) }
    }

    /// Changes which folds are open, keeping the selection on what it showed and where it
    /// was on screen.
    private mutating func changeFolds(_ change: (inout FoldedView) -> Void) {
        var view = foldedView
        let selected = graphRow(at: selectedRow)
        let offset = selectedRow - scrollRow
        change(&view)
        foldedView = view
        selectedRow = view.row(of: selected)
        scrollRow = selectedRow - offset
        reveal(selectedRow)
    }
}
