import AgScript
import ArgumentParser
import AutogradCommandLine
import AutogradScreen

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The interactive debugger: the session, drawn by the screen, painted by the terminal.
enum Debugger {
    /// The most keys applied between two frames: a paste's worth, after which the screen
    /// shows where they got to.
    static let keysPerFrame = 4096

    /// Exits 64 with the reason when there is no terminal for the debugger: checked before
    /// the file is opened, so that a script is not run for nothing.
    static func requireTerminal() throws {
        do throws(Terminal.Unavailable) {
            try Terminal.checkUsable()
        } catch {
            writeUnavailable(error)
            throw ExitCode(.usage)
        }
    }

    private static func writeUnavailable(_ error: Terminal.Unavailable) {
        writeToStandardError(
            "autograd-tui: the debugger needs a terminal: \(error.reason).\n"
                + "To follow the backward pass without one, use --trace (text) or --json.\n")
    }

    /// Runs the debugger on what was opened until the user quits; returns the exit status.
    static func run(
        _ input: OpenedInput, ascii: Bool, noColor: Bool, epochsPerRun: Int? = nil
    ) -> ExitStatus {
        let wantsColor =
            !noColor && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        let terminal: Terminal
        do {
            terminal = try Terminal(color: wantsColor)
        } catch {
            writeUnavailable(error)
            return .usage
        }
        defer { terminal.restore() }
        let screen = Screen(
            glyphs: ascii ? .ascii : .unicode, theme: terminal.hasColor ? .color : .monochrome)
        let (width, height) = terminal.size
        var session =
            switch input {
            case .script(let script): Session(.script(script), width: width, height: height)
            case .capture(let run, _): Session(.capture(run), width: width, height: height)
            }
        if let epochsPerRun { session.epochsPerRun = epochsPerRun }
        /// The screen's layout now, the session fitted to it.
        func fitted() -> ScreenLayout? {
            let (width, height) = terminal.size
            return session.fit(width: width, height: height, glyphs: screen.glyphs)
        }
        while !session.isQuitRequested {
            _ = fitted()
            let (width, height) = terminal.size
            terminal.paint(screen.render(session, width: width, height: height))
            guard let key = terminal.nextKey() else { continue }
            // The keys a paste or a held key queued are applied before the next frame, each
            // against the layout it would have had: one frame for them all.
            for key in [key] + terminal.waitingKeys(limit: keysPerFrame) {
                if let command = KeyMap.command(for: key, in: session, layout: fitted()) {
                    session.apply(command)
                }
                if session.isQuitRequested { break }
            }
        }
        return .success
    }
}
