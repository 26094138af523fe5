/// A series of numbers (a training loop's losses) as a one-line chart of block characters,
/// lowest `▁` to highest `█`, or in ASCII `_.-~^`.
enum Sparkline {
    /// `values` in at most `width` characters: each the mean of an even share of the values;
    /// NaN and infinities are left out of the scale and drawn as `?`.
    static func text(of values: [Double], width: Int, ascii: Bool) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        let levels: [Character] = ascii ? ["_", ".", "-", "~", "^"] : Array("▁▂▃▄▅▆▇█")
        let count = min(width, values.count)
        var means: [Double] = []
        for bucket in 0..<count {
            let start = bucket * values.count / count
            let end = max(start + 1, (bucket + 1) * values.count / count)
            let share = values[start..<end]
            // Each value is divided before adding, so the mean of finite values near
            // ±Double.greatestFiniteMagnitude is finite too.
            let size = Double(share.count)
            means.append(
                share.contains { !$0.isFinite } ? .nan : share.reduce(0) { $0 + $1 / size })
        }
        let finite = means.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else {
            return String(repeating: "?", count: count)
        }
        return String(
            means.map { mean -> Character in
                guard mean.isFinite else { return "?" }
                guard high > low else { return levels[levels.count / 2] }
                // Halved first: high - low overflows for losses of 1e308 and -1e308.
                let fraction = (mean / 2 - low / 2) / (high / 2 - low / 2)
                guard fraction.isFinite else { return "?" }
                let position = fraction * Double(levels.count - 1)
                return levels[min(levels.count - 1, max(0, Int(position.rounded())))]
            })
    }
}
