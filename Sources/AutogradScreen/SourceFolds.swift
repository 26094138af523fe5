import AutogradCapture
import AutogradEngine
import AutogradProgram

/// The graph's nodes grouped by the line of the learner's code that made them: one fold per
/// line (a notebook's per cell and line), in source order, the nodes made where no line of
/// the script is known last. Each fold's nodes are in the graph pane's row order, the firing
/// order. Made once, when the folded view is first asked for: the grouping costs one pass
/// over the nodes; everything it answers afterwards costs a lookup or a binary search.
package struct SourceFolds: Sendable {
    /// Where a fold's nodes were made.
    package struct Place: Hashable, Sendable {
        /// The file, when it is not the script's own (`nn.py` beside `train.py`).
        package var file: String? = nil
        /// The notebook cell, `nil` outside a notebook.
        package let cell: Int?
        /// The 1-based line (within the cell), 0 for nodes made where no line is known.
        package let line: Int
    }

    /// Each fold's place, in source order, the place of no line last.
    package let places: [Place]
    /// The nodes of every fold, fold after fold, each fold's in row order.
    private let members: [NodeID]
    /// Where each fold's nodes start in `members`, and the end: `places.count + 1` entries.
    private let memberStarts: [Int]
    /// The fold of each node, by node index.
    private let foldOfNode: [Int32]
    /// Each node's place among its fold's nodes, by node index.
    private let indexInFold: [Int32]
    /// The steps that fire each fold's operations, ascending, fold after fold.
    private let firingSteps: [Int32]
    /// Where each fold's steps start in `firingSteps`, and the end.
    private let firingStarts: [Int]

    /// The folds of `script`'s nodes, each fold's nodes in the order of `rows` (the layout's
    /// rows: every node once), with the steps at which `stepper` fires them. On a `capture`,
    /// a line of any file of the learner's code that made nodes is a fold; the script's own
    /// file comes first.
    package init(
        script: Script, capture: CapturedRun? = nil, rows: [NodeID], stepper: BackwardStepper
    ) {
        let count = script.graph.count
        let (places, foldOfNode) =
            capture.map { Self.places(of: $0, script: script.path) } ?? Self.places(of: script)
        self.places = places
        var sizes = [Int](repeating: 0, count: places.count)
        for fold in foldOfNode { sizes[Int(fold)] += 1 }
        var starts = [0]
        starts.reserveCapacity(places.count + 1)
        for size in sizes { starts.append(starts[starts.count - 1] + size) }
        var members = [NodeID](repeating: NodeID(0), count: count)
        var indexInFold = [Int32](repeating: 0, count: count)
        var filled = [Int](repeating: 0, count: places.count)
        for node in rows {
            let fold = Int(foldOfNode[node.index])
            members[starts[fold] + filled[fold]] = node
            indexInFold[node.index] = Int32(filled[fold])
            filled[fold] += 1
        }
        // Rows are in firing order, so each fold's steps come out ascending; sorted only if
        // not.
        var firingSteps: [Int32] = []
        firingSteps.reserveCapacity(count)
        var firingStarts = [Int](repeating: 0, count: places.count + 1)
        for fold in places.indices {
            let first = firingSteps.count
            var ascending = true
            for index in starts[fold]..<starts[fold + 1] {
                guard let step = stepper.step(firing: members[index]) else { continue }
                ascending =
                    ascending
                    && (firingSteps.count == first || firingSteps[firingSteps.count - 1] < step)
                firingSteps.append(Int32(step))
            }
            if !ascending { firingSteps[first...].sort() }
            firingStarts[fold + 1] = firingSteps.count
        }
        self.members = members
        self.memberStarts = starts
        self.foldOfNode = foldOfNode
        self.indexInFold = indexInFold
        self.firingSteps = firingSteps
        self.firingStarts = firingStarts
    }

    /// Each node's place, as a fold index into the places in source order. Lines index a
    /// table directly (one pass, no hashing: 10⁶ nodes in milliseconds); a notebook's cells,
    /// or lines far past the number of nodes, go through a dictionary.
    private static func places(of script: Script) -> ([Place], [Int32]) {
        let count = script.graph.count
        let lines = script.nodeLines
        let cells = script.nodeCells.count == count ? script.nodeCells : []
        let longest = Int(lines.max() ?? 0)
        if cells.allSatisfy({ $0 == 0 }), (lines.min() ?? 0) >= 0, longest <= 4 * count + 65_536 {
            var foldOfLine = [Int32](repeating: -1, count: longest + 1)
            for line in lines { foldOfLine[Int(line)] = 0 }
            var places: [Place] = []
            for line in 1..<foldOfLine.count where foldOfLine[line] == 0 {
                foldOfLine[line] = Int32(places.count)
                places.append(Place(cell: nil, line: line))
            }
            if foldOfLine[0] == 0 {
                foldOfLine[0] = Int32(places.count)
                places.append(Place(cell: nil, line: 0))
            }
            return (places, lines.map { foldOfLine[Int($0)] })
        }
        // Keys sort in source order, the place of no line (line 0) last.
        func key(_ node: Int) -> Int64 {
            let line = Int64(lines[node])
            let cell = cells.isEmpty ? 0 : Int64(cells[node])
            return line == 0 ? Int64.max : cell << 32 | line
        }
        let keys = (0..<count).map(key)
        let sortedKeys = Array(Set(keys)).sorted()
        var foldOfKey: [Int64: Int32] = [:]
        for (fold, key) in sortedKeys.enumerated() { foldOfKey[key] = Int32(fold) }
        let places = sortedKeys.map { key in
            key == Int64.max
                ? Place(cell: nil, line: 0)
                : Place(cell: cells.isEmpty ? nil : Int(key >> 32), line: Int(key & 0xFFFF_FFFF))
        }
        return (places, keys.map { foldOfKey[$0] ?? 0 })
    }

    /// Each node's place on a capture, by the file, cell and line the bridge saw it made at:
    /// the script's own file first, then the others by name, each in line order; nodes made
    /// nowhere known last.
    private static func places(of run: CapturedRun, script: String) -> ([Place], [Int32]) {
        let (locations, placeOfNode) = run.nodePlaces()
        let order = locations.indices.sorted { a, b in
            let (x, y) = (locations[a], locations[b])
            let (xFile, yFile) = (x.file == script ? "" : x.file, y.file == script ? "" : y.file)
            return (xFile, x.cell ?? 0, x.line) < (yFile, y.cell ?? 0, y.line)
        }
        var foldOfPlace = [Int32](repeating: 0, count: locations.count)
        var places: [Place] = []
        for place in order {
            foldOfPlace[place] = Int32(places.count)
            let location = locations[place]
            places.append(
                Place(
                    file: location.file == script ? nil : location.file, cell: location.cell,
                    line: location.line))
        }
        let nowhere = Int32(places.count)
        if placeOfNode.contains(-1) { places.append(Place(cell: nil, line: 0)) }
        return (places, placeOfNode.map { $0 < 0 ? nowhere : foldOfPlace[Int($0)] })
    }

    /// How many folds there are.
    package var count: Int { places.count }

    /// The nodes of `fold`, in row order.
    package func nodes(in fold: Int) -> ArraySlice<NodeID> {
        members[memberStarts[fold]..<memberStarts[fold + 1]]
    }

    /// How many nodes `fold` holds.
    package func size(of fold: Int) -> Int { memberStarts[fold + 1] - memberStarts[fold] }

    /// The fold `node` is in.
    package func fold(of node: NodeID) -> Int { Int(foldOfNode[node.index]) }

    /// Where `node` is among its fold's nodes.
    package func index(of node: NodeID) -> Int { Int(indexInFold[node.index]) }

    /// How many of `fold`'s nodes fire in a backward pass (its operations the root depends on).
    package func firingCount(in fold: Int) -> Int {
        firingStarts[fold + 1] - firingStarts[fold]
    }

    /// How many of `fold`'s nodes have fired once the backward pass stands at `step` (`nil`
    /// before it starts): a binary search.
    package func firedCount(in fold: Int, atStep step: Int?) -> Int {
        guard let step else { return 0 }
        var low = firingStarts[fold]
        var high = firingStarts[fold + 1]
        while low < high {
            let middle = (low + high) / 2
            if Int(firingSteps[middle]) <= step { low = middle + 1 } else { high = middle }
        }
        return low - firingStarts[fold]
    }
}
