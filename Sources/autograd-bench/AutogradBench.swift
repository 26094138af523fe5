import AgScript
import ArgumentParser
import AutogradCommandLine
import Foundation
import GraphGenerators

/// `autograd-bench`: how long each phase takes on big graphs, and how much memory.
@main
struct AutogradBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autograd-bench",
        abstract: "Measure autograd-tui's phases on graphs of 10³ to 10⁶ nodes.",
        discussion: """
            Build it in release mode:
              swift run -c release autograd-bench
              swift run -c release autograd-bench --json > bench.json
              swift run -c release autograd-bench demos/mlp.ag
              swift run -c release autograd-bench generate wide --nodes 1000000 > big.ag
              swift run -c release autograd-bench keys step.json

            Exit status:
            \(ExitStatus.helpTable([.success, .usage, .dataError, .noInput]))
            """,
        subcommands: [Measure.self, Generate.self, KeyTimes.self],
        defaultSubcommand: Measure.self)
}

extension GraphShape: ExpressibleByArgument {}

/// `autograd-bench generate SHAPE --nodes N`: a generated graph as `.ag` text, or as the
/// capture a correct Python engine would give of it.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a generated graph as .ag text (or, with --capture, as a capture document) on standard output."
    )

    @Argument(help: "The shape: chain, wide or mlp.")
    var shape: GraphShape

    @Option(help: "About how many nodes.")
    var nodes = 1_000_000

    @Flag(help: "Write the capture (autograd-capture/1) a correct engine would give instead.")
    var capture = false

    func run() throws {
        var output = StandardOutput()
        let source = GraphGenerator.source(shape, nodes: nodes)
        if capture {
            let script = try ScriptReader.read(source, path: "generated.ag")
            output.write(
                String(
                    decoding: CaptureText.document(of: script.graph, root: script.root),
                    as: UTF8.self))
        } else {
            output.write(source)
        }
        try output.finish(program: "autograd-bench")
    }
}

/// `autograd-bench [FILE]`: the standard suite, or one file, each in a fresh process.
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure every phase (the default).",
        discussion: """
            Without a file, runs the standard suite: chain, wide and mlp graphs of 10³, 10⁴, \
            10⁵ and 10⁶ nodes, each in a fresh process so peak memory is its own, and prints \
            a table per shape (median of several runs, ns per node, peak memory).
            """)

    @Argument(help: "An .ag file to measure instead of the standard suite.")
    var file: String?

    @Option(
        parsing: .upToNextOption, help: "Sizes for the suite (--nodes 10000 1000000).")
    var nodes: [Int] = [1_000, 10_000, 100_000, 1_000_000]

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(help: .hidden)
    var child: String?

    func run() throws {
        if let child {
            // One measurement in this fresh process; the parent reads the JSON.
            let result = try measure(try Self.source(of: child), name: child)
            FileHandle.standardOutput.write(try JSONEncoder().encode(result))
            return
        }
        if let file {
            // Say what is wrong with the file here, as autograd-tui does, not as a failed child.
            _ = try Self.source(of: file)
        }
        let targets =
            file.map { [$0] }
            ?? GraphShape.allCases.flatMap { shape in nodes.map { "\(shape.rawValue):\($0)" } }
        var results: [GraphResult] = []
        for target in targets {
            if !json { writeToStandardError("measuring \(target)…\n") }
            results.append(try runChild(target))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(results) + Data("\n".utf8))
        } else {
            print(Report.tables(results))
        }
    }

    /// The bytes of `target`: a generated graph (`wide:1000000`) or a file, read and checked
    /// as autograd-tui reads and checks it, with its messages and exit statuses.
    private static func source(of target: String) throws -> [UInt8] {
        let parts = target.split(separator: ":")
        if parts.count == 2, let shape = GraphShape(rawValue: String(parts[0])),
            let count = Int(parts[1])
        {
            return Array(GraphGenerator.source(shape, nodes: count).utf8)
        }
        return try ScriptInput.read(target, program: "autograd-bench").input.bytes
    }

    private func runChild(_ target: String) throws -> GraphResult {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-\(UUID().uuidString).json")
        try Data().write(to: output)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL?.path ?? "") {
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        process.arguments = ["--child", target]
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("measuring \(target) failed")
        }
        return try JSONDecoder().decode(GraphResult.self, from: Data(contentsOf: output))
    }
}
