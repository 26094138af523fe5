#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts an interpreter and owns it until it ends. While it runs, every signal that would end
/// this program (`EndingSignals.all`) is caught: SIGINT, SIGQUIT, SIGTERM or SIGHUP sent to
/// this process by another (`kill`) is passed on to the interpreter, one the terminal sent
/// (Ctrl-C, Ctrl-\, a hang-up) has reached it already, the others are passed on as SIGTERM;
/// the interpreter is waited for, so it is never left running, and the signal is reported in
/// `Run.signal`. A third signal kills it.
enum PythonProcess {
    /// How the process ended.
    enum Ending: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
    }

    /// How the process ended, and the first ending signal this process received meanwhile.
    struct Run: Equatable {
        /// How the interpreter ended.
        var ending: Ending
        /// The signal that asked this process to end while the interpreter ran, if one did.
        var signal: Int32?
    }

    /// The signals passed on to the interpreter: every ending signal.
    static let forwarded = EndingSignals.all

    // Written by the signal handler: plain words, read only after the interpreter ended.
    private nonisolated(unsafe) static var child: pid_t = 0
    private nonisolated(unsafe) static var received: Int32 = 0
    private nonisolated(unsafe) static var receivedCount: Int32 = 0

    /// Runs `arguments` (the first found on `PATH` when it has no slash) with `environment`,
    /// its standard output and error sent to `output` and `errors`; its standard input is
    /// this process's, or `/dev/null` with `noInput` (where a prompt would not be seen, an
    /// `input()` then ends the script with EOFError instead of waiting unseen).
    static func run(
        _ arguments: [String], environment: [String], output: Int32, errors: Int32,
        noInput: Bool = false
    ) throws(BridgeError) -> Run {
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
        if noInput { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        // The child starts with these signals at their defaults and none blocked.
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in forwarded { sigaddset(&signals, number) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        guard let program = argv.first ?? nil else {
            throw .noInterpreter("no interpreter to run")
        }
        // Blocked from before the spawn until the handler knows the child, so that no signal
        // falls between the two.
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &signals, &previousMask)
        received = 0
        receivedCount = 0
        let previous = installHandlers()
        defer {
            restore(previous)
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        var pid = pid_t()
        let started = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard started == 0 else {
            let reason = String(cString: strerror(started))
            throw .noInterpreter(
                "cannot run \(arguments[0]): \(reason); a .py file needs Python 3.9 or later "
                    + "(python3 on PATH, or set AUTOGRAD_TUI_PYTHON)")
        }
        child = pid
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        var status: Int32 = 0
        var ending = Ending.exited(127)
        while true {
            if waitpid(pid, &status, 0) >= 0 {
                ending =
                    status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
                break
            }
            guard errno == EINTR else { break }
        }
        child = 0
        return Run(ending: ending, signal: received == 0 ? nil : received)
    }

    private static func installHandlers() -> [sigaction] {
        var previous: [sigaction] = []
        for number in forwarded {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_sigaction = { number, info, _ in
                    PythonProcess.handle(number, fromProcess: (info?.pointee.si_code ?? 0) <= 0)
                }
            #else
                action.__sigaction_u.__sa_sigaction = { number, info, _ in
                    PythonProcess.handle(number, fromProcess: (info?.pointee.si_code ?? 0) <= 0)
                }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO
            var old = sigaction()
            sigaction(number, &action, &old)
            previous.append(old)
        }
        return previous
    }

    private static func restore(_ previous: [sigaction]) {
        for (number, action) in zip(forwarded, previous) {
            var action = action
            sigaction(number, &action, nil)
        }
    }

    /// Notes the signal; passes one another process sent on to the interpreter (one from the
    /// terminal reached its whole process group, the interpreter included); kills the
    /// interpreter at the third.
    private static func handle(_ number: Int32, fromProcess: Bool) {
        if received == 0 { received = number }
        receivedCount += 1
        guard child > 0 else { return }
        if receivedCount >= 3 {
            kill(child, SIGKILL)
        } else if fromProcess || !EndingSignals.passedOn.contains(number) {
            // The ones Python has no use for (it ignores SIGPIPE) are passed on as SIGTERM.
            kill(child, EndingSignals.passedOn.contains(number) ? number : SIGTERM)
        }
    }
}

/// The signals whose default action ends a program: how autograd-tui ends on each is its own
/// (the terminal restored, the private folders removed, 128 + N).
package enum EndingSignals {
    /// SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ,
    /// SIGVTALRM, SIGPROF, SIGSYS, and on Linux SIGPWR and SIGSTKFLT.
    package static let all: [Int32] = {
        var signals = [
            SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU,
            SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
        ]
        #if os(Linux)
            signals += [SIGPWR, SIGSTKFLT]
        #endif
        return signals
    }()

    /// `SIGTERM (signal 15)`, or `signal N` for one without a name here.
    package static func describe(_ number: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGTERM: "SIGTERM",
            SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGVTALRM: "SIGVTALRM", SIGPROF: "SIGPROF",
            SIGSYS: "SIGSYS", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT",
        ]
        return names[number].map { "\($0) (signal \(number))" } ?? "signal \(number)"
    }

    /// The ones passed on to a script as they are (a terminal sends the first three to its
    /// whole foreground process group); the others are passed on as SIGTERM.
    static let passedOn: [Int32] = [SIGINT, SIGQUIT, SIGHUP, SIGTERM]
}
