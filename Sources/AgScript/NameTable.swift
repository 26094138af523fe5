import AutogradEngine

/// The names bound so far, keyed by their bytes in the source: no `String` is made or hashed
/// to look a name up, which is most of what reading a big file does.
///
/// Open addressing with linear probing over flat arrays, FNV-1a hashes, grown at half full.
struct NameTable {
    /// What a name is bound to.
    enum Binding: Equatable {
        case node(Int32)
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

    /// The binding of the name at `range` of `bytes`, if any.
    func binding(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Binding? {
        let hash = Self.hash(range, in: bytes)
        let prefix = Self.prefix(range, in: bytes)
        let mask = slots.count - 1
        return slots.withUnsafeBufferPointer { slots in
            var index = Int(hash) & mask
            while slots[index].length != 0 {
                let slot = slots[index]
                if slot.hash == hash, Self.matches(slot, range, prefix: prefix, in: bytes) {
                    return slot.value == Self.poisonedValue ? .poisoned : .node(slot.value)
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
            case .poisoned: Self.poisonedValue
            }
        let hash = Self.hash(range, in: bytes)
        let prefix = Self.prefix(range, in: bytes)
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index].length != 0 {
            if slots[index].hash == hash,
                Self.matches(slots[index], range, prefix: prefix, in: bytes)
            {
                slots[index].value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(
            hash: hash, length: Int32(range.count), start: Int32(range.lowerBound), value: value,
            prefix: prefix)
        count += 1
    }

    /// The names bound to nodes (not the failed ones), for "did you mean" suggestions.
    func boundNames(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        slots.compactMap { slot in
            guard slot.length != 0, slot.value != Self.poisonedValue else { return nil }
            let start = Int(slot.start)
            return String(
                decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + Int(slot.length))]),
                as: UTF8.self)
        }
    }

    /// Whether `slot` holds the name at `range`, whose first 8 bytes are `prefix`. Names of up
    /// to 8 bytes are whole in the prefix; only longer ones are compared in the source.
    private static func matches(
        _ slot: Slot, _ range: Range<Int>, prefix: UInt64, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard Int(slot.length) == range.count, slot.prefix == prefix else { return false }
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

    /// Up to the first 8 bytes of the name, packed little-endian.
    private static func prefix(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64
    {
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        for index in range.prefix(8) {
            packed |= UInt64(bytes[index]) << shift
            shift += 8
        }
        return packed
    }

    private static func hash(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for index in range {
            hash = (hash ^ UInt32(bytes[index])) &* 16_777_619
        }
        return hash
    }
}

/// The words that are not plain names: functions, `Value`, `backward`, `label`, recognized
/// from their bytes without making a `String`.
enum Keyword {
    case function(Op)
    case value
    case backward
    case label

    /// The keyword spelled by `range` of `bytes`, if it is one.
    static func classify(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
        let length = range.count
        guard length >= 3, length <= 8, startsKeyword[Int(bytes[range.lowerBound])] else {
            return nil
        }
        for (spelling, keyword) in table where spelling.count == length {
            var equal = true
            for (offset, byte) in spelling.enumerated()
            where bytes[range.lowerBound + offset] != byte {
                equal = false
                break
            }
            if equal { return keyword }
        }
        return nil
    }

    /// Which bytes some keyword starts with: most names are rejected on their first byte.
    private static let startsKeyword: [Bool] = {
        var starts = [Bool](repeating: false, count: 256)
        for (spelling, _) in table { starts[Int(spelling[0])] = true }
        return starts
    }()

    private static let table: [([UInt8], Keyword)] =
        Op.functions.map { (Array($0.key.utf8), Keyword.function($0.value)) }
        + [
            (Array("Value".utf8), .value), (Array("backward".utf8), .backward),
            (Array("label".utf8), .label),
        ]
}
