#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parts of `JSONReader` that need none of its state: member keys, the form of number
/// text, and skipping a value.
extension JSONReader {
    /// A member's key, compared without making a string: its first 16 bytes packed in two
    /// words, the bytes past them (`raised_before_steps` has 19) folded into the second by
    /// `tailHash`, and its length; a key with escapes is packed from what it spells. Keys of
    /// 255 bytes or more all read as `MemberKey.other`, which matches no key a caller names.
    struct MemberKey: Equatable, ExpressibleByStringLiteral {
        private let low: UInt64
        private let high: UInt64
        private let length: UInt8

        /// A key that is no key of the capture format.
        static let other = MemberKey(low: 0, high: 0, length: 255)

        /// The key whose bytes pack into `low` and `high` (little-endian), `length` long.
        init(low: UInt64, high: UInt64, length: UInt8) {
            self.low = low
            self.high = high
            self.length = length
        }

        init(stringLiteral text: String) {
            self = MemberKey(text.utf8) ?? .other
        }

        /// The key of `bytes`, `nil` when 255 bytes or longer.
        init?<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            guard bytes.count < 255 else { return nil }
            var low: UInt64 = 0
            var high: UInt64 = 0
            var tail = Self.tailSeed
            for (position, byte) in bytes.enumerated() {
                if position < 8 {
                    low |= UInt64(byte) << (8 * UInt64(position))
                } else if position < 16 {
                    high |= UInt64(byte) << (8 * UInt64(position - 8))
                } else {
                    tail = Self.tailHash(tail, byte)
                }
            }
            if bytes.count > 16 { high ^= tail }
            self.init(low: low, high: high, length: UInt8(bytes.count))
        }

        /// Where the hash of a long key's bytes past its 16th starts (FNV-1a's offset basis).
        static let tailSeed: UInt64 = 0xCBF2_9CE4_8422_2325

        /// `hash` with `byte` folded in, as FNV-1a does.
        static func tailHash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
            (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }

    /// Skips one value of any kind, however deeply nested: the open containers are a stack of
    /// bits (one per level, set for an object), not calls, so depth costs no stack.
    mutating func skipValue() throws(Failure) {
        var objects: [Bool] = []
        while true {
            // A value starts here.
            skipSpace()
            switch peek() {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = peek() == UInt8(ascii: "{")
                offset += 1
                skipSpace()
                if peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    offset += 1
                } else {
                    objects.append(isObject)
                    if isObject { try skipKeyAndColon() }
                    continue
                }
            case UInt8(ascii: "\""): _ = try readString()
            case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
            case UInt8(ascii: "n"):
                if !readNull() { throw failure("expected a value") }
            default: _ = try readNumber()
            }
            // A value ended: close containers until one has a next member.
            while let isObject = objects.last {
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    offset += 1
                    if isObject { try skipKeyAndColon() }
                    break
                }
                try expect(
                    isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"), "',' or a closing bracket")
                objects.removeLast()
            }
            if objects.isEmpty { return }
        }
    }

    /// Skips an object member's key and the `:` after it.
    private mutating func skipKeyAndColon() throws(Failure) {
        skipSpace()
        _ = try readKey()
        try expect(UInt8(ascii: ":"), "':' after a key")
    }

    /// The double JSON number text `text` spells, read by `strtod` from a terminated copy;
    /// `nil` unless all of it is the number and it has JSON's form.
    static func double(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
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
    static func isJSONNumber(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
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

    /// Whether `byte` can be part of number text (the bytes a number is scanned over).
    static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
