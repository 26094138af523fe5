/// Reads capture documents (`autograd-capture/1`) in one pass over their bytes.
public enum CaptureReader {
    /// The `format` a capture document declares.
    public static let format = "autograd-capture/1"

    /// Whether `bytes` look like a JSON document rather than an `.ag` script: the first
    /// character that is not white space is `{`, which never starts an `.ag` file.
    public static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "{")
    }

    /// Reads the capture document in `bytes`, for the file named `path` (as messages show it).
    public static func read(_ bytes: [UInt8], path: String) throws(CaptureError) -> CaptureDocument
    {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CaptureError) in
            try read(buffer, path: path)
        }
    }

    /// Reads the capture document in `buffer` (a mapped file, say), for the file named `path`.
    /// Nothing read keeps a reference to the buffer.
    public static func read(_ buffer: UnsafeBufferPointer<UInt8>, path: String)
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

/// The shape of a capture document, read field by field; unknown fields are skipped, as the
/// contract lets writers add them.
private struct DocumentDecoder {
    typealias Failure = JSONReader.Failure

    /// The file the last node named, whose string the next ones share.
    private var lastFile = ""
    /// The method the last node was made by, likewise.
    private var lastMethod = ""
    /// The node being read.
    private var scratch = NodeColumns.Node(offset: 0)
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
            case Keys.format: format = try reader.readString()
            case Keys.engine: document.engine = try Self.readOptionalString(&reader)
            case Keys.script: document.script = try Self.readOptionalString(&reader)
            case Keys.cwd: document.folder = try Self.readOptionalString(&reader)
            case OutcomeKeys.outcome: document.outcome = try OutcomeReader.readOutcome(&reader)
            case OutcomeKeys.diagnosis:
                document.diagnosis = try OutcomeReader.readDiagnosis(&reader)
            case Keys.roots:
                var values: [Double] = []
                try reader.readArray { (reader) throws(Failure) in
                    values.append(try Self.readEngineNumber(&reader).double ?? .nan)
                }
                roots = values
            case Keys.captures:
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
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case Keys.index: givenIndex = try reader.readInt()
            case Keys.kept: kept = try reader.readBool()
            case Keys.rootData: rootData = try Self.readEngineNumber(&reader).double ?? .nan
            case Keys.call: call = try Self.readLocation(&reader)
            case Keys.root:
                rootOffset = reader.startOfValue()
                root = try reader.readInt()
            case Keys.nodes:
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
                        nodes.reserveCapacity(count + reader.remainingByteCount / size)
                    }
                }
            case Keys.fired:
                firedOffset = reader.startOfValue()
                if !reader.readNull() {
                    var ids: [Int] = []
                    try reader.readArray { (reader) throws(Failure) in
                        ids.append(try reader.readInt())
                    }
                    fired = ids
                }
            case Keys.raised: raised = try Self.readOptionalString(&reader)
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
        let capture = Capture(
            index: index, call: call, root: root, nodes: captured, fired: fired, raised: raised)
        return (index, rootData ?? captured.data[root], capture)
    }

    private mutating func readNode(_ reader: inout JSONReader, into nodes: inout NodeColumns)
        throws(Failure)
    {
        // One node's fields are read into the same buffers each time: no array per node.
        scratch.reset(offset: reader.startOfValue())
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case Keys.id: scratch.id = try reader.readInt()
            case Keys.op:
                scratch.operation = try Self.readOperation(&reader, into: &nodes.operations)
            case Keys.label: scratch.label = try Self.readOptionalString(&reader)
            case Keys.data: scratch.data = try Self.readEngineNumber(&reader)
            case Keys.grad: scratch.grad = try Self.readEngineNumber(&reader)
            case Keys.gradBefore:
                scratch.gradBefore = reader.readNull() ? nil : try Self.readEngineNumber(&reader)
            case Keys.children:
                try reader.readArray { (reader) throws(Failure) in
                    scratch.children.append(Int32(clamping: try reader.readInt()))
                }
            case Keys.ordered: scratch.ordered = try reader.readBool()
            case Keys.file:
                if !reader.readNull() {
                    // Nodes name the same file over and over: its one string is kept.
                    lastFile = try reader.readString(reusing: lastFile)
                    scratch.file = lastFile
                }
            case Keys.line: scratch.line = reader.readNull() ? nil : try reader.readInt()
            case Keys.probe:
                if !reader.readNull() {
                    scratch.isProbed = true
                    try reader.readArray { (reader) throws(Failure) in
                        scratch.probes.append(try Self.readProbe(&reader))
                    }
                }
            case Keys.madeBy:
                if !reader.readNull() { try readMaker(&reader) }
            default: try reader.skipValue()
            }
        }
        try nodes.append(scratch)
    }

    /// `made_by`: the method that made the node, its number arguments and its operands, of
    /// which only the first (`self`) is kept.
    private mutating func readMaker(_ reader: inout JSONReader) throws(Failure) {
        let start = reader.startOfValue()
        var name: String?
        var outer: String?
        var arguments: [Double] = []
        var selfOperand: Int?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case Keys.method:
                lastMethod = try reader.readString(reusing: lastMethod)
                name = lastMethod
            case Keys.outer: outer = try Self.readOptionalString(&reader)
            case Keys.args:
                try reader.readArray { (reader) throws(Failure) in
                    arguments.append(try Self.readEngineNumber(&reader).double ?? .nan)
                }
            case Keys.operands:
                var position = 0
                try reader.readArray { (reader) throws(Failure) in
                    let operand = reader.readNull() ? nil : try reader.readInt()
                    if position == 0 { selfOperand = operand }
                    position += 1
                }
            default: try reader.skipValue()
            }
        }
        guard let name else {
            throw Failure(offset: start, message: "a \"made_by\" needs a \"method\"")
        }
        scratch.maker = EngineMethod(name: name, outer: outer, arguments: arguments)
        scratch.selfOperand = selfOperand
    }

    private static func readProbe(_ reader: inout JSONReader) throws(Failure) -> Probe {
        let start = reader.startOfValue()
        var child: Int?
        var local: Double?
        var mode: Probe.Mode?
        var modeName: String?
        var modeOffset = start
        var message: String?
        var origin = Probe.Origin.call
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case Keys.child: child = try reader.readInt()
            case Keys.local: local = reader.readNull() ? nil : try readEngineNumber(&reader).double
            case Keys.mode:
                modeOffset = reader.startOfValue()
                // The five modes are known by their bytes; anything else is read as a string.
                if let bytes = reader.readPlainString() {
                    mode = JSONReader.Key(bytes).flatMap(Self.mode(named:))
                    modeName = String(decoding: bytes, as: UTF8.self)
                } else {
                    mode = nil
                    modeName = try reader.readString()
                }
            case Keys.message: message = try readOptionalString(&reader)
            case Keys.from:
                let source = try readOptionalString(&reader)
                origin = source == nil ? .call : source == "backward(gy)" ? .returned : .stored
            default: try reader.skipValue()
            }
        }
        guard let child else { throw Failure(offset: start, message: "a probe needs a \"child\"") }
        if let mode {
            return Probe(child: child, local: local, mode: mode, message: message, origin: origin)
        }
        guard let modeName else {
            throw Failure(offset: start, message: "a probe needs a \"mode\"")
        }
        guard let mode = Probe.Mode(rawValue: modeName) else {
            let modes = Probe.Mode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw Failure(
                offset: modeOffset, message: "unknown probe mode \"\(modeName)\"; one of \(modes)")
        }
        return Probe(child: child, local: local, mode: mode, message: message, origin: origin)
    }

    /// The probe mode spelt `key`.
    private static func mode(named key: JSONReader.Key) -> Probe.Mode? {
        switch key {
        case Keys.add: .add
        case Keys.assign: .assign
        case Keys.ignoresUpstream: .ignoresUpstream
        case Keys.untouched: .untouched
        case Keys.error: .error
        default: nil
        }
    }

    private static func readLocation(_ reader: inout JSONReader) throws(Failure) -> SourceLocation?
    {
        if reader.readNull() { return nil }
        var file: String?
        var line: Int?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case Keys.file: file = try readOptionalString(&reader)
            case Keys.line: line = reader.readNull() ? nil : try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let file, let line else { return nil }
        return SourceLocation(file: file, line: line)
    }

    /// An `op`: a string or `null`, as its index among the capture's distinct ones.
    private static func readOperation(
        _ reader: inout JSONReader, into operations: inout OperationTable
    ) throws(Failure) -> Int32 {
        if reader.readNull() { return operations.index(of: nil) }
        if let bytes = reader.readPlainString() { return operations.index(ofPlain: bytes) }
        return operations.index(of: try reader.readString())
    }

    private static func readOptionalString(_ reader: inout JSONReader) throws(Failure) -> String? {
        reader.readNull() ? nil : try reader.readString()
    }

    /// A number, one of the strings for NaN and the infinities, `{"repr": ...}` for what is not
    /// a number, or `null` (an engine that starts grads at `None`).
    private static func readEngineNumber(_ reader: inout JSONReader) throws(Failure)
        -> EngineNumber
    {
        if reader.readNull() { return .notANumber(repr: "None") }
        guard reader.nextIsObject() else { return .number(try reader.readNumber()) }
        var text = "?"
        try reader.readObject { (reader, key) throws(Failure) in
            if key == Keys.repr { text = try reader.readString() } else { try reader.skipValue() }
        }
        return .notANumber(repr: text)
    }
}

/// The keys of the capture format, packed at compile time (`JSONReader.Key`'s layout): no
/// string is made or compared per member. The probe modes, which are values, are packed the
/// same way.
private enum Keys {
    /// `"add"`
    static var add: JSONReader.Key {
        JSONReader.Key(low: 0x64_6461, high: 0x0, length: 3)
    }
    /// `"assign"`
    static var assign: JSONReader.Key {
        JSONReader.Key(low: 0x6E67_6973_7361, high: 0x0, length: 6)
    }
    /// `"error"`
    static var error: JSONReader.Key {
        JSONReader.Key(low: 0x72_6F72_7265, high: 0x0, length: 5)
    }
    /// `"ignores-upstream"`
    static var ignoresUpstream: JSONReader.Key {
        JSONReader.Key(low: 0x2D73_6572_6F6E_6769, high: 0x6D61_6572_7473_7075, length: 16)
    }
    /// `"untouched"`
    static var untouched: JSONReader.Key {
        JSONReader.Key(low: 0x6568_6375_6F74_6E75, high: 0x64, length: 9)
    }

    /// `"call"`
    static var call: JSONReader.Key {
        JSONReader.Key(low: 0x6C6C_6163, high: 0x0, length: 4)
    }
    /// `"captures"`
    static var captures: JSONReader.Key {
        JSONReader.Key(low: 0x7365_7275_7470_6163, high: 0x0, length: 8)
    }
    /// `"child"`
    static var child: JSONReader.Key {
        JSONReader.Key(low: 0x64_6C69_6863, high: 0x0, length: 5)
    }
    /// `"children"`
    static var children: JSONReader.Key {
        JSONReader.Key(low: 0x6E65_7264_6C69_6863, high: 0x0, length: 8)
    }
    /// `"cwd"`
    static var cwd: JSONReader.Key {
        JSONReader.Key(low: 0x647763, high: 0x0, length: 3)
    }
    /// `"data"`
    static var data: JSONReader.Key {
        JSONReader.Key(low: 0x6174_6164, high: 0x0, length: 4)
    }
    /// `"engine"`
    static var engine: JSONReader.Key {
        JSONReader.Key(low: 0x656E_6967_6E65, high: 0x0, length: 6)
    }
    /// `"file"`
    static var file: JSONReader.Key {
        JSONReader.Key(low: 0x656C_6966, high: 0x0, length: 4)
    }
    /// `"fired"`
    static var fired: JSONReader.Key {
        JSONReader.Key(low: 0x64_6572_6966, high: 0x0, length: 5)
    }
    /// `"format"`
    static var format: JSONReader.Key {
        JSONReader.Key(low: 0x7461_6D72_6F66, high: 0x0, length: 6)
    }
    /// `"grad"`
    static var grad: JSONReader.Key {
        JSONReader.Key(low: 0x6461_7267, high: 0x0, length: 4)
    }
    /// `"grad_before"`
    static var gradBefore: JSONReader.Key {
        JSONReader.Key(low: 0x6665_625F_6461_7267, high: 0x65726F, length: 11)
    }
    /// `"id"`
    static var id: JSONReader.Key {
        JSONReader.Key(low: 0x6469, high: 0x0, length: 2)
    }
    /// `"index"`
    static var index: JSONReader.Key {
        JSONReader.Key(low: 0x78_6564_6E69, high: 0x0, length: 5)
    }
    /// `"kept"`
    static var kept: JSONReader.Key {
        JSONReader.Key(low: 0x7470_656B, high: 0x0, length: 4)
    }
    /// `"label"`
    static var label: JSONReader.Key {
        JSONReader.Key(low: 0x6C_6562_616C, high: 0x0, length: 5)
    }
    /// `"line"`
    static var line: JSONReader.Key {
        JSONReader.Key(low: 0x656E_696C, high: 0x0, length: 4)
    }
    /// `"local"`
    static var local: JSONReader.Key {
        JSONReader.Key(low: 0x6C_6163_6F6C, high: 0x0, length: 5)
    }
    /// `"message"`
    static var message: JSONReader.Key {
        JSONReader.Key(low: 0x65_6761_7373_656D, high: 0x0, length: 7)
    }
    /// `"mode"`
    static var mode: JSONReader.Key {
        JSONReader.Key(low: 0x6564_6F6D, high: 0x0, length: 4)
    }
    /// `"nodes"`
    static var nodes: JSONReader.Key {
        JSONReader.Key(low: 0x73_6564_6F6E, high: 0x0, length: 5)
    }
    /// `"op"`
    static var op: JSONReader.Key {
        JSONReader.Key(low: 0x706F, high: 0x0, length: 2)
    }
    /// `"ordered"`
    static var ordered: JSONReader.Key {
        JSONReader.Key(low: 0x64_6572_6564_726F, high: 0x0, length: 7)
    }
    /// `"probe"`
    static var probe: JSONReader.Key {
        JSONReader.Key(low: 0x65_626F_7270, high: 0x0, length: 5)
    }
    /// `"repr"`
    static var repr: JSONReader.Key {
        JSONReader.Key(low: 0x7270_6572, high: 0x0, length: 4)
    }
    /// `"root"`
    static var root: JSONReader.Key {
        JSONReader.Key(low: 0x746F_6F72, high: 0x0, length: 4)
    }
    /// `"root_data"`
    static var rootData: JSONReader.Key {
        JSONReader.Key(low: 0x7461_645F_746F_6F72, high: 0x61, length: 9)
    }
    /// `"roots"`
    static var roots: JSONReader.Key {
        JSONReader.Key(low: 0x73_746F_6F72, high: 0x0, length: 5)
    }
    /// `"script"`
    static var script: JSONReader.Key {
        JSONReader.Key(low: 0x7470_6972_6373, high: 0x0, length: 6)
    }

    // Keys met once per capture or only on some nodes, written as they are spelt.
    static let raised: JSONReader.Key = "raised"
    static let madeBy: JSONReader.Key = "made_by"
    static let method: JSONReader.Key = "method"
    static let outer: JSONReader.Key = "outer"
    static let args: JSONReader.Key = "args"
    static let operands: JSONReader.Key = "operands"
    static let from: JSONReader.Key = "from"
}
