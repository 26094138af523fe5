/// When two numbers are the same for a verdict or an expectation, the one tolerance of the
/// Swift side (the Python bridge's probe has its own, `probe.TOLERANCE`, of the same value):
/// within a relative 1e-9 (an engine may compute
/// `tanh` another way), or both below 1e-12 apart, where the bridge's probe cannot resolve
/// finer and cancellation in `(e²ˣ − 1)/(e²ˣ + 1)` near 0 leaves a few ulps of 1.
public enum Tolerance {
    /// The relative tolerance.
    public static let relative = 1e-9
    /// The absolute tolerance below which differences are rounding.
    public static let absolute = 1e-12

    /// Whether `yours` and `correct` agree: equal (infinities of one sign, or both NaN), or
    /// within the tolerances.
    public static func agrees(_ yours: Double, _ correct: Double) -> Bool {
        if yours == correct || (yours.isNaN && correct.isNaN) { return true }
        guard yours.isFinite, correct.isFinite else { return false }
        let difference = Swift.abs(yours - correct)
        return difference <= absolute
            || difference <= relative * max(Swift.abs(yours), Swift.abs(correct))
    }
}
