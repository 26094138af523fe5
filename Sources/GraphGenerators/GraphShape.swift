/// The shapes of generated graphs: what big real graphs look like.
package enum GraphShape: String, CaseIterable, Sendable {
    /// One long chain: every node uses the one before; as deep as it is long.
    case chain
    /// A wide random DAG: many values shared by many users, near and far.
    case wide
    /// A multilayer perceptron's loss: layers of tanh neurons, weights shared across samples.
    case mlp
}

/// Writes `.ag` text for a graph of a given shape and about a given number of nodes, the same
/// text for the same shape, size and seed.
package enum GraphGenerator {
    /// `.ag` text for a graph of `shape` with at least `nodes` nodes: a few more for chains
    /// and wide graphs, up to one layer (1,328 nodes) more for MLPs.
    package static func source(_ shape: GraphShape, nodes: Int, seed: UInt64 = 1) -> String {
        var text =
            "# a generated \(shape.rawValue) graph of about \(nodes) nodes (autograd-bench generate)\n"
        text.reserveCapacity(nodes * 24)
        var random = SplitMix(seed: seed)
        switch shape {
        case .chain: chain(nodes: nodes, into: &text)
        case .wide: wide(nodes: nodes, random: &random, into: &text)
        case .mlp: mlp(nodes: nodes, random: &random, into: &text)
        }
        return text
    }

    /// `x = tanh(x)`, `x = x * 0.9` …: one or two nodes a line, the name rebound each time.
    private static func chain(nodes: Int, into text: inout String) {
        text += "x = 0.5\n"
        var count = 1
        var line = 0
        while count < nodes {
            switch line % 4 {
            case 0: text += "x = tanh(x)\n"
            case 1: text += "x = x * 1.5\n"
            case 2: text += "x = sin(x)\n"
            default: text += "x = -x\n"
            }
            count += line % 4 == 1 ? 2 : 1
            line += 1
        }
        text += "backward x\n"
    }

    /// Leaves, then lines `vK = tanh(vI * vJ + vL)` over random earlier values, then a sum.
    private static func wide(nodes: Int, random: inout SplitMix, into text: inout String) {
        let leaves = max(2, nodes / 50)
        for index in 0..<leaves {
            text += "v\(index) = \(Double(random.below(1000)) / 1000 + 0.1)\n"
        }
        var names = leaves
        var count = leaves
        while count + 1 < nodes {
            func pick() -> Int {
                // Half near (recent values), half anywhere: wide sharing and long edges.
                random.below(2) == 0
                    ? names - 1 - random.below(min(names, 32)) : random.below(names)
            }
            text += "v\(names) = tanh(v\(pick()) * v\(pick()) + v\(pick()))\n"
            names += 1
            count += 3
        }
        text += "loss = v\(names - 1) + v\(names - 2)\nbackward loss\n"
    }

    /// Inputs of 16 features for 2 samples, hidden layers of tanh neurons with 16 inputs each,
    /// as many as the size allows, one output per sample, and the squared error summed.
    private static func mlp(nodes: Int, random: inout SplitMix, into text: inout String) {
        let features = 16
        let width = 16
        let samples = 2
        // Per neuron: 16 weights and a bias (shared), and per sample 16 products, 16 sums, tanh.
        let perNeuron = (features + 1) + samples * (2 * features + 1)
        let perLayer = perNeuron * width
        // Enough layers for the size; the loss adds 2 + 3 per sample.
        let layers = max(
            1, (nodes - samples * features - 2 - 3 * samples + perLayer - 1) / perLayer)
        for sample in 0..<samples {
            for feature in 0..<features {
                text += "x\(sample)_0_\(feature) = \(Double(random.below(2000)) / 1000 - 1)\n"
            }
        }
        for layer in 1...layers {
            for neuron in 0..<width {
                for input in 0..<features {
                    text +=
                        "w\(layer)_\(neuron)_\(input) = \(Double(random.below(1000)) / 2000 - 0.25)\n"
                }
                text += "b\(layer)_\(neuron) = 0.1\n"
            }
            for sample in 0..<samples {
                for neuron in 0..<width {
                    let terms = (0..<features).map {
                        "w\(layer)_\(neuron)_\($0) * x\(sample)_\(layer - 1)_\($0)"
                    }
                    text +=
                        "x\(sample)_\(layer)_\(neuron) = tanh(\(terms.joined(separator: " + ")) + b\(layer)_\(neuron))\n"
                }
            }
        }
        let errors = (0..<samples).map { "(x\($0)_\(layers)_0 - 0.5) ** 2" }
        text += "loss = \(errors.joined(separator: " + "))\nbackward loss\n"
    }
}

extension GraphGenerator {
    /// `.ag` text of `lines` lines, half of them errors: `w0 = 0.5` … binds the first half,
    /// then each line `yK = wK * scale` uses the undefined name `scale`. Reading it reports 20
    /// errors and counts the rest; it should cost about what reading good lines costs.
    package static func undefinedNames(lines: Int) -> String {
        let half = max(1, lines / 2)
        var text = ""
        text.reserveCapacity(lines * 20)
        for index in 0..<half { text += "w\(index) = 0.5\n" }
        for index in 0..<half { text += "y\(index) = w\(index) * scale\n" }
        return text
    }
}

extension GraphGenerator {
    /// `y = x + x + …`: one leaf that `uses` additions take, the leaf whose inspector once
    /// walked all its contributions on every key.
    package static func sharedLeaf(uses: Int) -> String {
        var text = "x = 0.5\ny = x"
        text.reserveCapacity(uses * 4 + 16)
        for _ in 1..<max(2, uses) { text += " + x" }
        return text + "\n"
    }

    /// A leaf labelled with `bytes` letters, used twice: a label too long to draw whole.
    package static func longLabel(bytes: Int) -> String {
        "x = Value(0.5, label='" + String(repeating: "a", count: max(1, bytes))
            + "')\ny = tanh(x) * x\n"
    }
}

/// A small deterministic random generator (SplitMix64).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Int(value % UInt64(max(1, bound)))
    }
}
