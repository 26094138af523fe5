import AutogradBridge
import AutogradCommandLine
import CNCurses

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes sure the terminal is given back, and the private folders of a script's run removed,
/// on every way out:
/// - a normal exit and `exit()`;
/// - every signal whose default is to end the program (`EndingSignals.all`: SIGHUP, SIGINT (from
///   outside: Ctrl-C in the debugger is a key), SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1,
///   SIGUSR2, SIGXCPU (`ulimit -t`), SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS, SIGPWR, SIGSTKFLT),
///   handled from the program's start: the terminal is restored if ncurses has it, the
///   folders are removed, and the process exits with 128 + the signal's number, as a shell
///   reports a program those signals ended. While a script runs, `PythonProcess` takes
///   them over, passes them on to the script and waits for it;
/// - crashes (a Swift trap raises SIGILL or SIGTRAP), whose handlers restore the terminal,
///   give the previous handler (Swift's backtracer, or the default) standard input from
///   /dev/null, so that it reports the crash without waiting at an interactive prompt, and let
///   it report.
/// ncurses handles SIGTSTP and SIGWINCH. SIGKILL and SIGSTOP cannot be caught.
enum TerminalGuard {
    private nonisolated(unsafe) static var previousActions = Array(
        repeating: sigaction(), count: 65)
    private nonisolated(unsafe) static var consecutiveReadErrors = 0
    /// Whether ncurses has been started, so that `restore()` has something to give back.
    private nonisolated(unsafe) static var isActive = false
    private static let crashSignals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]
    /// Handles every ending signal: call first, before any file is made or the terminal
    /// taken. A signal the parent had ignored (`nohup`, a shell's `trap '' HUP`) stays ignored.
    /// They are unblocked too: a parent's threads that block signals pass their mask on, and
    /// a blocked SIGTERM would never end the program.
    static func installEndingHandlers() {
        atexit { TerminalGuard.restore() }
        var ending = sigset_t()
        sigemptyset(&ending)
        for signal in EndingSignals.all { sigaddset(&ending, signal) }
        pthread_sigmask(SIG_UNBLOCK, &ending, nil)
        for signal in EndingSignals.all {
            var current = sigaction()
            sigaction(signal, nil, &current)
            #if canImport(Glibc)
                let handler = current.__sigaction_handler.sa_handler
            #else
                let handler = current.__sigaction_u.__sa_handler
            #endif
            if let handler, unsafeBitCast(handler, to: Int.self) == 1 { continue }
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = { number in
                    TerminalGuard.handleEnding(number)
                }
            #else
                action.__sigaction_u.__sa_handler = { number in TerminalGuard.handleEnding(number) }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

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

    /// Installs the crash handlers; call once ncurses owns the screen.
    static func install() {
        isActive = true
        for signal in crashSignals {
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
        if isActive, !isendwin() { endwin() }
    }

    /// Restores the terminal if ncurses has it, removes the private folders, and ends the
    /// process as the signal would have, with 128 + its number.
    private static func handleEnding(_ number: Int32) {
        restore()
        PrivateFolders.removeFromSignalHandler()
        _exit(128 + number)
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
        PrivateFolders.removeFromSignalHandler()
        let nothing = open("/dev/null", O_RDONLY)
        if nothing >= 0 { dup2(nothing, STDIN_FILENO) }
        sigaction(number, &previousActions[Int(number)], nil)
        raise(number)
        signal(number, SIG_DFL)
        raise(number)
        _exit(128 + number)
    }
}
