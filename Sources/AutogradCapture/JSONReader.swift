/// A pull reader of JSON text, byte by byte, for documents whose shape the caller knows: it
/// reads the value the caller asks for next and makes no tree, so a capture of a million
/// nodes is read in one pass without a dictionary per node.
struct JSONReader {
    /// What went wrong, and where.
    struct Failure: Error, Equatable {
        /// The byte the error is about.
        let offset: Int
        /// What is wrong there.
        let message: String
    }

    private let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// The 1-based line and column of byte `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for index in 0..<min(offset, bytes.count) {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// The offset where the next value starts, white space skipped: for messages about it.
    mutating func startOfValue() -> Int {
        skipSpace()
        return offset
    }

    /// Fails unless only white space is left.
    mutating func expectEnd() throws(Failure) {
        skipSpace()
        if offset < bytes.count { throw failure("more text after the document") }
    }

    /// Reads an object, calling `member` with each key; `member` must read the value.
    mutating func readObject(_ member: (inout JSONReader, String) throws(Failure) -> Void)
        throws(Failure)
    {
        try expect(UInt8(ascii: "{"), "an object")
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            skipSpace()
            let key = try readString()
            skipSpace()
            try expect(UInt8(ascii: ":"), "':' after a key")
            try member(&self, key)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return
        }
    }

    /// Reads an array, calling `element` for each element; `element` must read it.
    mutating func readArray(_ element: (inout JSONReader) throws(Failure) -> Void)
        throws(Failure)
    {
        try expect(UInt8(ascii: "["), "an array")
        skipSpace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            try element(&self)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return
        }
    }

    /// Whether the next value is `null`; reads it if it is.
    mutating func readNull() -> Bool {
        skipSpace()
        guard bytes[offset...].starts(with: Self.null) else { return false }
        offset += 4
        return true
    }

    /// Whether the next value is an object (which the caller then reads).
    mutating func nextIsObject() -> Bool {
        skipSpace()
        return peek() == UInt8(ascii: "{")
    }

    /// Reads `true` or `false`.
    mutating func readBool() throws(Failure) -> Bool {
        skipSpace()
        if bytes[offset...].starts(with: Self.trueBytes) {
            offset += 4
            return true
        }
        if bytes[offset...].starts(with: Self.falseBytes) {
            offset += 5
            return false
        }
        throw failure("expected true or false")
    }

    /// Reads a number, or one of the strings `"nan"`, `"inf"`, `"-inf"` that stand for the
    /// doubles JSON lacks.
    mutating func readNumber() throws(Failure) -> Double {
        skipSpace()
        if peek() == UInt8(ascii: "\"") {
            let start = offset
            switch try readString() {
            case "nan": return .nan
            case "inf", "Infinity": return .infinity
            case "-inf", "-Infinity": return -.infinity
            default:
                offset = start
                throw failure("expected a number, or \"nan\", \"inf\" or \"-inf\"")
            }
        }
        let start = offset
        while offset < bytes.count, Self.isNumberByte(bytes[offset]) { offset += 1 }
        guard offset > start,
            let value = Double(String(decoding: bytes[start..<offset], as: UTF8.self))
        else {
            offset = start
            throw failure("expected a number")
        }
        return value
    }

    /// Reads a number that must be a whole number in `Int`'s range.
    mutating func readInt() throws(Failure) -> Int {
        let start = offset
        let value = try readNumber()
        guard value.isFinite, value == value.rounded(), Swift.abs(value) < 9e15 else {
            offset = start
            throw failure("expected a whole number")
        }
        return Int(value)
    }

    /// Reads a string, escapes resolved.
    mutating func readString() throws(Failure) -> String {
        skipSpace()
        try expect(UInt8(ascii: "\""), "a string")
        var text: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &text)
            default:
                text.append(byte)
            }
        }
        throw failure("a string is not closed")
    }

    /// Skips one value of any kind.
    mutating func skipValue() throws(Failure) {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"):
            try readObject { (reader, _) throws(Failure) in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { (reader) throws(Failure) in try reader.skipValue() }
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"):
            if !readNull() { throw failure("expected a value") }
        default: _ = try readNumber()
        }
    }

    /// A failure at the current byte.
    func failure(_ message: String) -> Failure {
        Failure(offset: offset, message: message)
    }

    private mutating func readEscape(into text: inout [UInt8]) throws(Failure) {
        guard offset < bytes.count else { throw failure("a string is not closed") }
        let letter = bytes[offset]
        offset += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(letter)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var value = try readHex4()
            if (0xD800..<0xDC00).contains(value), bytes[offset...].starts(with: [0x5C, 0x75]) {
                offset += 2
                let low = try readHex4()
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw failure("unknown escape in a string")
        }
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("a \\u escape needs 4 digits") }
        var value: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            guard let digit = Self.hexValue(byte) else {
                throw failure("a \\u escape needs 4 digits")
            }
            value = value * 16 + UInt32(digit)
        }
        offset += 4
        return value
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard peek() == byte else { throw failure("expected \(what)") }
        offset += 1
    }

    private mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private static let null = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
