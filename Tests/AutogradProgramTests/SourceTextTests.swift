import AutogradProgram
import Testing

@Suite("Source text: lines and UTF-8")
struct SourceTextTests {
    @Test("lines split exactly where a plain byte-by-byte split puts them, at any offset")
    func linesMatchNaiveSplit() throws {
        var random = SystemRandomNumberGenerator()
        for length in 0..<70 {
            for _ in 0..<8 {
                let bytes = (0..<length).map { _ in
                    Int.random(in: 0..<5, using: &random) == 0
                        ? UInt8(ascii: "\n") : UInt8.random(in: 0x20...0x7E, using: &random)
                }
                let text = try SourceText(bytes)
                var expected = bytes.split(
                    separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false
                )
                .map(Array.init)
                if expected.count > 1, expected.last?.isEmpty == true { expected.removeLast() }
                #expect(text.lineCount == expected.count)
                for (index, line) in expected.enumerated() {
                    #expect(Array(bytes[text.byteRange(ofLine: index + 1)]) == line)
                }
            }
        }
    }

    @Test("a bad byte after a run of ASCII is found at its own line and column")
    func badByteAfterASCII() throws {
        for prefix in 0..<20 {
            let bytes =
                Array(repeating: UInt8(ascii: "a"), count: prefix) + [0xFF]
                + Array("bcdefghij\nx".utf8)
            let error = #expect(throws: SourceText.InvalidUTF8.self) { try SourceText(bytes) }
            #expect(error?.line == 1)
            #expect(error?.column == prefix + 1)
            #expect(error?.byte == 0xFF)
        }
    }

    @Test("multi-byte characters anywhere among ASCII words are accepted, truncated ones are not")
    func multiByteAmongASCII() throws {
        for prefix in 0..<20 {
            let head = Array(repeating: UInt8(ascii: "#"), count: prefix)
            let good = head + Array("é∂x😀 tail of the line".utf8)
            #expect(try SourceText(good).lineCount == 1)
            let truncated = head + [0xE2, 0x88]
            let error = #expect(throws: SourceText.InvalidUTF8.self) { try SourceText(truncated) }
            #expect(error?.column == prefix + 1)
        }
    }
}
