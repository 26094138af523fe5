/// "Did you mean …?" for a misspelt name, chosen as Python 3.12 chooses its suggestions.
///
/// Costs follow CPython: a changed, inserted or deleted character costs 2 and a change of case
/// alone 1; a candidate is close enough when its cost is at most
/// `(len(word) + len(candidate) + 3) × 2 / 6`, and the cheapest one wins (the first of equals).
enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a likely misspelling.
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        var search = Search(for: word)
        var best: String?
        for candidate in candidates where candidate != word {
            var candidate = candidate
            if candidate.withUTF8({ search.consider($0) }) { best = candidate }
        }
        return best
    }

    /// A search for the candidate closest to one word, given candidates one at a time as
    /// bytes; it allocates nothing per candidate.
    struct Search {
        private let word: [UInt8]
        private var previous: [Int]
        private var current: [Int]
        /// The cost of the best candidate so far.
        private(set) var bestCost = Int.max

        /// A search for candidates close to `word`.
        init(for word: String) {
            self.word = Array(word.utf8)
            previous = []
            current = []
        }

        /// Whether `candidate` could be close enough by its length alone; a cheap test before
        /// `consider`.
        func mightMatch(length: Int) -> Bool {
            Swift.abs(word.count - length) * 2 <= Self.limit(word.count, length)
        }

        /// Weighs `candidate`; returns whether it is close enough and the best so far.
        mutating func consider(_ candidate: UnsafeBufferPointer<UInt8>) -> Bool {
            guard mightMatch(length: candidate.count), !isWord(candidate) else { return false }
            let cost = distance(to: candidate)
            guard cost <= Self.limit(word.count, candidate.count), cost < bestCost else {
                return false
            }
            bestCost = cost
            return true
        }

        private static func limit(_ a: Int, _ b: Int) -> Int { (a + b + 3) * 2 / 6 }

        /// Whether `candidate` is the word itself.
        private func isWord(_ candidate: UnsafeBufferPointer<UInt8>) -> Bool {
            guard candidate.count == word.count else { return false }
            for index in word.indices where word[index] != candidate[index] { return false }
            return true
        }

        /// The edit distance between the word and `b`, with CPython's costs.
        private mutating func distance(to b: UnsafeBufferPointer<UInt8>) -> Int {
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: stride(from: 0, through: b.count * 2, by: 2))
            current = previous
            for i in 1...max(word.count, 1) where i <= word.count {
                current[0] = i * 2
                for j in 1...max(b.count, 1) where j <= b.count {
                    let substitution: Int =
                        word[i - 1] == b[j - 1]
                        ? 0 : (word[i - 1] | 0x20 == b[j - 1] | 0x20 ? 1 : 2)
                    current[j] = min(
                        previous[j] + 2, current[j - 1] + 2, previous[j - 1] + substitution)
                }
                swap(&previous, &current)
            }
            return previous[b.count]
        }
    }
}
