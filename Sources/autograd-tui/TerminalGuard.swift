import AutogradCommandLine
import CNCurses

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes sure the terminal is given back on every way out:
/// - a normal exit and `exit()`;
/// - the signals that ask a program to end, SIGHUP, SIGINT (from outside: Ctrl-C in the
///   debugger is a key), SIGTERM and SIGQUIT: the terminal is restored and the process exits
///   with 128 + the signal's number, as a shell reports a program those signals ended;
/// - crashes (a Swift trap raises SIGILL or SIGTRAP), whose handlers restore the terminal,
///   give the previous handler (Swift's backtracer, or the default) standard input from
///   /dev/null, so that it reports the crash without waiting at an interactive prompt, and let
///   it report.
/// ncurses handles SIGTSTP and SIGWINCH.
enum TerminalGuard {
    private nonisolated(unsafe) static var previousActions = Array(
        repeating: sigaction(), count: 65)
    private nonisolated(unsafe) static var consecutiveReadErrors = 0
    private static let crashSignals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]
    private static let endingSignals = [SIGHUP, SIGINT, SIGTERM, SIGQUIT]

    /// Undoes what an unusual parent may have left: signals the debugger relies on blocked,
    /// or SIGWINCH ignored (ncurses only handles it when its disposition is the default, and
    /// without it a resize never arrives). Call before ncurses starts.
    static func resetInheritedSignals() {
        var needed = sigset_t()
        sigemptyset(&needed)
        for signal in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP] {
            sigaddset(&needed, signal)
        }
        pthread_sigmask(SIG_UNBLOCK, &needed, nil)
        var current = sigaction()
        sigaction(SIGWINCH, nil, &current)
        #if canImport(Glibc)
            let ignored = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1
        #else
            let ignored = unsafeBitCast(current.__sigaction_u.__sa_handler, to: Int.self) == 1
        #endif
        if ignored { signal(SIGWINCH, SIG_DFL) }
    }

    /// Installs the handlers; call once ncurses owns the screen (so that they replace its own
    /// for SIGINT and SIGTERM, and the Swift runtime's for SIGQUIT).
    static func install() {
        atexit { TerminalGuard.restore() }
        for signal in crashSignals + endingSignals {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = { number in
                    TerminalGuard.handleFatal(number)
                }
            #else
                action.__sigaction_u.__sa_handler = { number in TerminalGuard.handleFatal(number) }
            #endif
            sigemptyset(&action.sa_mask)
            // Not deferred, so re-raising inside the handler reaches the previous handler now.
            action.sa_flags = Int32(SA_NODEFER)
            sigaction(signal, &action, &previousActions[Int(signal)])
        }
    }

    /// Ends ncurses mode if it is on.
    static func restore() {
        if !isendwin() { endwin() }
    }

    /// A read failed. Reads block, so a run of failures means the terminal is gone: stop
    /// rather than spin.
    static func noteReadError() {
        consecutiveReadErrors += 1
        if consecutiveReadErrors > 100 {
            restore()
            exit(ExitStatus.ioError.rawValue)
        }
    }

    /// A read succeeded.
    static func noteReadSuccess() {
        consecutiveReadErrors = 0
    }

    /// Restores the terminal; ends the process for a signal that asks it to end; for a crash,
    /// lets the previous handler report it (not interactively), then makes sure the process
    /// ends: a signal sent from outside (`kill -SEGV`) leaves no fault to repeat, so a
    /// previous handler that returns would otherwise let the program run on.
    private static func handleFatal(_ number: Int32) {
        restore()
        if endingSignals.contains(number) { _exit(128 + number) }
        let nothing = open("/dev/null", O_RDONLY)
        if nothing >= 0 { dup2(nothing, STDIN_FILENO) }
        sigaction(number, &previousActions[Int(number)], nil)
        raise(number)
        signal(number, SIG_DFL)
        raise(number)
        _exit(128 + number)
    }
}
