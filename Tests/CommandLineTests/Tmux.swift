import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A tmux session running a shell, driven like a person at a terminal: type keys, read the
/// screen. Output of tmux itself goes to files, never pipes: the tmux server inherits them,
/// so reading a pipe to its end would never return.
struct Tmux {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name = "autograd-e2e-\(UUID().uuidString.prefix(8))"
    /// Each session gets its own server. With one shared server, killing the last session
    /// makes the server exit, and a session started in that moment reaches the exiting
    /// server and fails.
    var socket: String { name }

    /// Starts a `width` × `height` session running a plain shell in the package's root.
    init(width: Int, height: Int) throws {
        try run([
            "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
            "-c", BinaryRunner.packageRoot.path,
            "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no bash --norc --noprofile",
        ])
    }

    /// Ends the session and its server, and removes the server's socket, which tmux leaves.
    func kill() {
        _ = try? run(["kill-server"])
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(directory)/tmux-\(getuid())/\(socket)")
    }

    /// Types `keys` (tmux key names such as `Enter`, `C-c`, or literal text).
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", name] + keys)
    }

    /// Types a shell command and Enter.
    func type(_ command: String) throws {
        try run(["send-keys", "-t", name, "-l", command])
        try run(["send-keys", "-t", name, "Enter"])
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The screen as text; with `escapes`, with attributes as escape sequences.
    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Waits until the screen satisfies `condition` and has stopped changing, up to `seconds`;
    /// returns the screen.
    ///
    /// A redraw reaches tmux in pieces, so a screen caught mid-redraw can show the new title
    /// over the old rows: the screen counts only once two captures 50 ms apart agree.
    @discardableResult
    func waitFor(
        _ what: String, seconds: Double = 20, escapes: Bool = false, _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        var previous: String?
        while Date() < deadline {
            last = try screen(escapes: escapes)
            if condition(last), last == previous { return last }
            previous = condition(last) ? last : nil
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(last)")
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20) throws -> String {
        try waitFor("'\(text)'", seconds: seconds) { $0.contains(text) }
    }

    /// Runs one tmux client command and returns what it printed.
    ///
    /// Spawned with `posix_spawnp` and reaped with `waitpid`: Foundation's `Process` waits
    /// on a descriptor that the tmux server, forked from the first client, inherits and keeps
    /// open, so its `waitUntilExit` would never return.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tmux-\(UUID().uuidString)"
        ).path
        let errors = output + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: errors)
        }
        let argv = ["tmux", "-L", socket] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The server forks from the first client: it must hold none of the test run's pipes.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // A plain signal state, as a shell would give: the test runner's threads block
        // signals, and a blocked SIGWINCH would reach neither tmux nor the debugger.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        setPlainSignalState(&attributes)
        var pid: pid_t = 0
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot start tmux: error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        guard exited, (status >> 8) & 0xFF == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(
                description: "tmux \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
