import Foundation
import PackagePlugin

/// Embeds the Python bridge (`python/autograd_tui/*.py`) into the target that uses this
/// plugin, as a generated Swift file: the bridge's source exists once, in `python/`, and the
/// built binary carries it wherever it is copied.
@main
struct EmbedBridge: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "python/autograd_tui")
        let files = try FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "py" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedBridge.swift")
        return [
            .buildCommand(
                displayName: "Embedding the Python bridge (\(files.count) files)",
                executable: try context.tool(named: "embed-bridge").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
