/// One node of a capture, and what it holds besides numbers: its probes and the method that
/// made it.
extension DocumentDecoder {
    mutating func readNode(_ reader: inout JSONReader, into nodes: inout NodeColumns)
        throws(Failure)
    {
        // One node's fields are read into the same buffers each time: no array per node.
        scratch.reset(offset: reader.startOfValue())
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.id: scratch.id = try reader.readInt()
            case CaptureKeys.op:
                scratch.operation = try Self.readOperation(&reader, into: &nodes.operations)
            case CaptureKeys.label: scratch.label = try Self.readOptionalString(&reader)
            case CaptureKeys.data: scratch.data = try Self.readEngineNumber(&reader)
            case CaptureKeys.grad: scratch.grad = try Self.readEngineNumber(&reader)
            case CaptureKeys.gradBefore:
                scratch.gradBefore = reader.readNull() ? nil : try Self.readEngineNumber(&reader)
            case CaptureKeys.children:
                try reader.readArray { (reader) throws(Failure) in
                    scratch.children.append(Int32(clamping: try reader.readInt()))
                }
            case CaptureKeys.ordered: scratch.ordered = try reader.readBool()
            case CaptureKeys.file:
                if !reader.readNull() {
                    // Nodes name the same file over and over: its one string is kept.
                    lastFile = try reader.readString(reusing: lastFile)
                    scratch.file = lastFile
                }
            case CaptureKeys.line: scratch.line = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.cell: scratch.cell = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.probe:
                if !reader.readNull() {
                    scratch.isProbed = true
                    try reader.readArray { (reader) throws(Failure) in
                        scratch.probes.append(try Self.readProbe(&reader))
                    }
                }
            case CaptureKeys.madeBy:
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
        var file: String?
        var line: Int?
        var cell: Int?
        try reader.readObject { (reader, key) throws(Failure) in
            switch key {
            case CaptureKeys.cell: cell = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.file:
                lastFile = try reader.readString(reusing: lastFile)
                file = lastFile
            case CaptureKeys.line: line = reader.readNull() ? nil : try reader.readInt()
            case CaptureKeys.method:
                lastMethod = try reader.readString(reusing: lastMethod)
                name = lastMethod
            case CaptureKeys.outer: outer = try Self.readOptionalString(&reader)
            case CaptureKeys.args:
                try reader.readArray { (reader) throws(Failure) in
                    arguments.append(try Self.readEngineNumber(&reader).double ?? .nan)
                }
            case CaptureKeys.operands:
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
        let statement = file.flatMap { file in
            line.map { SourceLocation(file: file, line: $0, cell: cell) }
        }
        scratch.maker = EngineMethod(
            name: name, outer: outer, arguments: arguments, statement: statement)
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
            case CaptureKeys.child: child = try reader.readInt()
            case CaptureKeys.local:
                local = reader.readNull() ? nil : try readEngineNumber(&reader).double
            case CaptureKeys.mode:
                modeOffset = reader.startOfValue()
                // The five modes are known by their bytes; anything else is read as a string.
                if let bytes = reader.readPlainString() {
                    mode = JSONReader.MemberKey(bytes).flatMap(Self.mode(named:))
                    modeName = String(decoding: bytes, as: UTF8.self)
                } else {
                    mode = nil
                    modeName = try reader.readString()
                }
            case CaptureKeys.message: message = try readOptionalString(&reader)
            case CaptureKeys.from:
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
    private static func mode(named key: JSONReader.MemberKey) -> Probe.Mode? {
        switch key {
        case CaptureKeys.add: .add
        case CaptureKeys.assign: .assign
        case CaptureKeys.ignoresUpstream: .ignoresUpstream
        case CaptureKeys.untouched: .untouched
        case CaptureKeys.error: .error
        default: nil
        }
    }
}
