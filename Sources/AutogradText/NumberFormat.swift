#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How numbers are written for people and for tools.
package enum NumberFormat {
    /// Four decimals (`0.4200`), switching to scientific notation (`1.2346e+07`) for magnitudes
    /// of a million or more and below 0.0001, where four decimals would hide the value. NaN and
    /// the infinities read `nan`, `inf` and `-inf`; negative zero reads as zero.
    package static func fourDecimals(_ value: Double) -> String {
        if let special = special(value) { return special }
        if value == 0 { return "0.0000" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return printf("%.4e", value) }
        return printf("%.4f", value)
    }

    /// Two numbers that disagree, each in four decimals where those tell them apart, else
    /// both with as many significant digits as it takes (up to 17, which tell any two doubles
    /// apart), and the relative difference: a disagreement never reads as two equal numbers.
    package static func apart(_ yours: Double, _ correct: Double) -> (
        yours: String, correct: String, relative: String?
    ) {
        let short = (fourDecimals(yours), fourDecimals(correct))
        guard short.0 == short.1, yours != correct, yours.isFinite, correct.isFinite else {
            return (short.0, short.1, nil)
        }
        var texts = short
        for digits in 6...17 {
            texts = (significant(yours, digits: digits), significant(correct, digits: digits))
            if texts.0 != texts.1 { break }
        }
        let relative =
            Swift.abs(yours - correct) / max(Swift.abs(yours), Swift.abs(correct))
        return (texts.0, texts.1, significant(relative, digits: 2))
    }

    /// The shortest text that reads back as the same double (`0.1`, `2.0`, `1e-05`), as the
    /// JSON trace writes numbers; NaN and the infinities read `nan`, `inf` and `-inf`.
    package static func shortest(_ value: Double) -> String {
        special(value) ?? value.description
    }

    /// A compact form for constants inside expressions: `2` for 2.0, else the shortest form.
    package static func compact(_ value: Double) -> String {
        if let special = special(value) { return special }
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// `significantDigits` significant digits (`%.*g`), for tables of check results.
    package static func significant(_ value: Double, digits significantDigits: Int) -> String {
        special(value) ?? printf("%.\(significantDigits)g", value)
    }

    /// `value` in at most `width` characters, as precisely as fits: the shortest exact form,
    /// else 12, 8, 6, 4 or 2 significant digits; rounded, never cut. When not even 2 digits
    /// fit, the 2-digit form, longer than `width`, for the caller to leave out.
    package static func fitting(_ value: Double, width: Int) -> String {
        let exact = shortest(value)
        if exact.count <= width { return exact }
        var shorter = exact
        for digits in [12, 8, 6, 4, 2] {
            shorter = significant(value, digits: digits)
            if shorter.count <= width { return shorter }
        }
        return shorter
    }

    /// `1 node`, `2 nodes`, `3 leaves`: a count and its noun, singular or plural.
    package static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// Milliseconds with three decimals, `12.345 ms`, for timings.
    package static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return printf("%.3f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }

    /// The C library's formatting of one double, without Foundation's `String(format:)`.
    private static func printf(_ format: String, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let written = withVaList([value]) { arguments in
                vsnprintf(buffer.baseAddress, buffer.count, format, arguments)
            }
            let length = Int(max(0, min(written, Int32(buffer.count - 1))))
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: length),
                as: UTF8.self)
        }
    }
}
