import AgScript
import ArgumentParser
import Foundation
import GraphGenerators

/// `autograd-bench`: how long each phase takes on big graphs, and how much memory.
@main
struct AutogradBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autograd-bench",
        abstract: "Measure autograd-tui's phases on graphs of 10³ to 10⁶ nodes.",
        discussion: """
            Without arguments, runs the standard suite: chain, wide and mlp graphs of 10³, \
            10⁴, 10⁵ and 10⁶ nodes, each in a fresh process so peak memory is its own, and \
            prints a table per shape (median of several runs, ns per node, peak memory).

            Build it in release mode:
              swift run -c release autograd-bench
              swift run -c release autograd-bench --json > bench.json
              swift run -c release autograd-bench demos/mlp.ag
              swift run -c release autograd-bench --generate wide 1000000 > big.ag

            Exit status: 0 success, 64 bad usage, 65 errors in the .ag file (diagnostics on \
            standard error), 66 a file that cannot be read.
            """)

    @Argument(help: "An .ag file to measure instead of the standard suite.")
    var file: String?

    @Option(
        help: ArgumentHelp(
            "Write a generated graph as .ag text: chain, wide or mlp.", valueName: "shape"))
    var generate: String?

    @Option(
        parsing: .upToNextOption,
        help: "Sizes for the suite (--nodes 10000 1000000), or the size to generate.")
    var nodes: [Int] = [1_000, 10_000, 100_000, 1_000_000]

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(help: .hidden)
    var child: String?

    func run() throws {
        if let generate {
            guard let shape = GraphShape(rawValue: generate) else {
                throw ValidationError("unknown shape '\(generate)': chain, wide or mlp")
            }
            let count = file.flatMap { Int($0) } ?? nodes.last ?? 1_000_000
            FileHandle.standardOutput.write(Data(GraphGenerator.source(shape, nodes: count).utf8))
            return
        }
        if let child {
            // One measurement in this fresh process; the parent reads the JSON.
            let parts = child.split(separator: ":")
            let bytes: [UInt8]
            if parts.count == 2, let shape = GraphShape(rawValue: String(parts[0])),
                let count = Int(parts[1])
            {
                bytes = Array(GraphGenerator.source(shape, nodes: count).utf8)
            } else {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: child)))
            }
            let runs = bytes.count > 5_000_000 ? 3 : 5
            let result = try measure(bytes, name: child, runs: runs)
            FileHandle.standardOutput.write(try JSONEncoder().encode(result))
            return
        }
        if let file {
            // Say what is wrong with the file here, as autograd-tui does, not as a failed child.
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(
                    Data(
                        "autograd-bench: cannot read '\(file)': no such file, or not readable\n"
                            .utf8))
                throw ExitCode(66)
            }
            do {
                _ = try ScriptReader.read(Array(data), path: file)
            } catch {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(65)
            }
        }
        let targets =
            file.map { [$0] }
            ?? GraphShape.allCases.flatMap { shape in nodes.map { "\(shape.rawValue):\($0)" } }
        var results: [GraphResult] = []
        for target in targets {
            if !json { FileHandle.standardError.write(Data("measuring \(target)…\n".utf8)) }
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
