import AgScript
import AutogradCapture
import AutogradEngine
import AutogradProgram
import AutogradScreen
import GraphGenerators

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One measured phase: the median over runs.
struct PhaseResult: Codable {
    let phase: String
    let medianNanoseconds: Double
}

/// What one graph measured: its size, each phase, and peak memory.
struct GraphResult: Codable {
    let name: String
    let nodes: Int
    let phases: [PhaseResult]
    /// The peak of the debugger's own work, measured first in a fresh process: open the file
    /// (read, order, history, layout), draw a frame, take every key.
    let debuggerPeakBytes: Int
    /// The peak of the whole measuring process, which also keeps what the allocator did not
    /// give back from earlier phases.
    let peakBytes: Int

    func nanoseconds(_ phase: String) -> Double? {
        phases.first { $0.phase == phase }?.medianNanoseconds
    }
}

/// The phases of the standard suite, in order, as the issue names them.
enum Phase {
    static let read = "read+forward"
    static let readErrors = "read, half errors"
    static let backward = "order+backward"
    static let stepping = "step all, back to 0"
    static let layout = "DAG layout"
    static let screen = "screen 200x60"
    static let key = "key press (max)"
    static let hardKey = "key + frame, hard cases"
    static let fold = "group by line (on open)"
    static let foldedKey = "key press, folded (max)"
    static let search = "search, no match"
    static let open = "open to first frame"
    static let capture = "open capture"
    static let all = [
        read, readErrors, backward, stepping, layout, screen, key, fold, foldedKey, hardKey,
        search, open, capture,
    ]
}

/// Measures every phase on `bytes`, 5 times each (3 for files over 5 MB), reporting medians.
func measure(_ bytes: [UInt8], name: String) throws -> GraphResult {
    let runs = bytes.count > 5_000_000 ? 3 : 5
    var phases: [PhaseResult] = []
    func record(_ phase: String, _ samples: [Duration]) {
        let sorted = samples.map {
            Double($0.components.seconds) * 1e9 + Double($0.components.attoseconds) / 1e9
        }.sorted()
        phases.append(PhaseResult(phase: phase, medianNanoseconds: sorted[sorted.count / 2]))
    }
    let clock = ContinuousClock()
    let screen = Screen()

    let keys: [Command] = [
        .stepForward, .stepBack, .moveSelection(by: 1), .pageDown, .runToEnd, .restart,
    ]

    // First, what the debugger does on opening a file, before anything else is kept.
    var debugger: Session?
    record(
        Phase.open,
        try (0..<max(1, runs / 2)).map { _ in
            debugger = nil
            return try clock.measure {
                let opened = try ScriptReader.read(bytes, path: name)
                let first = Session(.script(opened), width: 200, height: 60)
                _ = screen.render(first, width: 200, height: 60)
                debugger = first
            }
        })
    // The debugger's peak: that open, then every key once, before the other phases run.
    for key in keys { debugger?.apply(key) }
    if let debugger { _ = screen.render(debugger, width: 200, height: 60) }
    let debuggerPeakBytes = peakResidentBytes()
    debugger = nil

    // Each run drops the previous script first, so two are never alive together.
    var kept: Script?
    record(
        Phase.read,
        try (0..<runs).map { _ in
            kept = nil
            return try clock.measure { kept = try ScriptReader.read(bytes, path: name) }
        })
    guard let script = kept else { throw CancellationError() }
    let graph = script.graph
    let root = script.root

    record(
        Phase.backward,
        (0..<runs).map { _ in
            clock.measure {
                _ = graph.backward(from: root, order: graph.topologicalOrder(from: root))
            }
        })

    // As in the debugger, the order is computed once (measured above) and shared.
    let order = graph.topologicalOrder(from: root)
    record(
        Phase.stepping,
        (0..<runs).map { _ in
            clock.measure {
                // Made anew each run: making it records the history, which this phase includes.
                var stepper = BackwardStepper(graph: graph, root: root, order: order)
                stepper.advance(by: .max)
                stepper.retreat(by: .max)
            }
        })

    record(
        Phase.layout,
        (0..<runs).map { _ in
            clock.measure { _ = DagLayout(graph: graph, order: order, laneBudget: 16) }
        })

    var session = Session(.script(script), width: 200, height: 60)
    var frames: [Duration] = []
    for position in [0, session.stepper.finalStep / 2, session.stepper.finalStep] {
        session.apply(.restart)
        for _ in 0..<min(position, 3) { session.apply(.stepForward) }
        if position > 3 { session.apply(.runToEnd) }
        frames += (0..<runs).map { _ in
            clock.measure { _ = screen.render(session, width: 200, height: 60) }
        }
    }
    record(Phase.screen, frames)

    var worst: [Duration] = []
    for _ in 0..<runs {
        var slowest = Duration.zero
        for command in keys {
            slowest = max(slowest, clock.measure { session.apply(command) })
        }
        worst.append(slowest)
    }
    record(Phase.key, worst)

    // The nodes grouped by line, as opening a file does, then every key folded: `z`, the same
    // keys, opening and closing the selected line's fold, and `z` back.
    record(
        Phase.fold,
        (0..<runs).map { _ in
            clock.measure {
                _ = SourceFolds(script: script, rows: session.layout.rows, stepper: session.stepper)
            }
        })
    worst = []
    for _ in 0..<runs {
        var slowest = Duration.zero
        for command in [.toggleFolding] + keys + [
            .runToSelected, .pageDown, .closeFold, .toggleFolding,
        ] {
            slowest = max(slowest, clock.measure { session.apply(command) })
        }
        worst.append(slowest)
    }
    record(Phase.foldedKey, worst)

    // A search that matches nothing reads every label: the one key whose work is the graph's.
    record(
        Phase.search,
        (0..<runs).map { _ in
            session.apply(.beginSearch)
            for character in "no such name" { session.apply(.typeInSearch(character)) }
            return clock.measure { session.apply(.submitSearch) }
        })

    // The whole run's peak is taken here, before the two phases below make graphs of their
    // own that the debugger never holds beside this one.
    let wholeRunPeakBytes = peakResidentBytes()

    // As many lines, every second one an error: what a file of mistakes costs to read.
    let erroneous = Array(GraphGenerator.undefinedNames(lines: script.source.lineCount).utf8)
    record(
        Phase.readErrors,
        (0..<runs).map { _ in
            clock.measure { _ = try? ScriptReader.read(erroneous, path: name) }
        })

    // The slowest key and frame where the screen's work could grow with the graph: a leaf with
    // as many users as the graph has nodes, selected, and a label of 50 bytes a node.
    var hard: [Duration] = []
    for source in [
        GraphGenerator.sharedLeaf(uses: graph.count),
        GraphGenerator.longLabel(bytes: 50 * graph.count),
    ] {
        var session = Session(
            .script(try ScriptReader.read(Array(source.utf8), path: name)), width: 200, height: 60)
        let graph = session.script.graph
        if let leaf = session.layout.rows.firstIndex(where: {
            graph.isLeaf($0) && graph.label(of: $0) != nil
        }) {
            session.apply(.selectRow(leaf))
        }
        for command in [Command.stepForward, .stepBack, .runToEnd, .stepBack, .stepForward] {
            hard.append(
                clock.measure {
                    session.apply(command)
                    _ = screen.render(session, width: 200, height: 60)
                })
        }
    }
    record(Phase.hardKey, [hard.max() ?? .zero])

    // The same graph as a correct Python engine's capture: read, replayed and judged, as
    // `autograd-tui run.json` does before its first frame.
    let capture = CaptureText.document(of: graph, root: root)
    record(
        Phase.capture,
        try (0..<runs).map { _ in
            try clock.measure {
                let document = try CaptureReader.read(capture, path: "bench.json")
                let run = try CapturedRun(
                    document: document, number: nil, path: "bench.json", readSource: { _ in nil })
                guard run.review.verdict.kind == .none else { throw CancellationError() }
            }
        })

    return GraphResult(
        name: name, nodes: graph.count, phases: phases, debuggerPeakBytes: debuggerPeakBytes,
        peakBytes: wholeRunPeakBytes)
}

/// The most memory this process has had resident so far.
private func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}
