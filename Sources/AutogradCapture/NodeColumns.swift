/// The nodes of a capture as they are read, in document order, checked and put in id order
/// when the capture ends.
struct NodeColumns {
    typealias Failure = JSONReader.Failure

    /// One node's fields as read.
    struct Node {
        /// Where the node's object starts, for messages about it.
        var offset: Int
        var id: Int?
        /// The node's `op` in `operations`; `nil` when the node has no `op`.
        var operation: Int32?
        var label: String?
        var data: EngineNumber?
        var grad: EngineNumber?
        var gradBefore: EngineNumber?
        var children: [Int32] = []
        var ordered = false
        var file: String?
        var line: Int?
        /// The notebook cell `line` is in.
        var cell: Int?
        var probes: [Probe] = []
        /// Whether the node has a `probe` (an empty one included).
        var isProbed = false
        /// The engine method that made it (`made_by`).
        var maker: EngineMethod?
        /// The capture id of the maker's `self`.
        var selfOperand: Int?

        init(offset: Int) {
            self.offset = offset
        }

        /// Empties every field for the next node, keeping the buffers.
        mutating func reset(offset: Int) {
            self.offset = offset
            id = nil
            operation = nil
            label = nil
            data = nil
            grad = nil
            gradBefore = nil
            children.removeAll(keepingCapacity: true)
            ordered = false
            file = nil
            line = nil
            cell = nil
            probes.removeAll(keepingCapacity: true)
            isProbed = false
            maker = nil
            selfOperand = nil
        }
    }

    /// The distinct operation strings of the nodes read so far.
    var operations = OperationTable()
    private var nodes = CapturedNodes()
    private var ids: [Int] = []
    private var offsets: [Int] = []
    /// Each distinct maker's index in `nodes.makers`.
    private var makerIndex: [EngineMethod: Int32] = [:]

    /// Makes room for `count` nodes of up to two children each.
    mutating func reserveCapacity(_ count: Int) {
        ids.reserveCapacity(count)
        offsets.reserveCapacity(count)
        nodes.reserveCapacity(count)
    }

    /// Adds a node read from the document.
    mutating func append(_ node: Node) throws(Failure) {
        guard let id = node.id else {
            throw Failure(offset: node.offset, message: "a node needs an \"id\"")
        }
        guard let data = node.data else {
            throw Failure(offset: node.offset, message: "node \(id) has no \"data\"")
        }
        let dataValue = store(data, .data, of: id)
        // A grad the capture does not give is not known, never 0: it is not judged.
        let gradValue = store(node.grad ?? .absentGrad, .grad, of: id)
        let gradBeforeValue = node.gradBefore.map { store($0, .gradBefore, of: id) }
        ids.append(id)
        offsets.append(node.offset)
        let operation = node.operation ?? operations.index(of: nil)
        nodes.operationIndices.append(operation)
        nodes.operations.append(operations.texts[Int(operation)])
        nodes.labels.append(node.label)
        nodes.data.append(dataValue)
        nodes.grads.append(gradValue)
        nodes.gradsBefore.append(gradBeforeValue)
        nodes.ordered.append(node.ordered)
        if let file = node.file {
            // A file and a cell are one entry: the cell costs nothing per node.
            let cell = Int32(clamping: node.cell ?? 0)
            if nodes.files.last != file || nodes.fileCells.last != cell {
                nodes.files.append(file)
                nodes.fileCells.append(cell)
            }
            nodes.fileIndices.append(Int32(nodes.files.count - 1))
        } else {
            nodes.fileIndices.append(-1)
        }
        nodes.lines.append(Int32(clamping: node.line ?? 0))
        if let maker = node.maker {
            nodes.makerIndices.append(index(of: maker))
        } else {
            nodes.makerIndices.append(-1)
        }
        nodes.selfOperands.append(node.selfOperand.map { Int32(clamping: $0) } ?? -1)
        nodes.childIDs.append(contentsOf: node.children)
        nodes.childStarts.append(Int32(clamping: nodes.childIDs.count))
        nodes.probed.append(node.isProbed)
        for probe in node.probes {
            if let message = probe.message {
                nodes.probeMessages[nodes.probeEntries.count] = message
            }
            nodes.probeEntries.append(
                CapturedNodes.StoredProbe(
                    child: Int32(clamping: probe.child), mode: probe.mode,
                    hasLocal: probe.local != nil, local: probe.local ?? 0, origin: probe.origin))
        }
        nodes.probeStarts.append(Int32(clamping: nodes.probeEntries.count))
    }

    /// The index of `maker` in `nodes.makers`, added when new; the last one is checked first,
    /// as nodes made one after another often share it.
    private mutating func index(of maker: EngineMethod) -> Int32 {
        if let last = nodes.makers.last, last == maker { return Int32(nodes.makers.count - 1) }
        if let known = makerIndex[maker] { return known }
        let index = Int32(nodes.makers.count)
        nodes.makers.append(maker)
        makerIndex[maker] = index
        return index
    }

    /// The nodes by id, once every id from 0 is there exactly once and every child, probe and
    /// number refers to a node.
    consuming func finish() throws(Failure) -> CapturedNodes {
        nodes.operationTexts = operations.texts
        let count = nodes.count
        var positionOfID = [Int](repeating: -1, count: count)
        for (position, id) in ids.enumerated() {
            guard (0..<count).contains(id) else {
                throw Failure(
                    offset: offsets[position],
                    message:
                        "node id \(id) is out of range: the \(count) nodes of a capture are counted from 0"
                )
            }
            guard positionOfID[id] < 0 else {
                throw Failure(offset: offsets[position], message: "node id \(id) appears twice")
            }
            positionOfID[id] = position
        }
        try checkReferences(count: count)
        if positionOfID.enumerated().allSatisfy({ $0.offset == $0.element }) { return nodes }
        return reordered(by: positionOfID)
    }

    private func checkReferences(count: Int) throws(Failure) {
        for position in 0..<count {
            let id = ids[position]
            let children = nodes.childIDs[
                Int(nodes.childStarts[position])..<Int(nodes.childStarts[position + 1])]
            if let bad = children.first(where: { !(0..<Int32(count)).contains($0) }) {
                throw Failure(
                    offset: offsets[position],
                    message: "node \(id) has child \(bad), which is not a node of this capture")
            }
            let probes = nodes.probeEntries[
                Int(nodes.probeStarts[position])..<Int(nodes.probeStarts[position + 1])]
            let operand = nodes.selfOperands[position]
            if operand >= count {
                throw Failure(
                    offset: offsets[position],
                    message:
                        "node \(id) was made by a method of node \(operand), which is not a node")
            }
            if let bad = probes.first(where: { !children.contains($0.child) }) {
                throw Failure(
                    offset: offsets[position],
                    message:
                        "node \(id) has a probe of \(bad.child), which is not one of its children")
            }
        }
    }

    /// The number to keep in a column: the value, or NaN with the text kept beside it.
    private mutating func store(
        _ number: EngineNumber, _ field: CapturedNodes.Field.Name, of id: Int
    )
        -> Double
    {
        switch number {
        case .number(let value): return value
        case .notANumber(let text):
            nodes.notNumbers[CapturedNodes.Field(node: id, name: field)] = text
            return .nan
        }
    }

    /// The columns permuted into id order; `notNumbers` is keyed by id already.
    private func reordered(by positionOfID: [Int]) -> CapturedNodes {
        var sorted = CapturedNodes()
        sorted.notNumbers = nodes.notNumbers
        sorted.files = nodes.files
        sorted.fileCells = nodes.fileCells
        sorted.operationTexts = nodes.operationTexts
        sorted.makers = nodes.makers
        for position in positionOfID {
            sorted.operations.append(nodes.operations[position])
            sorted.operationIndices.append(nodes.operationIndices[position])
            sorted.labels.append(nodes.labels[position])
            sorted.data.append(nodes.data[position])
            sorted.grads.append(nodes.grads[position])
            sorted.gradsBefore.append(nodes.gradsBefore[position])
            sorted.ordered.append(nodes.ordered[position])
            sorted.fileIndices.append(nodes.fileIndices[position])
            sorted.lines.append(nodes.lines[position])
            sorted.makerIndices.append(nodes.makerIndices[position])
            sorted.selfOperands.append(nodes.selfOperands[position])
            sorted.childIDs.append(
                contentsOf: nodes.childIDs[
                    Int(nodes.childStarts[position])..<Int(nodes.childStarts[position + 1])])
            sorted.childStarts.append(Int32(clamping: sorted.childIDs.count))
            sorted.probed.append(nodes.probed[position])
            for index in Int(nodes.probeStarts[position])..<Int(nodes.probeStarts[position + 1]) {
                if let message = nodes.probeMessages[index] {
                    sorted.probeMessages[sorted.probeEntries.count] = message
                }
                sorted.probeEntries.append(nodes.probeEntries[index])
            }
            sorted.probeStarts.append(Int32(clamping: sorted.probeEntries.count))
        }
        return sorted
    }
}
