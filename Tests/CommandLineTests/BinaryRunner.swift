import Foundation

/// Runs the built `autograd-tui` (or `autograd-bench`) binary, as a user would from the
/// package's root.
enum BinaryRunner {
    /// What a run printed and how it ended.
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// The package's root folder, where `demos/` is.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The debugger's binary, built beside the test bundle.
    static var binary: URL { binary(named: "autograd-tui") }

    /// The executable `name`, built beside the test bundle.
    static func binary(named name: String) -> URL {
        let testBinary =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // On macOS the test binary sits inside an .xctest bundle.
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS"
            || folder.lastPathComponent == "Contents"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent(name)
    }

    /// Runs `program` with `arguments`, feeding it `input` on standard input; output goes
    /// through files, so a large output cannot fill a pipe and stall the run.
    static func run(
        _ arguments: [String], input: String = "", program: String = "autograd-tui"
    ) throws -> Result {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("autograd-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin")
        let outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        try Data(input.utf8).write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL =
            program.hasPrefix("/") ? URL(fileURLWithPath: program) : binary(named: program)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outputFile, encoding: .utf8),
            standardError: try String(contentsOf: errorFile, encoding: .utf8))
    }

    /// Runs `command` with `/bin/sh -c` from the package's root, `$0` being the built
    /// autograd-tui: for redirections the runner cannot make, such as `>&-` or `> /dev/full`.
    static func runShell(_ command: String) throws -> Result {
        try run(["-c", command, binary.path], program: "/bin/sh")
    }

    /// Writes `text` to a temporary `.ag` file and returns its path.
    static func temporaryScript(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("autograd-tui-\(UUID().uuidString).ag").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
