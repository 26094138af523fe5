import AutogradEngine

/// One token of an `.ag` line.
struct Token {
    /// What a token is.
    enum Kind: Equatable {
        case number
        case name
        case string
        case leftParen
        case rightParen
        case leftBracket
        case rightBracket
        case comma
        case colon
        case dot
        case plus
        case minus
        case star
        case slash
        case starStar
        case equals
        case equalsEquals
        case less
        case plusEquals
        case minusEquals
        case starEquals
        case slashEquals
        case end
    }

    var kind: Kind
    /// The token's first byte in the source.
    var start: Int
    /// One past the token's last byte.
    var end: Int
    /// The value of a number.
    var number: Double = 0

    /// The token's bytes in the source.
    var range: Range<Int> { start..<end }

    /// How the token reads in a message: `'+'`, `the name 'x'`, `the end of the line`.
    func describe(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        switch kind {
        case .end: return "the end of the line"
        case .name: return "the name '\(text)'"
        case .number: return "the number \(text)"
        case .string: return "a string"
        default: return "'\(text)'"
        }
    }
}

extension Token.Kind {
    /// The operator of `+=`, `-=`, `*=`, `/=`.
    var compoundOperator: BinaryOperator? {
        switch self {
        case .plusEquals: .add
        case .minusEquals: .subtract
        case .starEquals: .multiply
        case .slashEquals: .divide
        default: nil
        }
    }

    /// The binary operator this token spells, if any.
    var binaryOperator: BinaryOperator? {
        switch self {
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .starStar: .power
        default: nil
        }
    }
}
