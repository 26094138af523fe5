import AutogradEngine

/// What an engine's operation string means in autograd-tui's operations.
package enum EngineOperation: Sendable, Equatable {
    /// A leaf: `""` or `null` with no children.
    case leaf
    /// One of the `.ag` operations; `exponent` is the `k` of `**k`.
    case known(Op, exponent: Double?)
    /// No operation string at all (`null`) on a node with children: found from the data.
    case unnamed
    /// A string that names no operation autograd-tui has: kept, shown as the engine wrote it,
    /// and not judged.
    case opaque(String)

    /// The meaning of the engine's `text` on a node with `childCount` distinct children.
    ///
    /// Case, spaces and leading underscores are folded (`ReLU`, `relu`, `_relu`); common
    /// spellings are synonyms (`add`, `mul`, `sub`, `div`, `neg`, `ln`); `**k` and `^k` carry
    /// the exponent; `-` with one child is negation unless the child is used twice (`a - a`,
    /// which a set of children cannot tell apart: the replay decides from the data).
    package init(_ text: String?, childCount: Int) {
        guard let text else {
            self = childCount == 0 ? .leaf : .unnamed
            return
        }
        var folded = Substring(text.lowercased())
        while let first = folded.first, first == " " || first == "_" { folded.removeFirst() }
        while folded.last == " " { folded.removeLast() }
        if folded.isEmpty || folded == "leaf" || folded == "input" {
            self = childCount == 0 ? .leaf : .unnamed
            return
        }
        if folded == "square" || folded == "sqr" {  // DeZero's `Square`
            self = .known(.power, exponent: 2)
            return
        }
        for prefix in ["**", "^", "pow"] where folded.hasPrefix(prefix) {
            let exponentText = folded.dropFirst(prefix.count).drop(while: { $0 == " " })
            if exponentText.isEmpty {
                self = .known(.nodePower, exponent: nil)
                return
            }
            if let exponent = Double(exponentText), exponent.isFinite {
                self = .known(.power, exponent: exponent)
                return
            }
        }
        if let operation = Self.synonyms[String(folded)] {
            if operation == .subtract, childCount == 1 {
                self = .known(.negate, exponent: nil)
            } else {
                self = .known(operation, exponent: nil)
            }
            return
        }
        self = .opaque(text)
    }

    /// Every spelling engines are seen to use, folded, with the operation it names: each
    /// operation's own spelling and its `engineSpellings`, from its definition.
    static let synonyms: [String: Op] = {
        var table: [String: Op] = [:]
        for operation in Op.allCases where operation.arity > 0 {
            table[operation.spelling] = operation
            for spelling in operation.definition.engineSpellings { table[spelling] = operation }
        }
        return table
    }()
}
