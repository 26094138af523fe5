/// A capture document (`autograd-capture/1`): what the Python bridge recorded from someone's
/// own engine, one or more `backward()` calls with their graphs.
package struct CaptureDocument: Sendable {
    /// The module and class name of the captured value type, when known.
    package var engine: String?
    /// The script the captures came from, when known.
    package var script: String?
    /// The folder the script ran in, against which relative `file` paths resolve, when known.
    package var folder: String?
    /// The recorded graphs, oldest first; a long training loop keeps only some of them.
    package var captures: [Capture]
    /// The root's value of every `backward()` call, oldest first (a training loop's losses),
    /// including the calls whose graphs were not kept.
    package var roots: [Double]
    /// How the script ended, when the document says (`nil` for a document written before the
    /// bridge said it, and for `save()` from Python, which runs no script).
    package var outcome: ScriptOutcome? = nil
    /// What the bridge noticed about the engine, most useful when no `backward()` call was
    /// captured; empty when it noticed nothing.
    package var diagnosis: [DiagnosisEntry] = []

    /// How many `backward()` calls the document covers.
    package var callCount: Int { max(roots.count, (captures.last?.index ?? -1) + 1) }
}

/// One `backward()` call: the graph behind its root, as the engine left it.
package struct Capture: Sendable {
    /// The call's 0-based position among all the `backward()` calls of the run.
    package var index: Int
    /// Where `backward()` was called, when known.
    package var call: SourceLocation?
    /// The node `backward()` was called on.
    package var root: Int
    /// The nodes, by capture id.
    package var nodes: CapturedNodes
    /// The nodes whose `_backward` ran during the engine's own `backward()`, in the order it
    /// ran them, when the bridge could observe it.
    package var fired: [Int]?
    /// The exception the engine's `backward()` raised (`TypeError: ...`), when it raised: the
    /// pass stopped in the last node of `fired`.
    package var raised: String? = nil
    /// Whether it raised before any node's `_backward` ran (in a topological sort, say): then
    /// it stopped in no node, and `code.raised` says where it was.
    package var raisedBeforeSteps = false
    /// Where the engine's own code is: each node's `_backward`, the pass.
    package var code = EngineCode()
    /// The significand bits of the engine's narrowest floating type, where it is narrower
    /// than a double's 53 (`float32`: 24): its arithmetic rounds that much more.
    package var precisionBits: Int? = nil
}

/// A place in the user's source: a line of a file, or of a notebook's cell.
package struct SourceLocation: Sendable, Hashable {
    /// The file, as the bridge wrote it (the notebook, for a cell).
    package var file: String
    /// The 1-based line (within the cell, in a notebook).
    package var line: Int
    /// The notebook cell, counted from 1 among all the notebook's cells (markdown ones
    /// included); `nil` outside a notebook.
    package var cell: Int?

    /// The place at `line` of `file`, or of its cell `cell` when the file is a notebook.
    package init(file: String, line: Int, cell: Int? = nil) {
        self.file = file
        self.line = line
        self.cell = cell
    }
}

/// What the engine's `_backward` did to one child when the bridge called it alone.
package struct Probe: Sendable, Equatable {
    /// How the child's grad changed.
    package enum Mode: String, Sendable, CaseIterable {
        /// It grew by `local × node.grad`, as `+=` does.
        case add
        /// It was overwritten: `=` where `+=` belongs.
        case assign
        /// The change did not scale with the node's grad: the factor `out.grad` is missing.
        case ignoresUpstream = "ignores-upstream"
        /// It did not change.
        case untouched
        /// `_backward` raised.
        case error
    }

    /// The child's capture id.
    package var child: Int
    /// The change in the child's grad divided by the node's grad, when measured.
    package var local: Double?
    /// How the child's grad changed.
    package var mode: Mode
    /// The exception's text, for `.error`.
    package var message: String?
    /// Where `local` came from.
    package var origin: Origin = .call

    /// Where a probe's local derivative came from (`from` in the capture).
    package enum Origin: UInt8, Sendable, Equatable {
        /// The node's `_backward`, called alone (no `from`).
        case call
        /// Read from the local derivatives the engine stored when it made the node
        /// (`"from": "_local_grads"`, or another attribute's name).
        case stored
        /// What a DeZero-style `Function.backward(gy)` returned, divided by `gy`
        /// (`"from": "backward(gy)"`).
        case returned
    }

    /// A probe of `child`.
    package init(
        child: Int, local: Double?, mode: Mode, message: String? = nil, origin: Origin = .call
    ) {
        self.child = child
        self.local = local
        self.mode = mode
        self.message = message
        self.origin = origin
    }
}

/// A number the engine stored: a double, or something that is not a number (a `Value` put into
/// `.grad` by mistake) as the text Python shows for it.
package enum EngineNumber: Sendable, Equatable {
    /// A plain number (NaN and the infinities included).
    case number(Double)
    /// Not a number at all: Python's `repr` of it.
    case notANumber(repr: String)

    /// A grad the capture does not give (a node without a `grad` member): not known, so not
    /// judged, never read as 0.
    package static let absentGrad = EngineNumber.notANumber(repr: "no grad given")

    /// The number, `nil` when it is not one.
    package var double: Double? {
        if case .number(let value) = self { value } else { nil }
    }
}

/// The nodes of one capture, a column per field, indexed by capture id: a million nodes are a
/// few flat arrays, not a million objects.
package struct CapturedNodes: Sendable {
    /// The operation string as the engine stored it; `nil` for `null` (or an absent field).
    package internal(set) var operations: [String?] = []
    /// The distinct strings of `operations`, each once.
    var operationTexts: [String?] = []
    /// Each node's operation string in `operationTexts`.
    var operationIndices: [Int32] = []
    /// The node's label or the name it was bound to, when known.
    package internal(set) var labels: [String?] = []
    /// The engine's forward value; NaN where `notNumbers` has the text.
    package internal(set) var data: [Double] = []
    /// The engine's grad after its `backward()`; NaN where `notNumbers` has the text.
    package internal(set) var grads: [Double] = []
    /// The grad at the moment `backward()` was called, where the bridge saw it.
    package internal(set) var gradsBefore: [Double?] = []
    /// Whether `children(of:)` is the order the engine was given them at creation.
    package internal(set) var ordered: [Bool] = []
    /// The files nodes name, each once; `fileIndices` points into it.
    var files: [String] = []
    /// The notebook cell of each entry of `files` (the same file may come once per cell), 0
    /// outside a notebook.
    var fileCells: [Int32] = []
    /// Each node's file in `files`, -1 where none is known.
    var fileIndices: [Int32] = []
    /// Each node's line, 0 where none is known.
    var lines: [Int32] = []
    /// The fields that held no number: `(node, field)` to the text of Python's `repr`.
    package internal(set) var notNumbers: [Field: String] = [:]
    /// The distinct methods that made nodes, each once; `makerIndices` points into it.
    var makers: [EngineMethod] = []
    /// Each node's maker in `makers`, -1 where the bridge did not see it made inside the engine.
    var makerIndices: [Int32] = []
    /// The capture id of the node that was `self` of the method that made each node, -1 where
    /// unknown.
    var selfOperands: [Int32] = []

    /// A number field of a node.
    package struct Field: Hashable, Sendable {
        /// The node's capture id.
        package var node: Int
        /// Which field.
        package var name: Name

        /// The field names that hold numbers.
        package enum Name: String, Sendable {
            /// The forward value.
            case data
            /// The grad after `backward()`.
            case grad
            /// The grad when `backward()` was called.
            case gradBefore = "grad_before"
        }
    }

    var childStarts: [Int32] = [0]
    var childIDs: [Int32] = []
    var probeStarts: [Int32] = [0]
    var probeEntries: [StoredProbe] = []
    /// The message of each `error` probe, by its index in `probeEntries`.
    var probeMessages: [Int: String] = [:]
    var probed: [Bool] = []

    /// A probe as stored: plain values, no reference to count.
    struct StoredProbe {
        var child: Int32
        var mode: Probe.Mode
        var hasLocal: Bool
        var local: Double
        var origin: Probe.Origin = .call
    }

    /// The number of nodes.
    package var count: Int { data.count }

    /// Makes room for `count` nodes of up to two children each.
    mutating func reserveCapacity(_ count: Int) {
        operations.reserveCapacity(count)
        operationIndices.reserveCapacity(count)
        labels.reserveCapacity(count)
        data.reserveCapacity(count)
        grads.reserveCapacity(count)
        gradsBefore.reserveCapacity(count)
        ordered.reserveCapacity(count)
        fileIndices.reserveCapacity(count)
        lines.reserveCapacity(count)
        makerIndices.reserveCapacity(count)
        selfOperands.reserveCapacity(count)
        childStarts.reserveCapacity(count + 1)
        childIDs.reserveCapacity(2 * count)
        probed.reserveCapacity(count)
        probeStarts.reserveCapacity(count + 1)
        probeEntries.reserveCapacity(2 * count)
    }

    /// The capture ids of the node's children, in the order the capture gives them.
    package func children(of node: Int) -> ArraySlice<Int32> {
        childIDs[Int(childStarts[node])..<Int(childStarts[node + 1])]
    }

    /// What the node's `_backward` did to each distinct child, or `nil` where it was not probed
    /// (a leaf, or a node whose `_backward` could not be found).
    package func probes(of node: Int) -> [Probe]? {
        guard probed[node] else { return nil }
        return (Int(probeStarts[node])..<Int(probeStarts[node + 1])).map(probe(at:))
    }

    /// What the node's `_backward` did to `child`, where the bridge probed it.
    package func probe(of node: Int, child: Int) -> Probe? {
        guard probed[node] else { return nil }
        for index in Int(probeStarts[node])..<Int(probeStarts[node + 1])
        where probeEntries[index].child == child {
            return probe(at: index)
        }
        return nil
    }

    /// The engine method that made the node, where the bridge saw it made inside the engine.
    package func maker(of node: Int) -> EngineMethod? {
        let index = makerIndices[node]
        return index >= 0 ? makers[Int(index)] : nil
    }

    /// The child that was `self` in the method that made the node, when known.
    package func selfOperand(of node: Int) -> Int? {
        let id = selfOperands[node]
        return id >= 0 ? Int(id) : nil
    }

    /// The user's source line that created the node, when known.
    package func location(of node: Int) -> SourceLocation? {
        let file = fileIndices[node]
        guard file >= 0, lines[node] > 0 else { return nil }
        let cell = fileCells[Int(file)]
        return SourceLocation(
            file: files[Int(file)], line: Int(lines[node]), cell: cell > 0 ? Int(cell) : nil)
    }

    /// The stored probe of `child` by the node's `_backward`, where the bridge probed it: as
    /// `probe(of:child:)`, without its message.
    func storedProbe(of node: Int, child: Int) -> StoredProbe? {
        guard probed[node] else { return nil }
        for index in Int(probeStarts[node])..<Int(probeStarts[node + 1])
        where probeEntries[index].child == child {
            return probeEntries[index]
        }
        return nil
    }

    private func probe(at index: Int) -> Probe {
        let stored = probeEntries[index]
        return Probe(
            child: Int(stored.child), local: stored.hasLocal ? stored.local : nil,
            mode: stored.mode, message: probeMessages[index], origin: stored.origin)
    }

    /// The node's forward value as the engine stored it.
    package func engineData(of node: Int) -> EngineNumber {
        number(data[node], Field(node: node, name: .data))
    }

    /// The node's grad after `backward()` as the engine stored it.
    package func engineGrad(of node: Int) -> EngineNumber {
        number(grads[node], Field(node: node, name: .grad))
    }

    private func number(_ value: Double, _ field: Field) -> EngineNumber {
        if value.isNaN, let text = notNumbers[field] { return .notANumber(repr: text) }
        return .number(value)
    }
}
