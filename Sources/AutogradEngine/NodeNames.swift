import AutogradEngine

/// How tools name nodes: by label, with the node id where a label is ambiguous (`c#4`), and by
/// id alone (`#7`) where there is no label. Constants read as their value inside expressions.
public struct NodeNames: Sendable {
    private let graph: Graph
    /// The labels that more than one node carries.
    private let ambiguousLabels: Set<String>

    /// The names of the nodes of `graph`.
    public init(graph: Graph) {
        self.graph = graph
        ambiguousLabels = Self.repeatedLabels(graph.labels)
    }

    /// The node's name: `c`, `c#4` when several nodes are labelled `c`, `#7` without a label.
    /// Control characters in labels are shown as `?`.
    public func name(of node: NodeID) -> String {
        guard let label = graph.label(of: node) else { return node.description }
        let shown = Self.printable(label)
        return ambiguousLabels.contains(label) ? "\(shown)\(node)" : shown
    }

    /// The node as an operand in an expression: a constant's value (in parentheses when
    /// negative, `x - (-1)`), else its name.
    public func operand(_ node: NodeID) -> String {
        guard graph.operation(of: node) == .constant else { return name(of: node) }
        let value = graph.value(of: node)
        let text = NumberFormat.compact(value)
        return value < 0 ? "(\(text))" : text
    }

    /// What made the node, as `.ag` would write it: `a * b`, `tanh(d)`, `x ** 2`, `-x`; a
    /// leaf's or constant's value.
    public func expression(of node: NodeID) -> String {
        let inputs = graph.inputs(of: node)
        let operation = graph.operation(of: node)
        switch operation {
        case .leaf, .constant:
            return NumberFormat.compact(graph.value(of: node))
        case .add, .subtract, .multiply, .divide, .pow:
            let symbol = operation == .pow ? "**" : operation.spelling
            return "\(operand(inputs[0])) \(symbol) \(operand(inputs[1]))"
        case .power(let exponent):
            return "\(operand(inputs[0])) ** \(NumberFormat.compact(exponent))"
        case .negate:
            return "-\(operand(inputs[0]))"
        default:
            return "\(operation.spelling)(\(operand(inputs[0])))"
        }
    }

    /// The labels that occur more than once. Counting a million labels through `Set<String>`
    /// would hash each with SipHash; an open-addressing table over FNV-1a hashes of their
    /// UTF-8 is several times faster, and only labels with equal hashes are compared.
    private static func repeatedLabels(_ labels: [String?]) -> Set<String> {
        var capacity = 64
        while capacity < labels.count * 2 { capacity *= 2 }
        var hashes = [UInt32](repeating: 0, count: capacity)
        var firstNode = [Int32](repeating: -1, count: capacity)
        var repeated = Set<String>()
        for (node, label) in labels.enumerated() {
            guard var label else { continue }
            var hash: UInt32 = 2_166_136_261
            label.withUTF8 { bytes in
                for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            }
            var slot = Int(hash) & (capacity - 1)
            while firstNode[slot] >= 0 {
                if hashes[slot] == hash, labels[Int(firstNode[slot])] == label {
                    repeated.insert(label)
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if firstNode[slot] < 0 {
                hashes[slot] = hash
                firstNode[slot] = Int32(node)
            }
        }
        return repeated
    }

    /// `text` with control characters replaced by `?`, safe to print on one line.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
    }
}
