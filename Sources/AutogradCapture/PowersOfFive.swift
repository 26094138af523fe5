/// The powers of five that the Eisel–Lemire algorithm (`DecimalToDouble`) multiplies a decimal
/// significand by: for each `q` in `smallest...largest`, 5^q as a 128-bit number whose top bit
/// is set, truncated (q ≥ 0) or rounded up from below (q < 0) as fast_float and simdjson
/// tabulate it (`power_of_five_128`).
///
/// The table is computed once, on first use, with exact integer arithmetic, rather than
/// written out as 1,302 constants.
enum PowersOfFive {
    /// The smallest power of ten the table covers.
    static let smallest = -342
    /// The largest power of ten the table covers.
    static let largest = 308

    /// The high and low words of 5^q at `2 * (q - smallest)` and `2 * (q - smallest) + 1`.
    static let table: [UInt64] = makeTable()

    private static func makeTable() -> [UInt64] {
        var table: [UInt64] = []
        table.reserveCapacity(2 * (largest - smallest + 1))
        // 5^-n as floor(2^b / 5^n) + 1, where 2^z is the least power of two at or above 5^n
        // and b is z + 127 for n ≤ 27, 2z + 128 beyond, then cut to its top 128 bits. Every
        // floor(2^b / 5^n) is floor(2^B / 5^n) shifted right by B - b, for one B above them all.
        let bits = 1_792
        var quotients: [BigNumber] = []
        var quotient = BigNumber.powerOfTwo(bits)
        var power = BigNumber(1)
        var lengths: [Int] = []
        for _ in 1...(-smallest) {
            quotient.divide(by: 5)
            power.multiply(by: 5)
            quotients.append(quotient)
            lengths.append(power.bitLength)
        }
        for n in stride(from: -smallest, through: 1, by: -1) {
            let z = lengths[n - 1]
            let b = n <= 27 ? z + 127 : 2 * z + 128
            var rounded = quotients[n - 1].shiftedRight(by: bits - b)
            rounded.addOne()
            table += rounded.top128()
        }
        var positive = BigNumber(1)
        for _ in 0...largest {
            table += positive.top128()
            positive.multiply(by: 5)
        }
        return table
    }
}

/// An unsigned integer of any size, little-endian 64-bit words: only what the table needs.
private struct BigNumber {
    private var words: [UInt64]

    init(_ value: UInt64) {
        words = [value]
    }

    static func powerOfTwo(_ exponent: Int) -> BigNumber {
        var number = BigNumber(0)
        number.words = [UInt64](repeating: 0, count: exponent / 64 + 1)
        number.words[exponent / 64] = 1 << UInt64(exponent % 64)
        return number
    }

    /// The number of bits up to and including the highest set one.
    var bitLength: Int {
        guard let top = words.lastIndex(where: { $0 != 0 }) else { return 0 }
        return 64 * top + (64 - words[top].leadingZeroBitCount)
    }

    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in words.indices {
            let product = words[index].multipliedFullWidth(by: factor)
            let (low, overflow) = product.low.addingReportingOverflow(carry)
            words[index] = low
            carry = product.high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { words.append(carry) }
    }

    mutating func divide(by divisor: UInt64) {
        var remainder: UInt64 = 0
        for index in words.indices.reversed() {
            let (quotient, rest) = divisor.dividingFullWidth((high: remainder, low: words[index]))
            words[index] = quotient
            remainder = rest
        }
    }

    mutating func addOne() {
        for index in words.indices {
            words[index] &+= 1
            if words[index] != 0 { return }
        }
        words.append(1)
    }

    func shiftedRight(by count: Int) -> BigNumber {
        var shifted = BigNumber(0)
        shifted.words = (0..<max(1, words.count - count / 64)).map { word(atBit: 64 * $0 + count) }
        return shifted
    }

    /// The 64 bits from bit `position` up (bits below 0 and above the top read as 0).
    private func word(atBit position: Int) -> UInt64 {
        func bits(_ index: Int) -> UInt64 {
            index >= 0 && index < words.count ? words[index] : 0
        }
        let index = position >= 0 ? position / 64 : (position - 63) / 64
        let shift = UInt64(position - 64 * index)
        guard shift > 0 else { return bits(index) }
        return bits(index) >> shift | bits(index + 1) << (64 - shift)
    }

    /// The top 128 bits, high word first, with the highest set bit at the top: the number
    /// shifted right (or left, when shorter) until it is 128 bits long.
    func top128() -> [UInt64] {
        let start = bitLength - 128
        return [word(atBit: start + 64), word(atBit: start)]
    }
}
