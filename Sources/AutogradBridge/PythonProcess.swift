#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts an interpreter and waits for it, as `system()` does: the caller ignores Ctrl-C and
/// Ctrl-\ while it runs (they reach the script, which then reports them as Python does), and
/// the child gets them back at their defaults.
enum PythonProcess {
    /// How the process ended.
    enum Ending: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
    }

    /// Runs `arguments` (the first found on `PATH` when it has no slash) with `environment`,
    /// its standard output and error sent to `output` and `errors`.
    static func run(
        _ arguments: [String], environment: [String], output: Int32, errors: Int32
    ) throws(BridgeError) -> Ending {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        if output != STDOUT_FILENO { posix_spawn_file_actions_adddup2(&actions, output, 1) }
        if errors != STDERR_FILENO { posix_spawn_file_actions_adddup2(&actions, errors, 2) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, previousInterrupt)
            signal(SIGQUIT, previousQuit)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        guard let program = argv.first ?? nil else {
            throw .noInterpreter("no interpreter to run")
        }
        var pid = pid_t()
        let started = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard started == 0 else {
            let reason = String(cString: strerror(started))
            throw .noInterpreter(
                "cannot run \(arguments[0]): \(reason); a .py file needs Python 3.9 or later "
                    + "(python3 on PATH, or set AUTOGRAD_TUI_PYTHON)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(127) }
        }
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .signalled(status & 0x7F)
    }
}
