import ArgumentParser

/// How autograd-tui and autograd-bench end, as `sysexits.h` numbers them: the one table of
/// exit statuses, which the programs exit with and their `--help` lists.
package enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Everything worked.
    case success = 0
    /// A gradient check found a mismatch, or a captured engine's verdict is not `none`.
    case checkFailed = 1
    /// A captured engine agrees wherever it could be judged, but part of its graph could not
    /// be (an operation nothing identifies, children in an order the data does not tell): no
    /// clean bill, and no accusation either.
    case partlyJudged = 2
    /// Bad usage: unknown options, a missing file argument, or the debugger without a
    /// terminal.
    case usage = 64
    /// The input has errors; the diagnostics are on standard error. For a Python script: it
    /// called no `backward()`, however it ended (one that raised or exited with an error after
    /// some calls has them judged, and exits as the mode does), or the bridge wrote nothing.
    case dataError = 65
    /// The input file cannot be read.
    case noInput = 66
    /// A Python script was given and no interpreter could be started, or only one older
    /// than Python 3.9.
    case unavailable = 69
    /// Writing the output failed (a full disk, a closed standard output), or reading keys
    /// did.
    case ioError = 74

    /// What the status means, for `--help`.
    package var meaning: String {
        switch self {
        case .success: "success"
        case .checkFailed:
            "a failed gradient check or assert; for a capture, a verdict other than none"
        case .partlyJudged:
            "for a capture: your engine agrees wherever it could be judged, but part of its "
                + "graph could not be (the output says which part and why)"
        case .usage: "bad usage; for autograd-tui also the debugger without a terminal"
        case .dataError:
            "errors in the input: .ag diagnostics, a capture that cannot be read, or a Python "
                + "script that called no backward() (a script that raised or exited with an "
                + "error after some calls has them judged, and exits as the mode does)"
        case .noInput: "a file that cannot be read (a folder, a device, a file over 2 GiB)"
        case .unavailable:
            "a .py file and no Python 3.9 or later to run it (python3, $AUTOGRAD_TUI_PYTHON)"
        case .ioError: "the output could not be written, or the terminal went away"
        }
    }

    /// What the debugger exits with when a signal ends it, for `--help`: 128 + the signal's
    /// number, as a shell reports it.
    package static let signalNote = """
          128+N  ended by signal N (129 SIGHUP, 130 SIGINT, 131 SIGQUIT, 143 SIGTERM, and every
                 other signal that ends a program); a signal while a script runs is passed on
                 to it: on SIGINT (Ctrl-C) its captures are judged, then 130
        """

    /// The statuses as a table for `--help`: `  65  errors in the .ag input …`, one a line.
    package static func helpTable(_ statuses: [ExitStatus]) -> String {
        statuses.map { status in
            let code = String(status.rawValue)
            return "  " + code + String(repeating: " ", count: 4 - code.count) + status.meaning
        }.joined(separator: "\n")
    }
}

extension ExitCode {
    /// The exit code of `status`.
    package init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }
}
