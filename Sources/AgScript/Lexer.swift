/// Splits one line of an `.ag` file into tokens, scanning bytes.
struct Lexer {
    /// A lexical error: where, and what.
    struct Failure: Error {
        /// The byte the error is about.
        let offset: Int
        /// What is wrong there.
        let reason: LineError
    }

    let bytes: UnsafeBufferPointer<UInt8>

    /// Appends the tokens of `range` to `tokens`, ending with an `.end` token placed at the
    /// end of the line or at a `#` comment.
    func tokenize(_ range: Range<Int>, into tokens: inout [Token]) throws(Failure) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                index += 1
                continue
            case UInt8(ascii: "#"):
                tokens.append(Token(kind: .end, start: index, end: index))
                return
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                tokens.append(try number(at: index, end: end))
            case UInt8(ascii: "."):
                if index + 1 < end, Self.isDigit(bytes[index + 1]) {
                    tokens.append(try number(at: index, end: end))
                } else {
                    tokens.append(Token(kind: .dot, start: index, end: index + 1))
                }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "_"):
                var stop = index + 1
                while stop < end, Self.isNameByte(bytes[stop]) { stop += 1 }
                tokens.append(Token(kind: .name, start: index, end: stop))
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                tokens.append(try string(at: index, end: end))
            default:
                tokens.append(try punctuation(at: index, end: end))
            }
            index = tokens[tokens.count - 1].end
        }
        tokens.append(Token(kind: .end, start: end, end: end))
    }

    private func punctuation(at index: Int, end: Int) throws(Failure) -> Token {
        let next: UInt8 = index + 1 < end ? bytes[index + 1] : 0
        /// `op` alone, or `compound` (two bytes) when `=` follows.
        func operatorToken(_ single: Token.Kind, _ compound: Token.Kind) -> Token {
            next == UInt8(ascii: "=")
                ? Token(kind: compound, start: index, end: index + 2)
                : Token(kind: single, start: index, end: index + 1)
        }
        switch bytes[index] {
        case UInt8(ascii: "("): return Token(kind: .leftParen, start: index, end: index + 1)
        case UInt8(ascii: ")"): return Token(kind: .rightParen, start: index, end: index + 1)
        case UInt8(ascii: "["): return Token(kind: .leftBracket, start: index, end: index + 1)
        case UInt8(ascii: "]"): return Token(kind: .rightBracket, start: index, end: index + 1)
        case UInt8(ascii: ","): return Token(kind: .comma, start: index, end: index + 1)
        case UInt8(ascii: ":"): return Token(kind: .colon, start: index, end: index + 1)
        case UInt8(ascii: "<"): return Token(kind: .less, start: index, end: index + 1)
        case UInt8(ascii: "="): return operatorToken(.equals, .equalsEquals)
        case UInt8(ascii: "+"): return operatorToken(.plus, .plusEquals)
        case UInt8(ascii: "-"): return operatorToken(.minus, .minusEquals)
        case UInt8(ascii: "/"): return operatorToken(.slash, .slashEquals)
        case UInt8(ascii: "*"):
            if next == UInt8(ascii: "*") {
                return Token(kind: .starStar, start: index, end: index + 2)
            }
            return operatorToken(.star, .starEquals)
        case UInt8(ascii: ";"):
            throw Failure(offset: index, reason: .semicolon)
        default:
            throw Failure(offset: index, reason: .unexpectedCharacter(scalar(at: index)))
        }
    }

    private func string(at index: Int, end: Int) throws(Failure) -> Token {
        let quote = bytes[index]
        var cursor = index + 1
        while cursor < end {
            let byte = bytes[cursor]
            if byte == quote { return Token(kind: .string, start: index, end: cursor + 1) }
            cursor += byte == UInt8(ascii: "\\") && cursor + 1 < end ? 2 : 1
        }
        throw Failure(offset: index, reason: .unterminatedString(quote: Unicode.Scalar(quote)))
    }

    /// A decimal literal: `2`, `2.0`, `2.`, `.5`, `1e-3`, `6.02E23`.
    private func number(at index: Int, end: Int) throws(Failure) -> Token {
        var cursor = index
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        func digits(countingFraction: Bool) {
            while cursor < end, Self.isDigit(bytes[cursor]) {
                let digit = UInt64(bytes[cursor] - UInt8(ascii: "0"))
                if significantDigits > 0 || digit != 0 {
                    significantDigits += 1
                    if significantDigits <= 19 { mantissa = mantissa &* 10 &+ digit }
                }
                if countingFraction && significantDigits <= 19 { fractionDigits += 1 }
                cursor += 1
            }
        }
        digits(countingFraction: false)
        if cursor < end, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            digits(countingFraction: true)
        }
        var exponent = 0
        if cursor < end, bytes[cursor] | 0x20 == UInt8(ascii: "e") {
            cursor += 1
            var negative = false
            if cursor < end,
                bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-")
            {
                negative = bytes[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            guard cursor < end, Self.isDigit(bytes[cursor]) else {
                throw Failure(
                    offset: index, reason: .exponentWithoutDigits(number: text(index..<cursor)))
            }
            while cursor < end, Self.isDigit(bytes[cursor]) {
                exponent = min(exponent * 10 + Int(bytes[cursor] - UInt8(ascii: "0")), 100_000)
                cursor += 1
            }
            if negative { exponent = -exponent }
        }
        if cursor < end, Self.isNameByte(bytes[cursor]) {
            var stop = cursor
            while stop < end, Self.isNameByte(bytes[stop]) { stop += 1 }
            throw Failure(
                offset: index,
                reason: .numberRunsIntoName(
                    number: text(index..<cursor), name: text(cursor..<stop)))
        }
        let value: Double
        let scale = exponent - fractionDigits
        if significantDigits <= 15, (-22...22).contains(scale) {
            // Both factors are exact doubles, so one rounding gives the correctly rounded value.
            let exact = Double(mantissa)
            value = scale >= 0 ? exact * Self.powersOfTen[scale] : exact / Self.powersOfTen[-scale]
        } else {
            value = Double(text(index..<cursor)) ?? .nan
        }
        if value.isInfinite {
            throw Failure(offset: index, reason: .numberOverflows(number: text(index..<cursor)))
        }
        return Token(kind: .number, start: index, end: cursor, number: value)
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The character whose UTF-8 starts at byte `index` (the source is valid UTF-8).
    private func scalar(at index: Int) -> Unicode.Scalar {
        var length = 1
        while index + length < bytes.count, bytes[index + length] & 0xC0 == 0x80 { length += 1 }
        return text(index..<(index + length)).unicodeScalars.first ?? "\u{FFFD}"
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
