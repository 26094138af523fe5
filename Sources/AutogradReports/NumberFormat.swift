import Foundation

/// How numbers are written for people and for tools.
public enum NumberFormat {
    /// Four decimals (`0.4200`), switching to scientific notation (`1.2346e+07`) for magnitudes
    /// of a million or more and below 0.0001, where four decimals would hide the value. NaN and
    /// the infinities read `nan`, `inf` and `-inf`; negative zero reads as zero.
    public static func fourDecimals(_ value: Double) -> String {
        if let special = special(value) { return special }
        if value == 0 { return "0.0000" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return String(format: "%.4e", value) }
        return String(format: "%.4f", value)
    }

    /// The shortest text that reads back as the same double (`0.1`, `2.0`, `1e-05`), as the
    /// JSON trace writes numbers; NaN and the infinities read `nan`, `inf` and `-inf`.
    public static func shortest(_ value: Double) -> String {
        special(value) ?? value.description
    }

    /// A compact form for constants inside expressions: `2` for 2.0, else the shortest form.
    public static func compact(_ value: Double) -> String {
        if let special = special(value) { return special }
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// `significantDigits` significant digits (`%.*g`), for tables of check results.
    public static func significant(_ value: Double, digits significantDigits: Int) -> String {
        special(value) ?? String(format: "%.\(significantDigits)g", value)
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }
}
