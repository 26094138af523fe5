/// The double nearest a decimal `significand × 10^exponent`, computed without `strtod` where
/// that can be done exactly, so a capture's million numbers read fast and read back bit for bit
/// as `strtod` reads them.
///
/// Two paths, each correctly rounded where it answers:
/// - Clinger's: a significand of at most 2^53 and a power of ten of at most 10^22 are both exact
///   doubles, and one multiplication or division of exact doubles rounds correctly;
/// - Eisel and Lemire's: the significand times a 128-bit approximation of 5^exponent
///   (`PowersOfFive`) gives the top bits of the binary significand, exactly enough to round,
///   except in cases it recognises (halfway between two doubles, subnormals, overflow), where
///   it gives no answer.
enum DecimalToDouble {
    /// The double nearest `significand × 10^exponent`, negated when `negative`, or `nil` where
    /// neither path is sure of it (the caller then asks `strtod`).
    static func value(significand: UInt64, exponent: Int, negative: Bool) -> Double? {
        if significand == 0 { return negative ? -0.0 : 0.0 }
        let magnitude: Double
        if significand <= 1 << 53, (-22...22).contains(exponent) {
            let whole = Double(significand)
            magnitude =
                exponent < 0
                ? whole / exactPowersOfTen[-exponent] : whole * exactPowersOfTen[exponent]
        } else if let bits = eiselLemire(significand, exponent) {
            magnitude = Double(bitPattern: bits)
        } else {
            return nil
        }
        return negative ? -magnitude : magnitude
    }

    /// 10^0 through 10^22: the powers of ten that doubles hold exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The bits of the positive double nearest `significand × 10^exponent` (significand not 0),
    /// `nil` when the result would be subnormal or infinite, when it may lie halfway between
    /// two doubles, or when 128 bits of 5^exponent do not settle it.
    private static func eiselLemire(_ significand: UInt64, _ exponent: Int) -> UInt64? {
        guard (PowersOfFive.smallest...PowersOfFive.largest).contains(exponent) else {
            return nil
        }
        let table = PowersOfFive.table
        let index = 2 * (exponent - PowersOfFive.smallest)
        var leadingZeros = significand.leadingZeroBitCount
        let normalized = significand << UInt64(leadingZeros)
        // The binary exponent of 10^exponent's top bit, offset for the double's layout.
        let binaryExponent = (((152_170 + 65_536) * exponent) >> 16) + 1_024 + 63
        var (upper, lower) = normalized.multipliedFullWidth(by: table[index])
        // Unless the 9 bits below the 55 that matter are all ones, the 55 are exact; else the
        // next 64 bits of 5^exponent are added in.
        if upper & 0x1FF == 0x1FF {
            let (carried, _) = normalized.multipliedFullWidth(by: table[index + 1])
            let (sum, overflow) = lower.addingReportingOverflow(carried)
            lower = sum
            if overflow { upper &+= 1 }
            // Still all ones: the bits below might yet carry into the ones that matter.
            if upper & 0x1FF == 0x1FF, lower == .max { return nil }
        }
        let upperBit = Int(upper >> 63)
        var mantissa = upper >> UInt64(upperBit + 9)
        leadingZeros += 1 ^ upperBit
        var biased = binaryExponent - leadingZeros
        guard biased > 0 else { return nil }
        // Exactly halfway between two doubles can only happen for small powers of ten.
        if lower <= 1, (-4...23).contains(exponent), mantissa & 3 == 1 { return nil }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 1 << 53 {
            mantissa = 1 << 52
            biased += 1
        }
        mantissa &= ~(1 << 52)
        guard biased <= 2_046 else { return nil }
        return mantissa | UInt64(biased) << 52
    }
}
