import Foundation
import Testing

@Suite("The autograd-bench command line")
struct BenchCommandTests {
    /// One measured graph, as `--json` writes it (only what these tests read).
    struct Measured: Decodable {
        let name: String
        let nodes: Int
    }

    @Test("--nodes takes several sizes after one flag, and every shape runs at each")
    func severalSizes() throws {
        let result = try BinaryRunner.run(
            ["--nodes", "300", "600", "--json"], program: "autograd-bench")
        #expect(result.status == 0, "\(result.standardError)")
        let measured = try JSONDecoder().decode(
            [Measured].self, from: Data(result.standardOutput.utf8))
        #expect(
            measured.map(\.name) == [
                "chain:300", "chain:600", "wide:300", "wide:600", "mlp:300", "mlp:600",
            ])
        #expect(measured.allSatisfy { $0.nodes >= 300 })
    }

    @Test("generate writes a graph of the shape and size asked for; an unknown shape is bad usage")
    func generate() throws {
        let result = try BinaryRunner.run(
            ["generate", "chain", "--nodes", "50"], program: "autograd-bench")
        #expect(result.status == 0, "\(result.standardError)")
        let path = try BinaryRunner.temporaryScript(result.standardOutput)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stats = try BinaryRunner.run(["--stats", path])
        #expect(stats.status == 0)
        let nodes = try #require(
            stats.standardOutput.split(separator: "\n").first { $0.hasPrefix("nodes ") })
        let count = try #require(Int(nodes.split(separator: " ")[1].dropLast()))
        #expect((50...52).contains(count))
        let unknown = try BinaryRunner.run(["generate", "blob"], program: "autograd-bench")
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("'chain', 'wide' or 'mlp'"))
    }

    @Test("a file that does not exist is named in a one-line error, exit 66")
    func missingFile() throws {
        let result = try BinaryRunner.run(["no/such/file.ag"], program: "autograd-bench")
        #expect(result.status == 66)
        #expect(result.standardError.contains("cannot read 'no/such/file.ag'"))
        #expect(!result.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test("a file with errors shows the reader's diagnostics, exit 65")
    func invalidFile() throws {
        let path = try BinaryRunner.temporaryScript("a = 1.0\nb = a * c\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try BinaryRunner.run([path], program: "autograd-bench")
        #expect(result.status == 65)
        #expect(result.standardError.contains("\(path):2:9: error: 'c' is not defined"))
    }
}
