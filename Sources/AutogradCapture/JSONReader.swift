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
    private(set) var offset = 0

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

    /// A member's key, compared without making a string: up to 16 bytes packed in two words.
    /// Longer keys, and keys with escapes, all read as `Key.other`, which matches no key a
    /// caller names.
    struct Key: Equatable, ExpressibleByStringLiteral {
        private let low: UInt64
        private let high: UInt64
        private let length: UInt8

        /// A key that is no key of the capture format.
        static let other = Key(low: 0, high: 0, length: 255)

        /// The key whose bytes pack into `low` and `high` (little-endian), `length` long.
        init(low: UInt64, high: UInt64, length: UInt8) {
            self.low = low
            self.high = high
            self.length = length
        }

        init(stringLiteral text: String) {
            self = Key(text.utf8) ?? .other
        }

        /// The key of `bytes`, `nil` when longer than 16.
        init?<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            guard bytes.count <= 16 else { return nil }
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (position, byte) in bytes.enumerated() {
                if position < 8 {
                    low |= UInt64(byte) << (8 * UInt64(position))
                } else {
                    high |= UInt64(byte) << (8 * UInt64(position - 8))
                }
            }
            self.init(low: low, high: high, length: UInt8(bytes.count))
        }
    }

    /// Reads an object, calling `member` with each key; `member` must read the value.
    mutating func readObject(_ member: (inout JSONReader, Key) throws(Failure) -> Void)
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

    /// A member's key: packed when it is short and plain, else read whole and dropped.
    private mutating func readKey() throws(Failure) -> Key {
        try expect(UInt8(ascii: "\""), "a string")
        // Packed as it is scanned, as `Key.init(_:)` packs it.
        let start = offset
        var low: UInt64 = 0
        var high: UInt64 = 0
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            let position = end - start
            if byte == UInt8(ascii: "\"") {
                offset = end + 1
                return Key(low: low, high: high, length: UInt8(position))
            }
            if byte == UInt8(ascii: "\\") || position == 16 { break }
            if position < 8 {
                low |= UInt64(byte) << (8 * UInt64(position))
            } else {
                high |= UInt64(byte) << (8 * UInt64(position - 8))
            }
            end += 1
        }
        offset = start - 1
        _ = try readString()
        return .other
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

    /// The double JSON number text `text` spells, read by `strtod` from a terminated copy;
    /// `nil` unless all of it is the number and it has JSON's form.
    private static func double(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
        guard text.count < 64, Self.isJSONNumber(text) else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) {
            buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for (position, byte) in text.enumerated() { base[position] = CChar(bitPattern: byte) }
            base[text.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            return end == base + text.count ? value : nil
        }
    }

    /// Whether `text` has the form of a JSON number: `-`, digits without a leading zero, a
    /// fraction, an exponent.
    private static func isJSONNumber(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var index = text.startIndex
        func digits() -> Int {
            let start = index
            while index < text.endIndex, (0x30...0x39).contains(text[index]) { index += 1 }
            return index - start
        }
        if index < text.endIndex, text[index] == UInt8(ascii: "-") { index += 1 }
        let integer = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || text[integer] != 0x30 else { return false }
        if index < text.endIndex, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < text.endIndex, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < text.endIndex,
                text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")
            {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == text.endIndex
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

    /// Whether the bytes from `offset` on start with `word` (ASCII), compared in place.
    private func isNext(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard offset + length <= bytes.count else { return false }
        let start = word.utf8Start
        for index in 0..<length where bytes[offset + index] != start[index] { return false }
        return true
    }

    /// Whether `byte` can be part of number text (the bytes a number is scanned over).
    static func isNumberByte(_ byte: UInt8) -> Bool {
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
