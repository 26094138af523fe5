import Foundation
import Testing

/// The batch modes on a training file, checked against plain arithmetic written out here:
/// `--train N`'s table and parameters, `--json --train`, `--trace`'s updates and forward pass,
/// `--check` on an `assert`, and `--train` on a file that does not train.
@Suite("Training from the command line")
struct TrainingCommandTests {
    /// `L = (w * 1.5 - 2) ** 2`, `w.data -= lr * w.grad`.
    static let regression = """
        lr = 0.1
        w = 0.5
        e = w * 1.5 - 2.0
        L = e ** 2
        L.backward()
        w.data -= lr * w.grad
        """

    /// The losses and the final weight of `epochs` epochs, in plain arithmetic.
    static func byHand(epochs: Int) -> (losses: [Double], w: Double) {
        var w = 0.5
        var losses: [Double] = []
        for _ in 0..<epochs {
            let e = w * 1.5 - 2.0
            losses.append(pow(e, 2))
            w = w - 0.1 * (2 * e * 1.5)
        }
        return (losses, w)
    }

    @Test("--train 30 lists epochs 1 to 20, then 30; the parameter; the curve")
    func trainTable() throws {
        let result = try BinaryRunner.run(["--train", "30", "-"], input: Self.regression)
        #expect(result.status == 0, "\(result.standardError)")
        let hand = Self.byHand(epochs: 30)
        var rows: [Int: String] = [:]
        for line in result.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let epoch = Int(fields[0]) { rows[epoch] = String(fields[1]) }
        }
        #expect(rows.keys.sorted() == Array(1...20) + [30])
        for (epoch, text) in rows {
            #expect(text == String(format: "%.6g", hand.losses[epoch - 1]), "epoch \(epoch)")
        }
        #expect(result.standardOutput.contains("  w = \(hand.w)\n"))
        #expect(result.standardOutput.contains("loss per epoch:\n"))
        #expect(result.standardOutput.hasPrefix("training <stdin>: 30 epochs of 1 update, loss "))
    }

    @Test("--json --train gives every epoch's loss and the parameters after the trace fields")
    func trainJSON() throws {
        let result = try BinaryRunner.run(
            ["--json", "--train", "12", "-"], input: Self.regression)
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
                as? [String: Any])
        let epochs = try #require(document["epochs"] as? [[String: Any]])
        #expect(epochs.map { $0["epoch"] as? Int } == (1...12).map { $0 })
        // JSONSerialization rounds some doubles on Linux: compare within an ulp or two.
        let hand = Self.byHand(epochs: 12)
        for (epoch, expected) in zip(epochs, hand.losses) {
            let loss = try #require(epoch["loss"] as? Double)
            #expect(abs(loss - expected) <= 4 * expected.ulp)
        }
        let parameters = try #require(document["parameters"] as? [String: Double])
        #expect(parameters.keys.sorted() == ["w"])
        // The trace's own steps: phases, then the update at the end.
        let steps = try #require(document["steps"] as? [[String: Any]])
        #expect(steps.first?["phase"] as? String == "seed")
        #expect(steps.last?["phase"] as? String == "update")
        #expect(steps.last?["direction"] as? String == "-=")
        let forward = try #require(document["forward"] as? [[String: Any]])
        #expect(forward.map { $0["phase"] as? String } == ["forward", "forward", "forward"])
    }

    @Test("--trace shows the update after the backward steps, --forward the forward pass first")
    func traceUpdates() throws {
        let result = try BinaryRunner.run(["--trace", "--forward", "-"], input: Self.regression)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        // w·1.5 = 0.75; e = 0.75 − 2 = −1.25; L = 1.5625; dL/dw = 2·(−1.25)·1.5 = −3.75.
        #expect(lines.first == "forward 1/3  #2 = w * 1.5 = 0.5000 * 1.5000 = 0.7500")
        #expect(lines.contains("forward 3/3  L = e ** 2 = -1.2500 ** 2 = 1.5625"))
        #expect(
            lines.contains("update 1/1  w.data -= 0.1 × (-3.7500) = -0.3750   0.5000 → 0.8750"))
    }

    @Test("--check fails on a failed assert and shows the contributions; passes a true one")
    func checkExpectations() throws {
        let notebook = """
            a = 2.0
            b = 3.0
            c = a + b
            d = c * a
            e = c * d
            e.backward()
            assert a.grad == 35
            assert abs(b.grad - 20) < 1e-9
            """
        let result = try BinaryRunner.run(["--check", "-"], input: notebook)
        #expect(result.status == 1)
        // de/da = 2ca + c² = 20 + 25 = 45: 25 from d = c·a, then 20 from c = a + b.
        #expect(result.standardOutput.contains("FAILED: 45.0000 = 25.0000 via d + 20.0000 via c"))
        #expect(result.standardOutput.contains("2 expectations: 1 met, 1 failed"))
    }

    @Test("--train exits 1 and says so when an assert fails; more than 100000 epochs is refused")
    func trainLimitsAndAsserts() throws {
        let failing = try BinaryRunner.run(
            ["--train", "2", "-"], input: Self.regression + "\nassert w.grad == 99\n")
        #expect(failing.status == 1)
        // dL/dw = 2 · (0.5 · 1.5 − 2) · 1.5 = −3.75.
        #expect(
            failing.standardOutput.contains(
                "1 assert failed in epoch 1, the first w.grad == 99 (line 7), which is -3.7500"))
        let tooMany = try BinaryRunner.run(["--train", "100001", "-"], input: Self.regression)
        #expect(tooMany.status == 64)
        #expect(tooMany.standardError.contains("--train runs at most 100000 epochs"))
        #expect(tooMany.standardOutput.isEmpty)
    }

    @Test("--train on your own engine's script is refused before the script runs")
    func trainOnScript() throws {
        let result = try BinaryRunner.run(["--train", "2", "examples/correct_engine.py"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("your script trains itself"))
        // The script prints each epoch's loss when it runs: it did not.
        #expect(!result.standardError.contains("loss"))
    }

    @Test("--train on a file without updates is bad usage, with what to add")
    func trainWithoutUpdates() throws {
        let result = try BinaryRunner.run(["--train", "5", "demos/chain.ag"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("demos/chain.ag has no updates to train with"))
        #expect(result.standardOutput.isEmpty)
    }
}
