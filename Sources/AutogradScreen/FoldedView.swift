import AutogradEngine

/// What a row of the graph pane shows.
package enum GraphRow: Equatable, Sendable {
    /// A node of the graph.
    case node(NodeID)
    /// In the folded view, a line of the learner's code and the nodes it made, by index into
    /// `SourceFolds.places`.
    case fold(Int)
}

/// The folded view (`z`): one row per line of code that made nodes, and under each open fold
/// its nodes. Which rows there are is worked out from the open folds alone (usually few), so
/// no key pays for the folds that stay closed, however many nodes they hold.
package struct FoldedView: Sendable {
    /// The nodes grouped by line.
    package let folds: SourceFolds
    /// The open folds, ascending.
    package private(set) var openFolds: [Int] = []
    /// Whether the fold holding the execution point opens as stepping enters it and closes
    /// as stepping leaves it (`Z`).
    package var followsExecution = false
    /// The fold that following opened, closed again when the execution point leaves it; a
    /// fold the user opened is theirs to close.
    private var openedByFollowing: Int?

    /// The view of `folds`, every fold closed.
    package init(folds: SourceFolds) {
        self.folds = folds
    }

    /// How many rows the view has: a row per fold and per node of an open fold.
    package var rowCount: Int {
        folds.count + openFolds.reduce(0) { $0 + folds.size(of: $1) }
    }

    /// Whether `fold` is open.
    package func isOpen(_ fold: Int) -> Bool { openIndex(of: fold) != nil }

    /// The row of `fold`.
    package func row(ofFold fold: Int) -> Int {
        var row = fold
        for open in openFolds {
            guard open < fold else { break }
            row += folds.size(of: open)
        }
        return row
    }

    /// The row showing `node`: its own in an open fold, else its fold's.
    package func row(of node: NodeID) -> Int {
        let fold = folds.fold(of: node)
        let row = row(ofFold: fold)
        return isOpen(fold) ? row + 1 + folds.index(of: node) : row
    }

    /// What `row` shows.
    ///
    /// - Precondition: `0 <= row < rowCount`.
    package func item(at row: Int) -> GraphRow {
        var before = 0
        for open in openFolds {
            let foldRow = open + before
            if row <= foldRow { break }
            let size = folds.size(of: open)
            if row <= foldRow + size {
                let nodes = folds.nodes(in: open)
                return .node(nodes[nodes.startIndex + row - foldRow - 1])
            }
            before += size
        }
        return .fold(row - before)
    }

    /// The row of `item`.
    package func row(of item: GraphRow) -> Int {
        switch item {
        case .node(let node): row(of: node)
        case .fold(let fold): row(ofFold: fold)
        }
    }

    /// Opens `fold`, and keeps it open when the execution point leaves it.
    package mutating func open(_ fold: Int) {
        if openedByFollowing == fold { openedByFollowing = nil }
        insert(fold)
    }

    private mutating func insert(_ fold: Int) {
        guard !isOpen(fold) else { return }
        openFolds.insert(fold, at: openFolds.firstIndex { $0 > fold } ?? openFolds.count)
    }

    /// Closes `fold`.
    package mutating func close(_ fold: Int) {
        guard let index = openIndex(of: fold) else { return }
        openFolds.remove(at: index)
        if openedByFollowing == fold { openedByFollowing = nil }
    }

    /// Follows the execution point into `fold`: when following, closes the fold following
    /// opened before and opens this one, unless it is open already.
    package mutating func follow(into fold: Int) {
        guard followsExecution, openedByFollowing != fold else { return }
        if let previous = openedByFollowing { close(previous) }
        if !isOpen(fold) {
            insert(fold)
            openedByFollowing = fold
        }
    }

    /// Where `fold` is in `openFolds`: a binary search.
    private func openIndex(of fold: Int) -> Int? {
        var low = 0
        var high = openFolds.count
        while low < high {
            let middle = (low + high) / 2
            if openFolds[middle] < fold { low = middle + 1 } else { high = middle }
        }
        return low < openFolds.count && openFolds[low] == fold ? low : nil
    }
}
