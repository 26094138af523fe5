import Testing

@testable import AutogradCapture

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The capture reader's own decimal-to-double path must give exactly what `strtod` gives, bit
/// for bit, on every number text it answers for; the rest it leaves to `strtod`.
@Suite struct NumberReadingTests {
    /// What `strtod` reads from all of `text`.
    private func strtodValue(_ text: String) -> Double? {
        text.withCString { start in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            return end == UnsafeMutablePointer(mutating: start) + text.utf8.count ? value : nil
        }
    }

    /// The fast path's value of `text`, `nil` where it leaves it to `strtod`.
    private func fastValue(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let (value, end) = JSONReader.fastNumber(in: buffer, at: 0) else { return nil }
            return end == buffer.count ? value : nil
        }
    }

    /// What the reader's `readNumber` gives for `text`.
    private func readValue(_ text: String) throws -> Double {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try reader.readNumber()
        }
    }

    /// Fails unless every way of reading `text` agrees with `strtod` to the bit; returns whether
    /// the fast path answered.
    @discardableResult
    private func check(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> Bool
    {
        guard let expected = strtodValue(text) else {
            Issue.record("strtod does not read \(text)", sourceLocation: sourceLocation)
            return false
        }
        let fast = fastValue(text)
        if let fast {
            #expect(
                fast.bitPattern == expected.bitPattern, "\(text): \(fast) is not \(expected)",
                sourceLocation: sourceLocation)
        }
        let read = try? readValue(text)
        #expect(
            read?.bitPattern == expected.bitPattern, "\(text): read \(String(describing: read))",
            sourceLocation: sourceLocation)
        return fast != nil
    }

    /// `value` as C's `printf` writes it with `format`.
    private func printed(_ value: Double, _ format: String) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(
            decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func trickyNumbersReadAsStrtodReadsThem() {
        let texts = [
            "0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.2", "0.3", "0.30000000000000004",
            "1e-05", "1e-5", "1E5", "1e+5", "3.0e0", "5e0", "1.5", "123456789012345678",
            "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740995",
            "18014398509481985", "9223372036854775807", "9223372036854775808",
            "18446744073709551615", "18446744073709551616", "10000000000000000000000",
            "1e22", "1e23", "1e-22", "1e-23", "7.2057594037927933e+16", "1.0000000000000002",
            "0.9999999999999999", "2.2250738585072011e-308", "2.2250738585072014e-308",
            "2.225073858507201e-308", "4.9e-324", "5e-324", "2.4703282292062328e-324",
            "2.4703282292062327e-324", "1e-320", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "8.98846567431158e307", "1e308",
            "1e309", "1e400", "1e-400", "1e-342", "1e-343", "1e-341", "9.999999999999999e307",
            "0.000000000000000000000000000001", "123456789012345678901234567890",
            "0.1000000000000000055511151231257827", "2.038682515180268e-09", "0.5650000000000001",
            "0.33499999999999996", "1.7423517581701606e-13", "4503599627370497.5",
            "4503599627370496.5", "2.0000000000000004", "1e0000000000000000000000000001",
            "1e-0000000000000000000000000001", "-1.5e-7", "100", "1000000", "0.001",
            "6.02214076e23", "1.602176634e-19", "3.141592653589793", "2.718281828459045",
        ]
        for text in texts { check(text) }
    }

    @Test func halfwayAndShortestFormsOfRandomDoublesReadExactly() {
        var random = SplitMix(seed: 20_240_601)
        var answered = 0
        var total = 0
        for _ in 0..<20_000 {
            let value = random.finiteDouble()
            let forms = [
                "\(value)", printed(value, "%.17g"), printed(value, "%.16g"),
                printed(value, "%.15g"), printed(value, "%.6e"), printed(value, "%.20e"),
            ]
            for form in forms {
                total += 1
                if check(form) { answered += 1 }
            }
            // A number whose digits fall between two neighbouring doubles.
            let next = value.nextUp
            if next.isFinite {
                let halfway = value / 2 + next / 2
                check(printed(halfway, "%.17g"))
                check(printed(value, "%.25e"))
            }
        }
        // Not a timing: that the fast path takes most numbers, or it would be no help.
        #expect(answered > total / 2)
    }

    @Test func randomDecimalTextsReadExactly() {
        var random = SplitMix(seed: 7)
        for _ in 0..<50_000 {
            let length = Int(random.next() % 19) + 1
            let digits = (0..<length).map { _ in String(random.next() % 10) }.joined()
            // A point somewhere inside, or none; JSON allows no leading zero before it.
            let point = Int(random.next() % UInt64(digits.count))
            var whole = String(digits.prefix(point == 0 ? digits.count : point))
            while whole.count > 1, whole.first == "0" { whole.removeFirst() }
            var text = point == 0 ? whole : whole + "." + digits.dropFirst(point)
            let exponent = Int(random.next() % 700) - 350
            if random.next() % 2 == 0 { text += "e\(exponent)" }
            if random.next() % 2 == 0 { text = "-" + text }
            check(text)
        }
    }

    @Test func shortestFormsOfCommonMagnitudesAreAnsweredByTheFastPath() {
        var random = SplitMix(seed: 99)
        for _ in 0..<10_000 {
            let value = Double(bitPattern: random.next() >> 12 | 0x3FF0_0000_0000_0000) - 1.5
            #expect(check("\(value)"))
            #expect(check("\(value * 1e-12)"))
        }
    }

    @Test func numbersInsideDocumentsEndWhereTheyEnd() throws {
        let bytes = Array("[0.5, -2.5e-3,1e5 ,7]".utf8)
        var values: [Double] = []
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            try reader.readArray { (reader) throws(JSONReader.Failure) in
                values.append(try reader.readNumber())
            }
            try reader.expectEnd()
        }
        #expect(values == [0.5, -0.0025, 100_000, 7])
    }

    @Test func textThatIsNotAJSONNumberIsLeftToTheGeneralPath() {
        for text in [
            "01", "1.", ".5", "1e", "1e+", "-", "+1", "1.5.2", "1e5e5", "--1", "0x10", "1-2",
        ] {
            #expect(fastValue(text) == nil, "\(text)")
        }
    }

    @Test func powersOfFiveMatchTheTableOfFastFloat() {
        let known: [(Int, UInt64, UInt64)] = [
            (-342, 0xeef4_53d6_923b_d65a, 0x113f_aa29_06a1_3b3f),
            (-300, 0xab70_fe17_c79a_c6ca, 0x6dbd_630a_48aa_f406),
            (-28, 0xfd87_b5f2_8300_ca0d, 0x8bca_9d6e_1888_53fc),
            (-27, 0x9e74_d1b7_91e0_7e48, 0x775e_a264_cf55_347e),
            (-26, 0xc612_0625_7658_9dda, 0x9536_4afe_032a_819e),
            (-1, 0xcccc_cccc_cccc_cccc, 0xcccc_cccc_cccc_cccd),
            (0, 0x8000_0000_0000_0000, 0),
            (1, 0xa000_0000_0000_0000, 0),
            (27, 0xcecb_8f27_f420_0f3a, 0),
            (28, 0x813f_3978_f894_0984, 0x4000_0000_0000_0000),
            (55, 0xd0cf_4b50_cfe2_0765, 0xfff4_b4e3_f741_cf6d),
            (308, 0x8e67_9c2f_5e44_ff8f, 0x570f_09ea_a7ea_7648),
        ]
        let table = PowersOfFive.table
        #expect(table.count == 2 * (PowersOfFive.largest - PowersOfFive.smallest + 1))
        for (power, high, low) in known {
            let index = 2 * (power - PowersOfFive.smallest)
            #expect(table[index] == high, "5^\(power)")
            #expect(table[index + 1] == low, "5^\(power)")
        }
    }
}

/// A small seeded generator (SplitMix64), so the random cases are the same on every run.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Any finite double, every exponent equally likely.
    mutating func finiteDouble() -> Double {
        while true {
            let value = Double(bitPattern: next())
            if value.isFinite { return value }
        }
    }
}
