import AgScript
import ArgumentParser
import AutogradBridge
import AutogradCapture
import AutogradCommandLine
import AutogradEngine
import AutogradProgram
import AutogradReports
import AutogradText

/// The `autograd-tui` command: the step-through debugger, or one of the batch modes.
@main
struct AutogradTUI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autograd-tui",
        abstract: "Step through backpropagation, one node's _backward at a time.",
        discussion: """
            FILE is an .ag script (the expression subset of Python that micrograd code \
            uses), or your own engine's Python script (.py) or Jupyter notebook (.ipynb), run \
            unchanged with every backward() call recorded, or a capture (.json) of one. Without a mode flag, the \
            interactive debugger opens on it: n steps, p steps back, ? lists every key, q \
            quits. On a .py script or a capture, each node's grad is shown beside your \
            engine's, and --check names the first _backward that is wrong.

            Examples:
              autograd-tui demos/chain.ag            the debugger
              autograd-tui --json demos/chain.ag     the trace as JSON (autograd-trace/1)
              autograd-tui --trace demos/chain.ag    every backward step as text
              autograd-tui --dot demos/chain.ag | dot -Tsvg > chain.svg
              autograd-tui --check demos/mlp.ag      analytic vs numeric gradients
              autograd-tui --stats demos/mlp.ag      sizes and timings
              echo 'y = tanh(2.0 * x)' | autograd-tui --trace -   (errors: x is undefined)
              autograd-tui examples/bug_tanh_local.py   your engine in the debugger
              autograd-tui --check train.py -- --epochs 3   which _backward is wrong

            Exit status:
            \(ExitStatus.helpTable(ExitStatus.allCases))
            \(ExitStatus.signalNote)
            """,
        version: "autograd-tui 0.1.0"
    )

    @Flag(exclusivity: .exclusive, help: "A batch mode instead of the debugger.")
    var mode: BatchMode?

    @Argument(
        help:
            "The .ag file, a Python script (.py), a notebook (.ipynb), a capture (.json), or - for standard input."
    )
    var file: String

    @Option(
        name: .customLong("capture"),
        help: ArgumentHelp(
            "Which backward() call of a script or capture to open, counted from 1 (default: the last).",
            valueName: "N"))
    var captureNumber: Int?

    @Option(
        help: ArgumentHelp(
            "How many backward() calls of a script keep their whole graph (default 20: the first, then, chosen before each call, every call while the graphs are small, every 32nd or sparser after); every call keeps its loss.",
            valueName: "N"))
    var keep: Int?

    @Option(
        help: ArgumentHelp(
            "Write the capture of a Python script to this file, however the script ended.",
            valueName: "OUT.json"))
    var saveCapture: String?

    @Option(
        name: .customLong("role"),
        help: ArgumentHelp(
            "For a Python script whose engine is not recognised: the attribute ATTR of its value class plays the role NAME (\(RoleBinding.Role.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.",
            valueName: "NAME=ATTR"))
    var roles: [String] = []

    @Argument(parsing: .postTerminator, help: "After --: the Python script's own arguments.")
    var scriptArguments: [String] = []

    @Option(
        name: .customLong("train"),
        help: ArgumentHelp(
            "Run N epochs of the file's training loop (its w.data += ... updates) and print the loss of each, the parameters after them and the loss curve; with --json, as fields of the trace; with --debugger, E in the debugger runs N epochs.",
            valueName: "N"))
    var trainEpochs: Int?

    @Flag(help: "With --trace, the forward pass too: each value computed from its inputs.")
    var forward = false

    @Flag(
        help:
            "With --check on a script or capture, every disagreement too, not only each cause and its first places."
    )
    var all = false

    @Flag(help: "Open the debugger even with --train (whose N is then what E runs).")
    var debugger = false

    @Flag(help: "Draw the debugger in pure ASCII instead of Unicode box drawing.")
    var ascii = false

    @Flag(help: "No colors in the debugger, only bold, dim, underline and reverse (as NO_COLOR=1).")
    var noColor = false

    /// `--train` on your own engine's script or capture, which has no updates of its own.
    static let trainOnCapture = ValidationError(
        "--train runs an .ag file's training loop; your script trains itself, and each of its backward() calls is a capture (--capture N, or [ and ] in the debugger)"
    )

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
        if let trainEpochs, trainEpochs < 1 {
            throw ValidationError("--train needs at least 1 epoch")
        }
        if trainEpochs != nil, OpenedInput.isRunnable(file) || file.lowercased().hasSuffix(".json")
        {
            // Refused before a script runs for nothing.
            throw Self.trainOnCapture
        }
        if let trainEpochs, trainEpochs > TrainReport.maximumEpochs {
            throw ValidationError("--train runs at most \(TrainReport.maximumEpochs) epochs")
        }
        if trainEpochs != nil, let mode, mode != .json {
            throw ValidationError("--train prints its own report; it combines with --json only")
        }
        if debugger, mode != nil {
            throw ValidationError("--debugger opens the debugger: no batch mode with it")
        }
        if forward, mode != .trace { throw ValidationError("--forward goes with --trace") }
        if all, mode != .check { throw ValidationError("--all goes with --check") }
        if debugger, trainEpochs == nil { throw ValidationError("--debugger goes with --train N") }
        if let captureNumber, captureNumber < 1 {
            throw ValidationError("--capture counts from 1")
        }
        if !scriptArguments.isEmpty, !OpenedInput.isRunnable(file) {
            throw ValidationError(
                "arguments after -- are for a Python script (.py) or a notebook (.ipynb)")
        }
        if !roles.isEmpty, !OpenedInput.isRunnable(file) {
            throw ValidationError(
                "--role is for a Python script (.py) or a notebook (.ipynb), whose engine it names"
            )
        }
        _ = try roleBindings()
    }

    /// The `--role` options, read and checked; a wrong one is a usage error.
    private func roleBindings() throws(ValidationError) -> [RoleBinding] {
        do throws(RoleError) {
            let bindings = try roles.map { (text) throws(RoleError) in
                try RoleBinding(parsing: text)
            }
            try RoleBinding.validate(bindings)
            return bindings
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        TerminalGuard.installEndingHandlers()
        // The debugger's terminal is checked before a script runs for nothing.
        if mode == nil, trainEpochs == nil || debugger { try Debugger.requireTerminal() }
        let start = ContinuousClock.now
        let input = try OpenedInput.load(
            file,
            options: .init(
                number: captureNumber, keep: keep, savePath: saveCapture,
                scriptArguments: scriptArguments, holdsOutput: mode == nil,
                roles: roleBindings()))
        let readTime = ContinuousClock.now - start
        let script = input.script
        // A capture read from standard input is known only now.
        if trainEpochs != nil, case .capture = input { throw Self.trainOnCapture }
        if trainEpochs != nil, script.updates.isEmpty {
            throw ValidationError(
                "--train: \(NodeNames.printable(script.path)) has no updates to train with; add one such as w.data += -0.05 * w.grad (after the backward statement)"
            )
        }
        if let trainEpochs, mode == nil, !debugger {
            var output = StandardOutput()
            let failed = TrainReport.write(script, epochs: trainEpochs, ascii: ascii, to: &output)
            try output.finish(program: "autograd-tui")
            if failed > 0 { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        guard let mode else {
            let status = Debugger.run(
                input, ascii: ascii, noColor: noColor, epochsPerRun: trainEpochs)
            if case .capture(_, let ran) = input { ran.held.show() }
            if let signal = input.interruption { throw ExitCode(128 + signal) }
            if status != .success { throw ExitCode(status) }
            return
        }
        var output = StandardOutput()
        var status = ExitStatus.success
        switch (mode, input) {
        case (.json, .capture(let run, _)): TraceJSON.write(run, to: &output)
        case (.json, _): TraceJSON.write(script, epochs: trainEpochs, to: &output)
        case (.trace, .capture(let run, _)): TraceText.write(run, to: &output)
        case (.trace, _): TraceText.write(script, forward: forward, to: &output)
        case (.dot, .capture(let run, _)): DotGraph.write(run, to: &output)
        case (.dot, _): DotGraph.write(script, to: &output)
        case (.check, .capture(let run, _)):
            switch CaptureCheckReport.write(run, all: all, to: &output) {
            case .agrees: break
            case .agreesWhereJudged: status = .partlyJudged
            case .disagrees: status = .checkFailed
            }
        case (.check, _):
            let mismatching = CheckReport.write(script, to: &output).mismatching
            let failed = ExpectationReport.write(script, to: &output)
            if mismatching + failed > 0 { status = .checkFailed }
        case (.stats, _): writeStats(script, readTime: readTime, to: &output)
        }
        try output.finish(program: "autograd-tui")
        if let signal = input.interruption { throw ExitCode(128 + signal) }
        if status != .success { throw ExitCode(status) }
    }

    private func writeStats(_ script: Script, readTime: Duration, to output: inout StandardOutput) {
        let clock = ContinuousClock()
        var graph = script.graph
        let forwardTime = clock.measure { graph.evaluate() }
        var order: [NodeID] = []
        let orderTime = clock.measure { order = graph.topologicalOrder(from: script.root) }
        let backwardTime = clock.measure { _ = graph.backward(from: script.root, order: order) }
        StatsReport.write(
            script, order: order,
            timings: .init(
                read: readTime, forward: forwardTime, order: orderTime, backward: backwardTime),
            to: &output)
    }
}

/// The modes that write text instead of opening the debugger.
enum BatchMode: String, EnumerableFlag {
    case json
    case trace
    case dot
    case check
    case stats

    static func help(for value: BatchMode) -> ArgumentHelp? {
        switch value {
        case .json: "Print the trace document (autograd-trace/1): nodes, order, every step."
        case .trace: "Print each backward step as text: local × upstream for every input."
        case .dot:
            "Print Graphviz DOT, a record (label | data | grad) per value; render with dot -Tsvg."
        case .check:
            "Check every input's gradient against a numerical derivative; exit 1 on a mismatch."
        case .stats: "Print node, leaf, edge and step counts, the root value, and phase timings."
        }
    }
}
