import AutogradEngine

/// A program as every report and the debugger take it: the nodes with their forward values,
/// the root to differentiate, and where in the source each node was made. The `.ag` reader
/// (`ScriptReader`) and a replayed capture (`CapturedRun`) both make one.
public struct Script: Sendable {
    /// The file's name as shown in messages (`<stdin>` for standard input).
    public let path: String
    /// The file's text, split into lines.
    public let source: SourceText
    /// The nodes, in creation order, with their forward values.
    public let graph: Graph
    /// The node to differentiate: the one `backward` names, else the last one assigned.
    public let root: NodeID
    /// The 1-based source line that created each node, by node index.
    public let nodeLines: [Int32]
    /// The notebook cell each node's line is in, by node index (0 for none); empty for a
    /// file that is not a notebook.
    public let nodeCells: [Int32]
    /// The training step: every update, in file order (a `for` gives one per node). Empty for
    /// a file that only differentiates.
    public let updates: [Update]
    /// The `assert` statements, in file order.
    public let expectations: [Expectation]

    /// The 1-based source line that created `node`, 0 where none is known.
    public func line(of node: NodeID) -> Int { Int(nodeLines[node.index]) }

    /// The notebook cell that `line(of:)` is a line of, `nil` outside a notebook.
    public func cell(of node: NodeID) -> Int? {
        guard node.index < nodeCells.count, nodeCells[node.index] > 0 else { return nil }
        return Int(nodeCells[node.index])
    }

    /// A script of `graph`: `nodeLines` holds a line of `source` (or 0, for none) per node,
    /// and in a notebook `nodeCells` the cell of that line (0 for none).
    /// A replayed capture has no updates and no expectations.
    public init(
        path: String, source: SourceText, graph: Graph, root: NodeID, nodeLines: [Int32],
        nodeCells: [Int32] = [], updates: [Update] = [], expectations: [Expectation] = []
    ) {
        self.path = path
        self.source = source
        self.graph = graph
        self.root = root
        self.nodeLines = nodeLines
        self.nodeCells = nodeCells
        self.updates = updates
        self.expectations = expectations
    }
}
