/// Reads capture documents (`autograd-capture/1`) in one pass over their bytes.
package enum CaptureReader {
    /// The `format` a capture document declares.
    package static let format = "autograd-capture/1"

    /// Whether `bytes` look like a JSON document rather than an `.ag` script: the first
    /// character that is not white space is `{`, which never starts an `.ag` file.
    package static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "{")
    }

    /// Reads the capture document in `bytes`, for the file named `path` (as messages show it).
    package static func read(_ bytes: [UInt8], path: String) throws(CaptureError) -> CaptureDocument
    {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CaptureError) in
            try read(buffer, path: path)
        }
    }

    /// Reads the capture document in `buffer` (a mapped file, say), for the file named `path`.
    /// Nothing read keeps a reference to the buffer.
    package static func read(_ buffer: UnsafeBufferPointer<UInt8>, path: String)
        throws(CaptureError) -> CaptureDocument
    {
        var reader = JSONReader(buffer)
        var decoder = DocumentDecoder()
        do throws(JSONReader.Failure) {
            return try decoder.readDocument(&reader)
        } catch {
            let place = reader.position(of: error.offset)
            throw CaptureError(
                path: path, line: place.line, column: place.column, message: error.message)
        }
    }
}

/// The shape of a capture document, read field by field (the nodes in `NodeReading.swift`); unknown fields are skipped, as the
/// contract lets writers add them.
struct DocumentDecoder {
    typealias Failure = JSONReader.Failure

    /// The file the last node named, whose string the next ones share.
    var lastFile = ""
    /// The method the last node was made by, likewise.
    var lastMethod = ""
    /// The node being read.
    var scratch = NodeColumns.Node(offset: 0)
    /// How many nodes the last capture with nodes had: a training loop's next graph is alike.
    private var previousNodeCount: Int?
    /// How many nodes of the first capture are read before room is made for the rest.
    private static let sampledNodes = 1_000

    mutating func readDocument(_ reader: inout JSONReader) throws(Failure) -> CaptureDocument {
        let start = reader.startOfValue()
        var document = CaptureDocument(engine: nil, script: nil, captures: [], roots: [])
        var format: String?
        var roots: [Double]?
        var entryRoots: [(index: Int, data: Double?)] = []
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.format: format = try reader.readString()
            case CaptureKeys.engine: document.engine = try Self.readOptionalString(&reader)
            case CaptureKeys.script: document.script = try Self.readOptionalString(&reader)
            case CaptureKeys.cwd: document.folder = try Self.readOptionalString(&reader)
            case CaptureKeys.outcome: document.outcome = try OutcomeReader.readOutcome(&reader)
            case CaptureKeys.diagnosis:
                document.diagnosis = try OutcomeReader.readDiagnosis(&reader)
            case CaptureKeys.roots:
                var values: [Double] = []
                try reader.readArray { (reader) throws(Failure) in
                    values.append(try Self.readEngineNumber(&reader).double ?? .nan)
                }
                roots = values
            case CaptureKeys.captures:
                var position = 0
                try reader.readArray { (reader) throws(Failure) in
                    let entry = try readCapture(&reader, position: position)
                    position += 1
                    entryRoots.append((entry.index, entry.rootData))
                    if let capture = entry.capture { document.captures.append(capture) }
                }
            default: try reader.skipValue()
            }
        }
        try reader.expectEnd()
        try checkFormat(format, at: start)
        if let roots {
            document.roots = roots
        } else {
            document.roots = entryRoots.sorted { $0.index < $1.index }.map { $0.data ?? .nan }
        }
        return document
    }

    private func checkFormat(_ format: String?, at offset: Int) throws(Failure) {
        switch format {
        case CaptureReader.format?: return
        case nil:
            throw Failure(
                offset: offset,
                message:
                    "not a capture: the document has no \"format\" (expected \"\(CaptureReader.format)\")"
            )
        case "autograd-trace/1"?:
            throw Failure(
                offset: offset,
                message:
                    "this is a trace (what --json writes), not a capture; open the script or the capture it came from"
            )
        case let other?:
            throw Failure(
                offset: offset,
                message:
                    "unknown format \"\(other)\"; this version reads \"\(CaptureReader.format)\"")
        }
    }

    /// One entry of `captures`: a whole graph, or (`"kept": false`) only the call's root value,
    /// which a long run keeps for every call.
    private mutating func readCapture(_ reader: inout JSONReader, position: Int) throws(Failure)
        -> (index: Int, rootData: Double?, capture: Capture?)
    {
        let start = reader.startOfValue()
        var kept = true
        var rootData: Double?
        var givenIndex: Int?
        var call: SourceLocation?
        var root: Int?
        var rootOffset = start
        var nodes = NodeColumns()
        var fired: [Int]?
        var firedOffset = start
        var raised: String?
        var raisedBeforeSteps = false
        var code = EngineCode()
        var codesOffset = start
        var precisionBits: Int?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.index: givenIndex = try reader.readInt()
            case CaptureKeys.kept: kept = try reader.readBool()
            case CaptureKeys.rootData: rootData = try Self.readEngineNumber(&reader).double ?? .nan
            case CaptureKeys.call: call = try Self.readLocation(&reader)
            case CaptureKeys.root:
                rootOffset = reader.startOfValue()
                root = try reader.readInt()
            case CaptureKeys.nodes:
                // Room for the nodes ahead, so that no column grows by copying: as many as the
                // last capture had, else as many as the rest of the document holds at the size
                // of the first nodes.
                if let previousNodeCount { nodes.reserveCapacity(previousNodeCount) }
                let start = reader.startOfValue()
                var count = 0
                try reader.readArray { (reader) throws(Failure) in
                    try readNode(&reader, into: &nodes)
                    count += 1
                    if count == Self.sampledNodes, previousNodeCount == nil {
                        let size = max(1, (reader.startOfValue() - start) / count)
                        nodes.reserveCapacity(
                            count
                                + Self.estimatedNodes(
                                    remainingBytes: reader.remainingByteCount, size: size))
                    }
                }
            case CaptureKeys.fired:
                firedOffset = reader.startOfValue()
                if !reader.readNull() {
                    var ids: [Int] = []
                    try reader.readArray { (reader) throws(Failure) in
                        ids.append(try reader.readInt())
                    }
                    fired = ids
                }
            case CaptureKeys.raised: raised = try Self.readOptionalString(&reader)
            case CaptureKeys.codes:
                try reader.readArray { (reader) throws(Failure) in
                    code.places.append(try Self.readCode(&reader))
                }
            case CaptureKeys.backwardCodes:
                codesOffset = reader.startOfValue()
                try reader.readArray { (reader) throws(Failure) in
                    code.backwardIndices.append(
                        reader.readNull() ? -1 : Int32(clamping: try reader.readInt()))
                }
            case CaptureKeys.passCode: code.pass = try Self.readCode(&reader)
            case CaptureKeys.raisedCode:
                code.raised = reader.readNull() ? nil : try Self.readCode(&reader)
            case CaptureKeys.raisedBeforeSteps: raisedBeforeSteps = try reader.readBool()
            case CaptureKeys.precision:
                try reader.readObject { (reader, key) throws(Failure) in
                    if key == CaptureKeys.bits {
                        let bits = try reader.readInt()
                        precisionBits = (2..<53).contains(bits) ? bits : nil
                    } else {
                        try reader.skipValue()
                    }
                }
            default: try reader.skipValue()
            }
        }
        let index = givenIndex ?? position
        guard kept else { return (index, rootData, nil) }
        guard let root else {
            throw Failure(offset: start, message: "a capture needs a \"root\"")
        }
        let captured = try nodes.finish()
        previousNodeCount = captured.count
        guard (0..<captured.count).contains(root) else {
            throw Failure(
                offset: rootOffset, message: "the root \(root) is not a node of this capture")
        }
        if let fired, let bad = fired.first(where: { !(0..<captured.count).contains($0) }) {
            throw Failure(
                offset: firedOffset, message: "\"fired\" names \(bad), which is not a node")
        }
        if !code.backwardIndices.isEmpty {
            guard code.backwardIndices.count == captured.count else {
                throw Failure(
                    offset: codesOffset,
                    message:
                        "\"backward_codes\" has \(code.backwardIndices.count) entries for \(captured.count) nodes"
                )
            }
            if let bad = code.backwardIndices.first(where: { $0 >= code.places.count }) {
                throw Failure(
                    offset: codesOffset,
                    message:
                        "\"backward_codes\" names entry \(bad), which \"codes\" does not have")
            }
        }
        let capture = Capture(
            index: index, call: call, root: root, nodes: captured, fired: fired, raised: raised,
            raisedBeforeSteps: raised != nil && raisedBeforeSteps, code: code,
            precisionBits: precisionBits)
        return (index, rootData ?? captured.data[root], capture)
    }

    /// How many more nodes to make room for, at `size` bytes a node: as many as the rest of the
    /// document would hold, but no more than `reservationCap`, past which columns grow as
    /// arrays do. The rest may be white space or other members: 1,000 nodes followed by
    /// 400 MB of spaces must not reserve gigabytes.
    static func estimatedNodes(remainingBytes: Int, size: Int) -> Int {
        min(remainingBytes / max(1, size), reservationCap)
    }

    /// The most nodes reserved ahead from an estimate (about 100 MB of columns).
    static let reservationCap = 1 << 20

    /// `{"file": .., "line": .., "function": ..}`.
    static func readCode(_ reader: inout JSONReader) throws(Failure) -> CodeLocation {
        let start = reader.startOfValue()
        var file: String?
        var line: Int?
        var function: String?
        var cell: Int?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.cell: cell = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.file: file = try readOptionalString(&reader)
            case CaptureKeys.line: line = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.function: function = try readOptionalString(&reader)
            default: try reader.skipValue()
            }
        }
        guard let file, let line else {
            throw Failure(offset: start, message: "a code location needs a \"file\" and a \"line\"")
        }
        return CodeLocation(SourceLocation(file: file, line: line, cell: cell), function: function)
    }

    static func readLocation(_ reader: inout JSONReader) throws(Failure) -> SourceLocation? {
        if reader.readNull() { return nil }
        var file: String?
        var line: Int?
        var cell: Int?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.file: file = try readOptionalString(&reader)
            case CaptureKeys.line: line = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.cell: cell = reader.readNull() ? nil : try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let file, let line else { return nil }
        return SourceLocation(file: file, line: line, cell: cell)
    }

    /// An `op`: a string or `null`, as its index among the capture's distinct ones.
    static func readOperation(
        _ reader: inout JSONReader, into operations: inout OperationTable
    ) throws(Failure) -> Int32 {
        if reader.readNull() { return operations.index(of: nil) }
        if let bytes = reader.readPlainString() { return operations.index(ofPlain: bytes) }
        return operations.index(of: try reader.readString())
    }

    static func readOptionalString(_ reader: inout JSONReader) throws(Failure) -> String? {
        reader.readNull() ? nil : try reader.readString()
    }

    /// A number, one of the strings for NaN and the infinities, `{"repr": ...}` for what is not
    /// a number, or `null` (an engine that starts grads at `None`).
    static func readEngineNumber(_ reader: inout JSONReader) throws(Failure)
        -> EngineNumber
    {
        if reader.readNull() { return .notANumber(repr: "None") }
        guard reader.nextIsObject() else { return .number(try reader.readNumber()) }
        var text = "?"
        try reader.readObject { (reader, key) throws(Failure) in
            if key == CaptureKeys.repr {
                text = try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        return .notANumber(repr: text)
    }
}
