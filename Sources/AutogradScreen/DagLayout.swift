import AutogradEngine

/// The ASCII DAG of a graph, one row per node, edges in lanes at the left, git-log style.
///
/// Rows are the nodes the root depends on in reverse topological order (root at the top,
/// every node above its inputs, so the firing node moves down one row per step), then the
/// nodes the root does not depend on, drawn without edges.
///
/// The layout is a column state machine in the manner of Sapling's renderdag: each column
/// holds the node its lane leads to. A node takes the leftmost column waiting for it, and
/// other columns waiting for it join it in its row. An input that already has a lane joins it;
/// the first input without one continues in the node's column, and the others fork into free
/// columns. Freed
/// columns are reused and trailing ones trimmed. Work per row is proportional to the lanes,
/// and there is a hard budget of lanes for edges: an edge that finds none free becomes a text
/// reference (`→ #812` on its row, `← #5` on its target's), never a silent truncation. (A
/// node that no lane leads to, such as a spilled edge's target, may take one column more.)
public struct DagLayout: Sendable {
    /// The node of each row, top to bottom.
    public let rows: [NodeID]
    /// How many rows belong to nodes the root depends on; the rest are unused nodes.
    public let reachableRowCount: Int
    /// The most lanes any row uses.
    public let laneCount: Int

    private let cells: [LaneCell]
    private let cellStarts: [Int32]
    private let rowOfNode: [Int32]
    private let outgoingReferences: [Int32: [NodeID]]
    private let incomingReferences: [Int32: [NodeID]]

    /// Lays out `graph` for `root` with at most `laneBudget` lanes (at least 1).
    public init(graph: Graph, root: NodeID, laneBudget: Int) {
        let order = graph.topologicalOrder(from: root)
        var rows = [NodeID](order.reversed())
        var rowOfNode = [Int32](repeating: -1, count: graph.count)
        for (row, node) in rows.enumerated() { rowOfNode[node.index] = Int32(row) }
        reachableRowCount = rows.count
        for node in 0..<graph.count where rowOfNode[node] < 0 {
            rowOfNode[node] = Int32(rows.count)
            rows.append(NodeID(node))
        }

        let budget = max(1, laneBudget)
        var lanes: [Int32] = []
        var cells: [LaneCell] = []
        var cellStarts: [Int32] = [0]
        var outgoing: [Int32: [NodeID]] = [:]
        var incoming: [Int32: [NodeID]] = [:]
        var widest = 0
        cells.reserveCapacity(rows.count * 2)
        cellStarts.reserveCapacity(rows.count + 1)
        var row = [LaneCell]()

        for (rowIndex, node) in rows.enumerated() {
            if rowIndex >= reachableRowCount {
                cells.append(.node)
                cellStarts.append(Int32(cells.count))
                continue
            }
            row.removeAll(keepingCapacity: true)
            for target in lanes { row.append(target >= 0 ? [.up, .down] : []) }
            let own = lanes.indices.filter { lanes[$0] == node.rawValue }
            let column: Int
            if let first = own.first {
                column = first
                row[column] = [.node, .up]
            } else {
                column = Self.freeColumn(in: &lanes, cells: &row, budget: Int.max, excluding: -1)
                row[column] = [.node]
            }
            for joining in own.dropFirst() {
                row[joining] = [.up, .left]
                Self.connect(column, joining, in: &row)
                lanes[joining] = -1
            }
            lanes[column] = -1

            var continuesInColumn = false
            var seen: [NodeID] = []
            for input in graph.inputs(of: node) where !seen.contains(input) {
                seen.append(input)
                if let existing = lanes.firstIndex(of: input.rawValue) {
                    row[existing].insert(existing > column ? .left : .right)
                    Self.connect(column, existing, in: &row)
                } else if !continuesInColumn && column < budget {
                    continuesInColumn = true
                    lanes[column] = input.rawValue
                    row[column].insert(.down)
                } else {
                    let free = Self.freeColumn(
                        in: &lanes, cells: &row, budget: budget, excluding: column)
                    guard free >= 0 else {
                        outgoing[Int32(rowIndex), default: []].append(input)
                        incoming[rowOfNode[input.index], default: []].append(node)
                        continue
                    }
                    lanes[free] = input.rawValue
                    row[free] = free > column ? [.left, .down] : [.right, .down]
                    Self.connect(column, free, in: &row)
                }
            }
            while let last = lanes.last, last < 0 { lanes.removeLast() }
            while let last = row.last, last.isEmpty, row.count > max(lanes.count, column + 1) {
                row.removeLast()
            }
            widest = max(widest, row.count)
            cells.append(contentsOf: row)
            cellStarts.append(Int32(cells.count))
        }
        self.rows = rows
        self.cells = cells
        self.cellStarts = cellStarts
        self.rowOfNode = rowOfNode
        laneCount = max(widest, rows.isEmpty ? 0 : 1)
        outgoingReferences = outgoing
        incomingReferences = incoming
    }

    /// The lane cells of row `row`, left to right.
    public func cells(ofRow row: Int) -> ArraySlice<LaneCell> {
        cells[Int(cellStarts[row])..<Int(cellStarts[row + 1])]
    }

    /// The row of `node`.
    public func row(of node: NodeID) -> Int { Int(rowOfNode[node.index]) }

    /// The targets of edges from row `row` that found no free lane.
    public func spilledEdges(fromRow row: Int) -> [NodeID] { outgoingReferences[Int32(row)] ?? [] }

    /// The sources of spilled edges that lead to row `row`.
    public func spilledEdges(toRow row: Int) -> [NodeID] { incomingReferences[Int32(row)] ?? [] }

    /// The lanes of row `row` drawn as text, two characters a lane (glyph, then connector),
    /// padded to `laneCount` lanes.
    public func text(ofRow row: Int, glyphs: GlyphSet) -> String {
        var text = ""
        let rowCells = cells(ofRow: row)
        for cell in rowCells {
            text.append(glyphs.glyph(for: cell))
            text.append(cell.contains(.right) ? glyphs.horizontal : " ")
        }
        text += String(repeating: "  ", count: max(0, laneCount - rowCells.count))
        return text
    }

    /// The first free column (creating one if the budget allows), or -1 when none is left.
    private static func freeColumn(
        in lanes: inout [Int32], cells: inout [LaneCell], budget: Int, excluding: Int
    ) -> Int {
        if let free = lanes.indices.first(where: { lanes[$0] < 0 && $0 != excluding }) {
            return free
        }
        guard lanes.count < budget else { return -1 }
        lanes.append(-1)
        cells.append([])
        return lanes.count - 1
    }

    /// Draws a horizontal edge between columns `a` and `b` of a row: the cells strictly
    /// between get left and right sides, and a lane passing there becomes a crossing.
    private static func connect(_ a: Int, _ b: Int, in row: inout [LaneCell]) {
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
