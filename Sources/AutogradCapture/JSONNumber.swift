extension JSONReader {
    /// The whole number at `start` of `bytes`, written as plain digits (an id, a line), and the
    /// offset just past it: `nil` for anything else, which `readInt` reads the general way.
    static func fastInt(in bytes: UnsafeBufferPointer<UInt8>, at start: Int)
        -> (value: Int, end: Int)?
    {
        // At most 15 digits, no leading zero, and nothing after them that a number may hold.
        let end = min(bytes.count, start + 16)
        var index = start
        var value = 0
        while index < end, bytes[index] &- UInt8(ascii: "0") <= 9 {
            value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits <= 15, digits == 1 || bytes[start] != UInt8(ascii: "0") else {
            return nil
        }
        if index < bytes.count, isNumberByte(bytes[index]) { return nil }
        return (value, index)
    }

    /// The number at `start` of `bytes` and the offset just past it, read in one pass without
    /// `strtod`: `nil` unless the text has JSON's form, ends where the bytes a number may hold
    /// end, has at most 19 significant digits, and `DecimalToDouble` is sure of its value.
    /// Anything else is left to the general path, which reads it, or says what is wrong, as
    /// before.
    static func fastNumber(in bytes: UnsafeBufferPointer<UInt8>, at start: Int)
        -> (value: Double, end: Int)?
    {
        let count = bytes.count
        var index = start
        let negative = index < count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        func digitValue(at index: Int) -> UInt64? {
            guard index < count else { return nil }
            let value = bytes[index] &- UInt8(ascii: "0")
            return value <= 9 ? UInt64(value) : nil
        }
        // Up to 19 digits fit a UInt64; zeros before the first other digit are not counted.
        func take(_ digit: UInt64) -> Bool {
            guard significand != 0 || digit != 0 else { return true }
            guard digits < 19 else { return false }
            significand = significand * 10 + digit
            digits += 1
            return true
        }
        guard let first = digitValue(at: index) else { return nil }
        index += 1
        if first != 0 {
            _ = take(first)
            while let digit = digitValue(at: index) {
                guard take(digit) else { return nil }
                index += 1
            }
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fraction = index
            while let digit = digitValue(at: index) {
                guard take(digit) else { return nil }
                exponent -= 1
                index += 1
            }
            guard index > fraction else { return nil }
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            let exponentIsNegative = index < count && bytes[index] == UInt8(ascii: "-")
            if index < count, exponentIsNegative || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            let written = index
            var power = 0
            while let digit = digitValue(at: index) {
                // Beyond any double's range either way: kept from overflowing, left to strtod.
                if power < 100_000 { power = power * 10 + Int(digit) }
                index += 1
            }
            guard index > written else { return nil }
            exponent += exponentIsNegative ? -power : power
        }
        if index < count, isNumberByte(bytes[index]) { return nil }
        guard
            let value = DecimalToDouble.value(
                significand: significand, exponent: exponent, negative: negative)
        else { return nil }
        return (value, index)
    }
}
