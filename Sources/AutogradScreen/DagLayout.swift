import AutogradEngine

/// The DAG of a graph as text rows, one row per node, edges in lanes at the left, git-log
/// style, in Unicode box drawing or ASCII.
///
/// Rows are the nodes the root depends on in reverse topological order (root at the top,
/// every node above its inputs, so the firing node moves down one row per step), then the
/// nodes the root does not depend on, drawn without edges.
///
/// The layout is a column state machine in the manner of Sapling's renderdag: each column
/// holds the node its lane leads to. A node takes the leftmost column waiting for it, and
/// other columns waiting for it join it in its row. An input that already has a lane joins
/// it; the first input without one continues in the node's column, and the others fork into
/// free columns. Freed columns are reused and trailing ones trimmed. Work per row is
/// proportional to the lanes, and there is a hard budget of lanes for edges: an edge that
/// finds none free becomes a text reference (`→ #812` on its row, `← #5` on its target's),
/// never a silent truncation. (A node that no lane leads to, such as a spilled edge's
/// target, may take one column more.)
///
/// Two decisions, and why:
/// - **No link rows.** Forks and joins are drawn in the node's own row (`●─╮`, `●─┤`), not in
///   rows of their own as git and renderdag draw them: one row per node keeps the execution
///   point moving down exactly one row per step, and keeps a row's index its place in the
///   firing order, which scrolling, clicks and search rely on.
/// - **The edge whose target is farthest down spills.** The layout is one pass that never
///   revisits rows above, so it can only choose among the edges leaving the current row:
///   when they do not all find a lane, the one to the lowest row, which would hold a lane the
///   longest, becomes the reference, and the nearer one keeps the lane.
package struct DagLayout: Sendable {
    /// The node of each row, top to bottom.
    package let rows: [NodeID]
    /// How many rows belong to nodes the root depends on; the rest are unused nodes.
    package let reachableRowCount: Int
    /// The most lanes any row uses.
    package let laneCount: Int

    private let cells: [LaneCell]
    private let cellStarts: [Int32]
    private let rowOfNode: [Int32]
    /// Spilled edges by source row (ascending): the row and the target node.
    private let spilledFromRows: [Int32]
    private let spilledTargets: [NodeID]
    /// Spilled edges by target row (ascending): the row and the source node.
    private let spilledToRows: [Int32]
    private let spilledSources: [NodeID]

    /// Lays out `graph` for `root` with at most `laneBudget` lanes (at least 1).
    package init(graph: Graph, root: NodeID, laneBudget: Int) {
        self.init(graph: graph, order: graph.topologicalOrder(from: root), laneBudget: laneBudget)
    }

    /// Lays out `graph` given the topological order of the nodes its root depends on.
    package init(graph: Graph, order: [NodeID], laneBudget: Int) {
        var rows = [NodeID](order.reversed())
        var rowOfNode = [Int32](repeating: -1, count: graph.count)
        for (row, node) in rows.enumerated() { rowOfNode[node.index] = Int32(row) }
        reachableRowCount = rows.count
        rows.reserveCapacity(graph.count)
        for node in 0..<graph.count where rowOfNode[node] < 0 {
            rowOfNode[node] = Int32(rows.count)
            rows.append(NodeID(node))
        }

        var builder = Builder(budget: max(1, laneBudget), rowCount: rows.count)
        defer { builder.release() }
        for (rowIndex, node) in rows.enumerated() {
            if rowIndex >= reachableRowCount {
                builder.appendUnusedRow()
            } else {
                builder.appendRow(
                    rowIndex, node: node, inputs: graph.inputs(of: node), rowOfNode: rowOfNode)
            }
        }
        self.rows = rows
        self.rowOfNode = rowOfNode
        cells = builder.cells
        cellStarts = builder.cellStarts
        laneCount = max(builder.widest, rows.isEmpty ? 0 : 1)
        spilledFromRows = builder.spilledFromRows
        spilledTargets = builder.spilledTargets
        (spilledToRows, spilledSources) = Self.groupedByRow(
            builder.spilledToRows, builder.spilledSources, rowCount: rows.count)
    }

    /// `rows` in ascending order with `sources` alongside, pairs of one row in their original
    /// order: a counting sort, linear in the pairs and the rows, where a comparison sort of a
    /// big graph's many spilled edges would grow faster than the graph.
    private static func groupedByRow(_ rows: [Int32], _ sources: [NodeID], rowCount: Int) -> (
        [Int32], [NodeID]
    ) {
        guard !rows.isEmpty else { return ([], []) }
        var starts = [Int32](repeating: 0, count: rowCount + 1)
        for row in rows { starts[Int(row) + 1] += 1 }
        for row in 0..<rowCount { starts[row + 1] += starts[row] }
        var sortedRows = [Int32](repeating: 0, count: rows.count)
        var sortedSources = [NodeID](repeating: NodeID(0), count: rows.count)
        for (row, source) in zip(rows, sources) {
            let slot = Int(starts[Int(row)])
            sortedRows[slot] = row
            sortedSources[slot] = source
            starts[Int(row)] += 1
        }
        return (sortedRows, sortedSources)
    }

    /// The lane cells of row `row`, left to right.
    package func cells(ofRow row: Int) -> ArraySlice<LaneCell> {
        cells[Int(cellStarts[row])..<Int(cellStarts[row + 1])]
    }

    /// The row of `node`.
    package func row(of node: NodeID) -> Int { Int(rowOfNode[node.index]) }

    /// The targets of edges from row `row` that found no free lane.
    package func spilledEdges(fromRow row: Int) -> [NodeID] {
        Array(spilledTargets[Self.range(of: Int32(row), in: spilledFromRows)])
    }

    /// The sources of spilled edges that lead to row `row`.
    package func spilledEdges(toRow row: Int) -> [NodeID] {
        Array(spilledSources[Self.range(of: Int32(row), in: spilledToRows)])
    }

    /// The lanes of row `row` drawn as text, two characters a lane (glyph, then connector),
    /// padded to `laneCount` lanes.
    package func text(ofRow row: Int, glyphs: GlyphSet) -> String {
        var text = ""
        let rowCells = cells(ofRow: row)
        for cell in rowCells {
            text.append(glyphs.glyph(for: cell))
            text.append(cell.contains(.right) ? glyphs.horizontal : " ")
        }
        text += String(repeating: "  ", count: max(0, laneCount - rowCells.count))
        return text
    }

    /// The references of row `row`'s spilled edges, as the row shows them: `→ #12` for each
    /// edge that leaves it, then `← #5` for each that arrives.
    package func references(ofRow row: Int, glyphs: GlyphSet) -> [String] {
        spilledEdges(fromRow: row).map { "\(glyphs.arrow) \($0)" }
            + spilledEdges(toRow: row).map { "\(glyphs.backArrow) \($0)" }
    }

    /// The positions holding `row` in an ascending array.
    private static func range(of row: Int32, in sorted: [Int32]) -> Range<Int> {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < row { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < sorted.count, sorted[end] == row { end += 1 }
        return low..<end
    }

    /// The column state machine, row by row; it allocates nothing per row. The lanes and the
    /// row being drawn live in two small buffers, allocated once for every row (the budget
    /// plus the one column a node may take beyond it) and released when the layout is done.
    private struct Builder {
        let budget: Int
        let capacity: Int
        /// The node each column's lane leads to, or -1 for a free column.
        let lanes: UnsafeMutablePointer<Int32>
        var laneTotal = 0
        let row: UnsafeMutablePointer<LaneCell>
        var rowTotal = 0
        var cells: [LaneCell] = []
        var cellStarts: [Int32] = [0]
        var widest = 0
        var spilledFromRows: [Int32] = []
        var spilledTargets: [NodeID] = []
        var spilledToRows: [Int32] = []
        var spilledSources: [NodeID] = []

        init(budget: Int, rowCount: Int) {
            self.budget = budget
            // Columns beyond the budget hold nodes only, at most one more per row; lanes
            // never exceed the budget, so this bounds every row.
            capacity = budget + 2
            lanes = .allocate(capacity: capacity)
            lanes.initialize(repeating: -1, count: capacity)
            row = .allocate(capacity: capacity)
            row.initialize(repeating: [], count: capacity)
            cells.reserveCapacity(rowCount * 2)
            cellStarts.reserveCapacity(rowCount + 1)
        }

        /// Frees the two buffers; the builder is not used after.
        func release() {
            lanes.deallocate()
            row.deallocate()
        }

        mutating func appendUnusedRow() {
            cells.append(.node)
            cellStarts.append(Int32(cells.count))
        }

        mutating func appendRow(
            _ rowIndex: Int, node: NodeID, inputs: NodeInputs, rowOfNode: [Int32]
        ) {
            rowTotal = laneTotal
            for index in 0..<laneTotal { row[index] = lanes[index] >= 0 ? [.up, .down] : [] }
            // The node takes the leftmost column waiting for it; the others join it.
            var column = -1
            for index in 0..<laneTotal where lanes[index] == node.rawValue {
                if column < 0 {
                    column = index
                    row[column] = [.node, .up]
                } else {
                    row[index] = [.up, .left]
                    connect(column, index)
                    lanes[index] = -1
                }
            }
            if column < 0 {
                column = freeColumn(budget: capacity, excluding: -1)
                row[column] = [.node]
            }
            lanes[column] = -1

            // Inputs that already have a lane join it; the others need one.
            var first: NodeID?
            var second: NodeID?
            for (position, input) in inputs.enumerated() where position == 0 || input != inputs[0] {
                if let existing = lane(leadingTo: input) {
                    row[existing].insert(existing > column ? .left : .right)
                    connect(column, existing)
                } else if first == nil {
                    first = input
                } else {
                    second = input
                }
            }
            // When both cannot have a lane, the one whose target is nearer keeps the node's
            // column and the farther one spills.
            if let a = first, let b = second, column < budget, !hasFreeColumn(excluding: column),
                rowOfNode[a.index] > rowOfNode[b.index]
            {
                (first, second) = (b, a)
            }
            if let first {
                if column < budget {
                    lanes[column] = first.rawValue
                    row[column].insert(.down)
                } else {
                    fork(
                        first, from: node, column: column, rowIndex: rowIndex, rowOfNode: rowOfNode)
                }
            }
            if let second {
                fork(second, from: node, column: column, rowIndex: rowIndex, rowOfNode: rowOfNode)
            }
            while laneTotal > 0, lanes[laneTotal - 1] < 0 { laneTotal -= 1 }
            while rowTotal > max(laneTotal, column + 1), row[rowTotal - 1].isEmpty { rowTotal -= 1 }
            widest = max(widest, rowTotal)
            cells.append(contentsOf: UnsafeBufferPointer(start: row, count: rowTotal))
            cellStarts.append(Int32(cells.count))
        }

        /// Gives the edge from `node` (in `column`) to `input` a free column, or makes it a
        /// reference when none is left.
        private mutating func fork(
            _ input: NodeID, from node: NodeID, column: Int, rowIndex: Int, rowOfNode: [Int32]
        ) {
            let free = freeColumn(budget: budget, excluding: column)
            guard free >= 0 else {
                spilledFromRows.append(Int32(rowIndex))
                spilledTargets.append(input)
                spilledToRows.append(rowOfNode[input.index])
                spilledSources.append(node)
                return
            }
            lanes[free] = input.rawValue
            row[free] = free > column ? [.left, .down] : [.right, .down]
            connect(column, free)
        }

        private func lane(leadingTo input: NodeID) -> Int? {
            for index in 0..<laneTotal where lanes[index] == input.rawValue { return index }
            return nil
        }

        /// Whether a column other than `excluding` is free or can still be made.
        private func hasFreeColumn(excluding: Int) -> Bool {
            if laneTotal < budget { return true }
            for index in 0..<laneTotal where lanes[index] < 0 && index != excluding { return true }
            return false
        }

        /// The first free column (creating one if the budget allows), or -1 when none is left.
        private mutating func freeColumn(budget: Int, excluding: Int) -> Int {
            for index in 0..<laneTotal where lanes[index] < 0 && index != excluding { return index }
            guard laneTotal < budget, laneTotal < capacity else { return -1 }
            lanes[laneTotal] = -1
            row[laneTotal] = []
            laneTotal += 1
            rowTotal = max(rowTotal, laneTotal)
            return laneTotal - 1
        }

        /// Draws a horizontal edge between columns `a` and `b`: the cells strictly between get
        /// left and right sides, and a lane passing there becomes a crossing.
        private func connect(_ a: Int, _ b: Int) {
            let low = min(a, b)
            let high = max(a, b)
            row[low].insert(.right)
            row[high].insert(.left)
            guard high - low > 1 else { return }
            for middle in (low + 1)..<high {
                if row[middle].contains(.up) && row[middle].contains(.down) {
                    row[middle].insert(.crossing)
                }
                row[middle].formUnion([.left, .right])
            }
        }
    }
}
