import AutogradEngine

/// Where each node of a capture was made, as a few distinct places: what the debugger's folds
/// by line group the nodes by.
extension CapturedRun {
    /// The distinct places nodes of the replayed graph were made (file, cell and line, the
    /// innermost in the learner's code), and each node's index into them, -1 where none is
    /// known. One pass over the nodes; a place's file and cell are looked up once per entry of
    /// the capture's file table, and runs of nodes made on one line cost no lookup.
    package func nodePlaces() -> (places: [SourceLocation], placeOfNode: [Int32]) {
        let nodes = review.replay.capture.nodes
        // Each entry of the file table as a distinct (file, cell): the same file may come once
        // per run of nodes made in it.
        var sourceOfEntry: [Int32] = []
        var sources: [String: Int32] = [:]
        for (file, cell) in zip(nodes.files, nodes.fileCells) {
            let key = file + "\u{0}" + String(cell)
            let source = sources[key] ?? Int32(sources.count)
            sources[key] = source
            sourceOfEntry.append(source)
        }
        var places: [SourceLocation] = []
        var placeOfKey: [Int64: Int32] = [:]
        var placeOfNode = [Int32](repeating: -1, count: review.replay.graph.count)
        var lastKey = Int64.min
        var lastPlace: Int32 = -1
        for node in placeOfNode.indices {
            let id = review.replay.captureID(of: NodeID(node))
            let entry = Int(nodes.fileIndices[id])
            let line = nodes.lines[id]
            guard entry >= 0, line > 0 else { continue }
            let key = Int64(sourceOfEntry[entry]) << 32 | Int64(line)
            if key != lastKey {
                if let known = placeOfKey[key] {
                    lastPlace = known
                } else {
                    lastPlace = Int32(places.count)
                    placeOfKey[key] = lastPlace
                    let cell = nodes.fileCells[entry]
                    places.append(
                        SourceLocation(
                            file: nodes.files[entry], line: Int(line),
                            cell: cell > 0 ? Int(cell) : nil))
                }
                lastKey = key
            }
            placeOfNode[node] = lastPlace
        }
        return (places, placeOfNode)
    }
}
