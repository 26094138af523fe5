#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// The document, borrowed for the reader's life (`CaptureReader` holds the array).
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var offset = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
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

    /// How many bytes are left from the current one on.
    var remainingByteCount: Int { bytes.count - offset }

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
    mutating func readObject(_ member: (inout JSONReader, MemberKey) throws(Failure) -> Void)
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
            let key = try readKey()
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

    /// A member's key: packed when it is plain, else read whole and dropped.
    mutating func readKey() throws(Failure) -> MemberKey {
        try expect(UInt8(ascii: "\""), "a string")
        // Packed as it is scanned, as `MemberKey.init(_:)` packs it.
        let start = offset
        var low: UInt64 = 0
        var high: UInt64 = 0
        var tail = MemberKey.tailSeed
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            let position = end - start
            if byte == UInt8(ascii: "\"") {
                offset = end + 1
                if position > 16 { high ^= tail }
                return MemberKey(low: low, high: high, length: UInt8(position))
            }
            if byte == UInt8(ascii: "\\") || position == 254 { break }
            if position < 8 {
                low |= UInt64(byte) << (8 * UInt64(position))
            } else if position < 16 {
                high |= UInt64(byte) << (8 * UInt64(position - 8))
            } else {
                tail = MemberKey.tailHash(tail, byte)
            }
            end += 1
        }
        // An escape (`"gr\u0061d"` is `"grad"`): the key the string spells, packed from it.
        offset = start - 1
        return MemberKey(try readString().utf8) ?? .other
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
        guard isNext("null") else { return false }
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
        if isNext("true") {
            offset += 4
            return true
        }
        if isNext("false") {
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
        if let (value, end) = Self.fastNumber(in: bytes, at: start) {
            offset = end
            return value
        }
        var isWhole = true
        var whole: Int64 = 0
        while offset < bytes.count, Self.isNumberByte(bytes[offset]) {
            let byte = bytes[offset]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), offset - start < 15 {
                whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
            } else if !(byte == UInt8(ascii: "-") && offset == start) {
                isWhole = false
            }
            offset += 1
        }
        guard offset > start else { throw failure("expected a number") }
        let isNegative = bytes[start] == UInt8(ascii: "-")
        let digits = offset - start - (isNegative ? 1 : 0)
        // Whole numbers of up to 15 digits (ids, most lines) need no strtod; a leading zero
        // is not JSON, and strtod's path says so.
        if isWhole, digits > 0, digits < 16, !(digits > 1 && bytes[offset - digits] == 0x30) {
            return isNegative ? -Double(whole) : Double(whole)
        }
        guard offset > start, let value = Self.double(bytes[start..<offset]) else {
            offset = start
            throw failure("expected a number")
        }
        return value
    }

    /// Reads a number that must be a whole number in `Int`'s range.
    mutating func readInt() throws(Failure) -> Int {
        let start = offset
        skipSpace()
        if let (value, end) = Self.fastInt(in: bytes, at: offset) {
            offset = end
            return value
        }
        // Messages point where they did before the fast path: at `start`.
        offset = start
        let value = try readNumber()
        guard value.isFinite, value == value.rounded(), Swift.abs(value) < 9e15 else {
            offset = start
            throw failure("expected a whole number")
        }
        return Int(value)
    }

    /// The bytes of the next value when it is a string without escapes, which is then read;
    /// `nil`, with nothing read, for any other value.
    mutating func readPlainString() -> Slice<UnsafeBufferPointer<UInt8>>? {
        skipSpace()
        guard peek() == UInt8(ascii: "\"") else { return nil }
        var end = offset + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\")
        {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        let text = bytes[(offset + 1)..<end]
        offset = end + 1
        return text
    }

    /// Reads a string; `previous` itself when the text is the same, so that a string many
    /// values repeat is stored once.
    mutating func readString(reusing previous: String) throws(Failure) -> String {
        skipSpace()
        let start = offset
        var end = offset + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\")
        {
            end += 1
        }
        if peek() == UInt8(ascii: "\""), end < bytes.count, bytes[end] == UInt8(ascii: "\""),
            previous.utf8.elementsEqual(bytes[(start + 1)..<end])
        {
            offset = end + 1
            return previous
        }
        return try readString()
    }

    /// Reads a string, escapes resolved.
    mutating func readString() throws(Failure) -> String {
        skipSpace()
        try expect(UInt8(ascii: "\""), "a string")
        // Most strings have no escape: made straight from the bytes, with no buffer between.
        var end = offset
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\")
        {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let text = String(decoding: bytes[offset..<end], as: UTF8.self)
            offset = end + 1
            return text
        }
        var text: [UInt8] = Array(bytes[offset..<end])
        offset = end
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
            let value = try readHex4()
            // A high surrogate makes one scalar with a low one after it; any other escape
            // after it is its own, and the lone surrogate a U+FFFD, as a lone low one is.
            if (0xD800..<0xDC00).contains(value), bytes[offset...].starts(with: [0x5C, 0x75]) {
                let mark = offset
                offset += 2
                let low = try readHex4()
                if (0xDC00..<0xE000).contains(low) {
                    Self.append(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00), to: &text)
                    return
                }
                offset = mark
            }
            Self.append(value, to: &text)
        default:
            throw failure("unknown escape in a string")
        }
    }

    /// Appends the UTF-8 of the scalar `value`, U+FFFD where it is none (a surrogate).
    private static func append(_ value: UInt32, to text: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        text.append(contentsOf: String(Character(scalar)).utf8)
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

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard peek() == byte else { throw failure("expected \(what)") }
        offset += 1
    }

    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    /// Whether the bytes from `offset` on start with `word` (ASCII), compared in place.
    private func isNext(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard offset + length <= bytes.count else { return false }
        let start = word.utf8Start
        for index in 0..<length where bytes[offset + index] != start[index] { return false }
        return true
    }
}
