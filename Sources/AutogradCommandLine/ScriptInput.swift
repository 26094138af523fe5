import AgScript
import ArgumentParser
import AutogradProgram

/// Reads the `.ag` file named on the command line, as autograd-tui and autograd-bench both
/// do: a file that cannot be read is reported as `PROGRAM: cannot read …` and exits 66; one
/// with errors prints its diagnostics on standard error and exits 65.
package enum ScriptInput {
    /// The file at `path` (`-` for standard input) and the script read from it; on failure,
    /// the message is written and the `ExitCode` to exit with is thrown.
    package static func read(_ path: String, program: String) throws -> (
        input: InputFile, script: Script
    ) {
        let input: InputFile
        do {
            input = try InputFile(path: path)
        } catch {
            writeToStandardError("\(program): \(error.message)\n")
            throw ExitCode(.noInput)
        }
        do {
            return (input, try ScriptReader.read(input.bytes, path: input.displayName))
        } catch {
            writeToStandardError(error.description)
            throw ExitCode(.dataError)
        }
    }
}
