/// The bytes of a source file (an `.ag` file, a Python script, a notebook cell) split into
/// lines: a byte-order mark dropped, LF and CRLF endings understood, and the whole checked to
/// be UTF-8.
public struct SourceText: Sendable {
    /// The file's bytes, without a leading byte-order mark.
    public let bytes: [UInt8]
    /// Where each line starts in `bytes`.
    private let lineStarts: [Int32]

    /// Where the first byte that is not UTF-8 sits.
    public struct InvalidUTF8: Error, Sendable, Equatable {
        /// The 1-based line of the bad byte.
        public let line: Int
        /// The 1-based column (in characters) of the bad byte.
        public let column: Int
        /// The bad byte.
        public let byte: UInt8
    }

    /// No text: one empty line.
    public static let empty = SourceText(emptyLineStarts: [0])

    private init(emptyLineStarts: [Int32]) {
        bytes = []
        lineStarts = emptyLineStarts
    }

    /// Splits `bytes` into lines, or reports the first byte that is not UTF-8.
    public init(_ bytes: [UInt8]) throws(InvalidUTF8) {
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.bytes = hasBOM ? Array(bytes[3...]) : bytes
        var starts = self.bytes.withUnsafeBufferPointer(Self.lineStarts)
        if starts.count > 1, starts[starts.count - 1] == Int32(truncatingIfNeeded: self.bytes.count)
        {
            starts.removeLast()
        }
        lineStarts = starts
        if let bad = Self.firstInvalidUTF8(self.bytes) {
            let line = lineNumber(containing: bad)
            throw InvalidUTF8(
                line: line, column: column(ofByte: bad, inLine: line), byte: self.bytes[bad])
        }
    }

    /// The number of lines (an empty file has one, empty, line).
    public var lineCount: Int { lineStarts.count }

    /// The byte range of 1-based line `line`, without its LF or CRLF ending.
    public func byteRange(ofLine line: Int) -> Range<Int> {
        let start = Int(lineStarts[line - 1])
        var end = line < lineStarts.count ? Int(lineStarts[line]) - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }

    /// The text of 1-based line `line`, without its ending.
    public func text(ofLine line: Int) -> String {
        String(decoding: bytes[byteRange(ofLine: line)], as: UTF8.self)
    }

    /// The first `count` characters of 1-based line `line` (all of it when shorter), reading
    /// no more of a very long line than that needs.
    public func text(ofLine line: Int, upTo count: Int) -> String {
        let range = byteRange(ofLine: line)
        let end = range.lowerBound + min(range.count, max(0, count) * 4)
        var text = String(decoding: bytes[range.lowerBound..<end], as: UTF8.self)
        if text.count > count { text = String(text.prefix(count)) }
        return text
    }

    /// The 1-based line holding byte `offset`.
    public func lineNumber(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(lineStarts[middle]) <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The 1-based column, counted in Unicode scalars, of byte `offset` in line `line`.
    public func column(ofByte offset: Int, inLine line: Int) -> Int {
        let start = Int(lineStarts[line - 1])
        var column = 1
        var index = start
        while index < offset && index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }

    /// Where each line starts: 0, and one past every LF. Eight bytes are tested at a time, and
    /// only a word holding an LF is looked at byte by byte.
    private static func lineStarts(_ buffer: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var starts: [Int32] = [0]
        guard let base = buffer.baseAddress else { return starts }
        let lineFeed = UInt8(ascii: "\n")
        var offset = 0
        while offset + 8 <= buffer.count {
            if Self.hasByte(lineFeed, in: Self.word(at: offset, of: base)) {
                for index in offset..<(offset + 8) where base[index] == lineFeed {
                    starts.append(Int32(truncatingIfNeeded: index + 1))
                }
            }
            offset += 8
        }
        for index in offset..<buffer.count where base[index] == lineFeed {
            starts.append(Int32(truncatingIfNeeded: index + 1))
        }
        return starts
    }

    /// The 8 bytes at `offset`, the first in the lowest bits.
    private static func word(at offset: Int, of base: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// Whether any of the 8 bytes of `word` is `byte` (the "has a zero byte" test on
    /// `word ^ byte…byte`, exact for whether, not for which).
    private static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        let zeroWhereEqual = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (zeroWhereEqual &- 0x0101_0101_0101_0101) & ~zeroWhereEqual
            & 0x8080_8080_8080_8080 != 0
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    /// Runs of ASCII are skipped 8 bytes at a time.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer(firstInvalidUTF8)
    }

    private static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        let count = bytes.count
        while index < count {
            if index + 8 <= count, Self.word(at: index, of: base) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            if bytes[index + 1] < low || bytes[index + 1] > high { return index }
            for next in (index + 2)..<(index + length) where bytes[next] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
