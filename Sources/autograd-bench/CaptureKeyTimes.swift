import AgScript
import ArgumentParser
import AutogradCapture
import AutogradCommandLine
import AutogradEngine
import AutogradScreen
import Foundation

/// `autograd-bench keys CAPTURE.json`: how long each key and its frame take on a real
/// capture (a microgpt step is some 75,000 nodes), with the graph whole and folded by line.
struct KeyTimes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Time every key, and the frame after it, on a capture (whole and folded).",
        discussion: """
            Make a capture of a script, then time the debugger's keys on it:
              autograd-tui --check --keep 1 --save-capture step.json model.py
              swift run -c release autograd-bench keys step.json
            Each key is pressed where it does the most work (stepping at the start, the \
            middle and the end of the backward pass; the folds open and closed), several \
            times; the table gives each key's median and slowest, key and frame together.
            """)

    @Argument(help: "A capture document (autograd-tui --save-capture writes one).")
    var capture: String

    @Option(help: "The screen's size, as WIDTHxHEIGHT.")
    var size = "200x60"

    @Flag(help: "Print the results as JSON.")
    var json = false

    /// One key's timings: the median and the slowest press, key and frame together.
    struct KeyResult: Codable {
        let key: String
        let folded: Bool
        let medianNanoseconds: Double
        let slowestNanoseconds: Double
    }

    /// What one capture measured.
    struct Result: Codable {
        let capture: String
        let nodes: Int
        let openNanoseconds: Double
        let keys: [KeyResult]
    }

    func run() throws {
        let dimensions = size.split(separator: "x").compactMap { Int($0) }
        guard dimensions.count == 2, dimensions.allSatisfy({ $0 > 0 && $0 <= 1000 }) else {
            throw ValidationError("--size takes WIDTHxHEIGHT, as 200x60")
        }
        let (width, height) = (dimensions[0], dimensions[1])
        let bytes: [UInt8]
        do { bytes = try SafeFile.read(capture, limit: Int(Int32.max)) } catch {
            throw ValidationError("\(capture): \(error)")
        }
        let clock = ContinuousClock()
        let screen = Screen()
        var session: Session?
        let open = try clock.measure {
            let document = try CaptureReader.read(bytes, path: capture)
            let run = try CapturedRun(
                document: document, number: nil, path: capture,
                readSource: { try? SafeFile.read($0, limit: SourceLibrary.largestFile) })
            let opened = Session(.capture(run), width: width, height: height)
            _ = screen.render(opened, width: width, height: height)
            session = opened
        }
        guard var session else { throw ValidationError("\(capture): nothing to open") }

        var results: [KeyResult] = []
        /// Presses `command` `times` times, each followed by a frame, and records it.
        func time(_ name: String, _ command: Command, times: Int = 5) {
            var samples: [Double] = []
            for _ in 0..<times {
                let elapsed = clock.measure {
                    session.apply(command)
                    session.fit(width: width, height: height)
                    _ = screen.render(session, width: width, height: height)
                }
                samples.append(nanoseconds(elapsed))
            }
            samples.sort()
            results.append(
                KeyResult(
                    key: name, folded: session.isFolded,
                    medianNanoseconds: samples[samples.count / 2],
                    slowestNanoseconds: samples[samples.count - 1]))
        }
        for folded in [false, true] {
            if folded { time("z (fold by line)", .toggleFolding, times: 1) }
            time("n (step)", .stepForward)
            time("p (step back)", .stepBack)
            time("j (select)", .moveSelection(by: 1))
            time("PgDn", .pageDown)
            time("G (to the end)", .runToEnd, times: 1)
            time("p at the end", .stepBack)
            time("g (to the seed)", .restart, times: 1)
            if folded {
                time("Enter (open a line)", .runToSelected, times: 1)
                time("PgDn in an open line", .pageDown)
                time("h (close the line)", .closeFold, times: 1)
                time("Z (follow)", .toggleFoldFollowing, times: 1)
                time("n following", .stepForward, times: 20)
                time("G following", .runToEnd, times: 1)
                time("p following", .stepBack, times: 20)
                time("z (every node)", .toggleFolding, times: 1)
            }
        }
        let result = Result(
            capture: capture, nodes: session.script.graph.count,
            openNanoseconds: nanoseconds(open), keys: results)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
            return
        }
        print(
            "\(capture): \(result.nodes) nodes, opened in \(milliseconds(result.openNanoseconds))")
        print("key                          view      median     slowest  (key + frame)")
        for key in results {
            print(
                key.key.padding(toLength: 28, withPad: " ", startingAt: 0) + " "
                    + (key.folded ? "folded" : "whole ") + "  "
                    + milliseconds(key.medianNanoseconds).leftPadded(to: 9) + "   "
                    + milliseconds(key.slowestNanoseconds).leftPadded(to: 9))
        }
    }

    private func nanoseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
    }

    private func milliseconds(_ nanoseconds: Double) -> String {
        String(format: "%.3f ms", nanoseconds / 1e6)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
