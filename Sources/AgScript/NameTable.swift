import AutogradEngine

/// The names bound so far, keyed by their bytes in the source: no `String` is made or hashed
/// to look a name up, which is most of what reading a big file does.
///
/// Open addressing with linear probing over a flat array of slots, grown at half full; names
/// are compared by `NameKey`, and only names longer than 8 bytes by their bytes too.
struct NameTable {
    /// What a name is bound to.
    enum Binding: Equatable {
        case node(Int32)
        /// A list of nodes (`params = [w, b]`), by its index among the builder's lists.
        case list(Int32)
        /// Its statement failed; uses of it are consequences of that error.
        case poisoned
    }

    /// One slot: everything a probe needs, names of up to 8 bytes included, so most lookups
    /// never touch the source text.
    private struct Slot {
        var hash: UInt32 = 0
        /// The name's length; 0 marks an empty slot.
        var length: Int32 = 0
        var start: Int32 = 0
        var value: Int32 = 0
        /// The name's first 8 bytes, little-endian, zero-padded.
        var prefix: UInt64 = 0
    }

    private var slots = [Slot](repeating: Slot(), count: 64)
    private var count = 0

    private static let poisonedValue: Int32 = -2
    /// List `k` is stored as `firstListValue - k`: node indices are never negative.
    private static let firstListValue: Int32 = -3

    /// The binding of the name at `range` of `bytes`, if any.
    func binding(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Binding? {
        let key = NameKey(range, in: bytes)
        let mask = slots.count - 1
        return slots.withUnsafeBufferPointer { slots in
            var index = Int(key.hash) & mask
            while slots[index].length != 0 {
                let slot = slots[index]
                if Self.matches(slot, range, key: key, in: bytes) {
                    return Self.binding(of: slot.value)
                }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// Binds the name at `range` of `bytes`, replacing any earlier binding.
    mutating func bind(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, to binding: Binding
    ) {
        if (count + 1) * 2 > slots.count { grow() }
        let value: Int32 =
            switch binding {
            case .node(let node): node
            case .list(let list): Self.firstListValue - list
            case .poisoned: Self.poisonedValue
            }
        let key = NameKey(range, in: bytes)
        let mask = slots.count - 1
        var index = Int(key.hash) & mask
        while slots[index].length != 0 {
            if Self.matches(slots[index], range, key: key, in: bytes) {
                slots[index].value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(
            hash: key.hash, length: Int32(range.count), start: Int32(range.lowerBound),
            value: value, prefix: key.prefix)
        count += 1
    }

    /// The binding a slot's value stands for.
    private static func binding(of value: Int32) -> Binding {
        if value >= 0 { return .node(value) }
        if value == poisonedValue { return .poisoned }
        return .list(firstListValue - value)
    }

    /// The name bound to a node (not a list, not a failed one) closest to `word`, as `Suggestions` judges, weighing
    /// at most `budget` names of a length that could be close enough: a bounded search, so
    /// that a file of many undefined names never costs a pass over the table for each.
    func closestName(
        to word: String, in bytes: UnsafeBufferPointer<UInt8>, budget: Int = 20_000
    ) -> String? {
        var search = Suggestions.Search(for: word)
        var best: Slot?
        var weighed = 0
        for slot in slots where slot.length != 0 && slot.value >= 0 {
            guard search.mightMatch(length: Int(slot.length)) else { continue }
            let start = Int(slot.start)
            let name = UnsafeBufferPointer(rebasing: bytes[start..<(start + Int(slot.length))])
            if search.consider(name) { best = slot }
            weighed += 1
            if weighed == budget { break }
        }
        return best.map { slot in
            let start = Int(slot.start)
            return String(
                decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + Int(slot.length))]),
                as: UTF8.self)
        }
    }

    /// Whether `slot` holds the name at `range`, whose key is `key`. Names of up to 8 bytes are
    /// whole in the prefix; only longer ones are compared in the source.
    private static func matches(
        _ slot: Slot, _ range: Range<Int>, key: NameKey, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard slot.hash == key.hash, slot.prefix == key.prefix, Int(slot.length) == range.count
        else { return false }
        if range.count <= 8 { return true }
        let start = Int(slot.start)
        for offset in 8..<range.count
        where bytes[start + offset] != bytes[range.lowerBound + offset] {
            return false
        }
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.length != 0 {
            var index = Int(slot.hash) & mask
            while slots[index].length != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

/// The words that are not plain names: the functions (from the operations' definitions),
/// `Value`, `backward` and `label`, recognized from their bytes without making a `String`.
enum Keyword: Equatable {
    case function(Op)
    case value
    case backward
    case label

    /// Every keyword and its spelling.
    static let all: [(spelling: String, keyword: Keyword)] =
        Op.functions.map { ($0.spelling, .function($0)) } + [
            ("Value", .value), ("backward", .backward), ("label", .label),
        ]

    /// The names of the functions, for "did you mean" suggestions.
    static let functionNames = Op.functions.map(\.spelling)

    /// What can follow `x.`: the functions as methods, `backward` and `label`, for "did you
    /// mean" suggestions.
    static let methodNames = functionNames + ["backward", "label"]

    /// The keyword spelled by `range` of `bytes`, if it is one.
    static func classify(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
        guard range.count < firstOfLength.count - 1 else { return nil }
        let candidates = firstOfLength[range.count]..<firstOfLength[range.count + 1]
        if candidates.isEmpty { return nil }
        let prefix = NameKey.pack(range, in: bytes)
        for index in candidates where prefixes[index] == prefix {
            if range.count <= 8 || longTails[index].elementsEqual(bytes[range.dropFirst(8)]) {
                return keywords[index]
            }
        }
        return nil
    }

    /// The keywords sorted by the length of their spelling, so that a name is compared only
    /// with those of its own length, one integer each: their packed first 8 bytes (as
    /// `NameKey` packs a name), the bytes after those, and the keyword.
    private static let sorted = all.map { (bytes: Array($0.spelling.utf8), keyword: $0.keyword) }
        .sorted { $0.bytes.count < $1.bytes.count }
    private static let prefixes = sorted.map { entry in
        entry.bytes.withUnsafeBufferPointer { NameKey.pack(0..<entry.bytes.count, in: $0) }
    }
    private static let longTails = sorted.map { Array($0.bytes.dropFirst(8)) }
    private static let keywords = sorted.map(\.keyword)
    /// Where the keywords of each length start in `sorted`, with one more entry for the end.
    private static let firstOfLength: [Int] = {
        let longest = sorted.last?.bytes.count ?? 0
        return (0...(longest + 1)).map { length in
            sorted.firstIndex { $0.bytes.count >= length } ?? sorted.count
        }
    }()
}
