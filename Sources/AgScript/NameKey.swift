/// A name as two integers: its first 8 bytes packed little-endian, and a hash of all of it.
///
/// Names are ASCII letters, digits and `_`, never a zero byte, so a name of up to 8 bytes is
/// its prefix: equal prefixes mean equal names. The name table and the keyword check compare
/// these integers instead of bytes.
struct NameKey {
    /// The name's first 8 bytes, little-endian, zero-padded.
    let prefix: UInt64
    /// A hash of every byte of the name, well mixed in its low bits.
    let hash: UInt32

    /// The key of the name at `range` of `bytes`.
    init(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        prefix = Self.pack(range, in: bytes)
        var state = prefix
        for index in range.dropFirst(8) {
            state = (state ^ UInt64(bytes[index])) &* 0x100_0000_01B3
        }
        hash = UInt32(truncatingIfNeeded: Self.mix(state ^ UInt64(range.count)))
    }

    /// Up to the first 8 bytes of `range`, packed little-endian: one load where the buffer
    /// has 8 bytes to spare, byte by byte near its end.
    static func pack(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let length = min(range.count, 8)
        if let base = bytes.baseAddress, range.lowerBound + 8 <= bytes.count {
            let word = UInt64(
                littleEndian: UnsafeRawPointer(base + range.lowerBound).loadUnaligned(
                    as: UInt64.self))
            return length == 8 ? word : word & ((1 << (8 * UInt64(length))) - 1)
        }
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        for index in range.prefix(8) {
            packed |= UInt64(bytes[index]) << shift
            shift += 8
        }
        return packed
    }

    /// MurmurHash3's finalizer: every input bit moves every output bit.
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }
}
