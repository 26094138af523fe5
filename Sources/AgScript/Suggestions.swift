/// "Did you mean …?" for a misspelt name, chosen as Python 3.12 chooses its suggestions.
enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a likely misspelling.
    ///
    /// Costs follow CPython: a changed, inserted or deleted character costs 2 and a change of
    /// case alone 1; a candidate is close enough when its cost is at most
    /// `(len(word) + len(candidate) + 3) × 2 / 6`.
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let wordBytes = Array(word.utf8)
        var best: (candidate: String, cost: Int)?
        for candidate in candidates where candidate != word {
            let candidateBytes = Array(candidate.utf8)
            let limit = (wordBytes.count + candidateBytes.count + 3) * 2 / 6
            guard Swift.abs(wordBytes.count - candidateBytes.count) * 2 <= limit else { continue }
            let cost = distance(wordBytes, candidateBytes)
            if cost <= limit, cost < (best?.cost ?? .max) { best = (candidate, cost) }
        }
        return best?.candidate
    }

    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(stride(from: 0, through: b.count * 2, by: 2))
        var current = previous
        for i in 1...max(a.count, 1) where i <= a.count {
            current[0] = i * 2
            for j in 1...max(b.count, 1) where j <= b.count {
                let substitution: Int =
                    a[i - 1] == b[j - 1] ? 0 : (a[i - 1] | 0x20 == b[j - 1] | 0x20 ? 1 : 2)
                current[j] = min(
                    previous[j] + 2, current[j - 1] + 2, previous[j - 1] + substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
