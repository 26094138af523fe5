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
