extension Character {
    /// How many terminal columns the character takes: 2 for East Asian wide and fullwidth
    /// characters and emoji, 1 for most others (a letter with combining marks included), and
    /// `nil` for what a terminal cannot draw in place (control characters, and a combining
    /// mark with nothing to combine with).
    public var displayWidth: Int? {
        var width = 0
        for scalar in unicodeScalars {
            if scalar.isControlCharacter { return nil }
            width = Swift.max(width, scalar.displayWidth)
            if scalar.value == 0xFE0F { width = 2 }
        }
        return width == 0 ? nil : width
    }
}

extension Unicode.Scalar {
    /// How many columns the scalar takes on its own: 0 for combining marks, joiners and
    /// variation selectors, 2 for East Asian wide and fullwidth characters and emoji, else 1.
    public var displayWidth: Int {
        let value = value
        if value < 0x300 { return 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) { return 0 }
        return Self.wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// East Asian wide and fullwidth ranges, and the emoji terminals draw two columns wide.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x26AA...0x26AB, 0x26BD...0x26BE,
        0x26C4...0x26C5, 0x26F2...0x26F5, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x2753...0x2755, 0x2795...0x2797, 0x27B0...0x27B0, 0x2B1B...0x2B1C,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F000...0x1FAFF, 0x20000...0x3FFFD,
    ]
}

extension String {
    /// How many terminal columns the text takes, a character that cannot be drawn counted as
    /// the one column its replacement takes.
    public var displayWidth: Int {
        reduce(0) { $0 + ($1.displayWidth ?? 1) }
    }
}
