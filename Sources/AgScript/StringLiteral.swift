extension Lexer {
    /// The text of a string token, quotes removed and escapes resolved as Python resolves them:
    /// `\\ \' \" \a \b \f \n \r \t \v`, octal `\0` to `\777`, `\xhh`, `\uhhhh` and
    /// `\Uhhhhhhhh`. A backslash before any other character stays, as in Python. A truncated or
    /// out-of-range escape, and `\N{…}`, are errors at the backslash.
    func stringValue(of token: Token) throws(Failure) -> String {
        var text = String.UnicodeScalarView()
        var raw: [UInt8] = []
        /// Moves the plain bytes read so far into `text`.
        func flush() {
            text.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll(keepingCapacity: true)
        }
        var cursor = token.start + 1
        let end = token.end - 1
        while cursor < end {
            let byte = bytes[cursor]
            guard byte == UInt8(ascii: "\\"), cursor + 1 < end else {
                raw.append(byte)
                cursor += 1
                continue
            }
            let escape = cursor
            let letter = bytes[cursor + 1]
            cursor += 2
            if let simple = Self.simpleEscapes[letter] {
                raw.append(simple)
                continue
            }
            switch letter {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(letter - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, cursor < end,
                    (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[cursor])
                {
                    value = value * 8 + UInt32(bytes[cursor] - UInt8(ascii: "0"))
                    cursor += 1
                    digits += 1
                }
                flush()
                text.append(try scalar(value, escape: escape))
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = letter == UInt8(ascii: "x") ? 2 : letter == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                for offset in 0..<count {
                    guard cursor + offset < end, let digit = Self.hexValue(bytes[cursor + offset])
                    else {
                        throw Failure(
                            offset: escape,
                            reason: .truncatedEscape(
                                letter: Character(Unicode.Scalar(letter)), digits: count))
                    }
                    value = value &* 16 &+ UInt32(digit)
                }
                cursor += count
                flush()
                text.append(try scalar(value, escape: escape))
            case UInt8(ascii: "N"):
                throw Failure(offset: escape, reason: .namedEscape)
            default:
                raw.append(contentsOf: [byte, letter])
            }
        }
        flush()
        return String(text)
    }

    /// The character with code point `value`, or an error at `escape` when there is none.
    private func scalar(_ value: UInt32, escape: Int) throws(Failure) -> Unicode.Scalar {
        guard let scalar = Unicode.Scalar(value) else {
            throw Failure(offset: escape, reason: .escapeNotACharacter(codePoint: value))
        }
        return scalar
    }

    /// The one-letter escapes and the byte each stands for.
    private static let simpleEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "'"): UInt8(ascii: "'"),
        UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D,
        UInt8(ascii: "t"): 0x09, UInt8(ascii: "v"): 0x0B,
    ]

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
