/// Lines pasted from a notebook that have no meaning here: `import …` and `from … import …`
/// are skipped, and so is `print(…)` once its parentheses balance. They are recognized from
/// the line's bytes, before it is split into tokens, so whatever Python they hold (`%`, `{}`,
/// f-strings) is no error.
extension ScriptBuilder {
    /// Whether the line at `range` is pasted Python to skip; an error for a `print(` whose
    /// parentheses do not balance, or that is followed by more than a comment.
    mutating func skipsPastedPython(_ range: Range<Int>) throws(Failure) -> Bool {
        let start = skippingBlanks(from: range.lowerBound, before: range.upperBound)
        guard start < range.upperBound else { return false }
        switch bytes[start] {
        case UInt8(ascii: "i"), UInt8(ascii: "f"), UInt8(ascii: "p"): break
        default: return false
        }
        var wordEnd = start
        while wordEnd < range.upperBound, Lexer.isNameByte(bytes[wordEnd]) { wordEnd += 1 }
        let word = Token(kind: .name, start: start, end: wordEnd)
        let next = skippingBlanks(from: wordEnd, before: range.upperBound)
        guard next < range.upperBound, bytes[next] != UInt8(ascii: "#") else { return false }
        if spells(word, "import") || spells(word, "from") {
            return next > wordEnd && !startsAssignment(at: next, before: range.upperBound)
        }
        if spells(word, "print"), bytes[next] == UInt8(ascii: "(") {
            try checkPrintCall(openingAt: next, before: range.upperBound)
            return true
        }
        return false
    }

    /// Whether the line at `range` is blank or only a comment.
    func isBlank(_ range: Range<Int>) -> Bool {
        let start = skippingBlanks(from: range.lowerBound, before: range.upperBound)
        return start == range.upperBound || bytes[start] == UInt8(ascii: "#")
    }

    /// The number of spaces and tabs that start the line at `range`.
    func indentation(of range: Range<Int>) -> Int {
        skippingBlanks(from: range.lowerBound, before: range.upperBound) - range.lowerBound
    }

    /// The first byte from `index` that is not a space or a tab, or `end`.
    private func skippingBlanks(from index: Int, before end: Int) -> Int {
        var cursor = index
        while cursor < end,
            bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t")
        {
            cursor += 1
        }
        return cursor
    }

    /// Whether the bytes at `index` are `=` (not `==`) or `+=`, `-=`, `*=`, `/=`: `import = 2`
    /// binds a name.
    private func startsAssignment(at index: Int, before end: Int) -> Bool {
        let following: UInt8 = index + 1 < end ? bytes[index + 1] : 0
        switch bytes[index] {
        case UInt8(ascii: "="): return following != UInt8(ascii: "=")
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"):
            return following == UInt8(ascii: "=")
        default: return false
        }
    }

    /// Checks that the `(` at `open` is closed, strings and comments understood, and that only a
    /// comment follows the `)` that closes it.
    private func checkPrintCall(openingAt open: Int, before end: Int) throws(Failure) {
        var unclosed: [Int] = []
        var index = open
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "("):
                unclosed.append(index)
            case UInt8(ascii: ")"):
                guard unclosed.popLast() != nil else {
                    throw Failure.error(offset: index, reason: .unmatchedParenthesis)
                }
                if unclosed.isEmpty {
                    try expectNothingAfterPrint(from: index + 1, before: end)
                    return
                }
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                index = try endOfString(quotedAt: index, before: end)
                continue
            case UInt8(ascii: "#"):
                index = end
                continue
            default:
                break
            }
            index += 1
        }
        throw Failure.error(offset: unclosed.last ?? open, reason: .unclosedParenthesis)
    }

    /// One past the closing quote of the string whose opening quote is at `quote`.
    private func endOfString(quotedAt quote: Int, before end: Int) throws(Failure) -> Int {
        var cursor = quote + 1
        while cursor < end {
            if bytes[cursor] == bytes[quote] { return cursor + 1 }
            cursor += bytes[cursor] == UInt8(ascii: "\\") ? 2 : 1
        }
        throw Failure.error(
            offset: quote, reason: .unterminatedString(quote: Unicode.Scalar(bytes[quote])))
    }

    /// An error unless the bytes from `index` are blank or a comment.
    private func expectNothingAfterPrint(from index: Int, before end: Int) throws(Failure) {
        var rest: [Token] = []
        do {
            try Lexer(bytes: bytes).tokenize(index..<end, into: &rest)
        } catch {
            throw Failure.error(offset: error.offset, reason: error.reason)
        }
        guard let first = rest.first, first.kind != .end else { return }
        if first.kind == .rightParen { throw failure(at: first, .unmatchedParenthesis) }
        throw failure(at: first, .expectedEndOfLine(found: first.describe(in: bytes)))
    }
}
