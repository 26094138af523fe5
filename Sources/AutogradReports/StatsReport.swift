import AutogradEngine
import AutogradProgram
import AutogradText

/// Writes `--stats`: the size of the graph, its root, and how long each phase took.
package enum StatsReport {
    /// How long each phase took, measured by the caller.
    package struct Timings: Sendable {
        /// Parsing the text and building the graph, forward values included.
        package var read: Duration
        /// A full re-evaluation of the forward values on their own.
        package var forward: Duration
        /// The topological order.
        package var order: Duration
        /// One-shot backpropagation.
        package var backward: Duration

        /// Timings of the four phases.
        package init(read: Duration, forward: Duration, order: Duration, backward: Duration) {
            self.read = read
            self.forward = forward
            self.order = order
            self.backward = backward
        }
    }

    /// Writes the statistics of `script` with the given timings to `output`.
    package static func write(
        _ script: Script, order: [NodeID], timings: Timings, to output: inout some TextOutputStream
    ) {
        let graph = script.graph
        var leaves = 0
        var constants = 0
        for operation in graph.operations {
            if operation == .leaf { leaves += 1 }
            if operation == .constant { constants += 1 }
        }
        let operations = graph.count - leaves - constants
        let firing = order.count { !graph.isLeaf($0) }
        output.write(
            "file        \(NodeNames.printable(script.path)) (\(script.source.lineCount) lines)\n")
        let inputs = NumberFormat.counted(leaves + constants, "input")
        let kinds =
            "\(NumberFormat.counted(leaves, "leaf", plural: "leaves")), \(NumberFormat.counted(constants, "constant"))"
        output.write(
            "nodes       \(graph.count): \(inputs) (\(kinds)), \(NumberFormat.counted(operations, "operation"))\n"
        )
        output.write("edges       \(graph.edgeCount)\n")
        output.write("reachable   \(NumberFormat.counted(order.count, "node")) from the root\n")
        output.write(
            "steps       \(firing + 1): the seed and \(NumberFormat.counted(firing, "backward step"))\n"
        )
        output.write(
            "root        \(NodeNames.name(of: script.root, in: graph)) = \(NumberFormat.fourDecimals(graph.value(of: script.root)))\n"
        )
        output.write("read        \(milliseconds(timings.read))  (parse, build, forward values)\n")
        output.write("forward     \(milliseconds(timings.forward))  (re-evaluating every node)\n")
        output.write("order       \(milliseconds(timings.order))  (topological order)\n")
        output.write("backward    \(milliseconds(timings.backward))  (one-shot backpropagation)\n")
    }

    private static func milliseconds(_ duration: Duration) -> String {
        NumberFormat.milliseconds(duration)
    }
}
