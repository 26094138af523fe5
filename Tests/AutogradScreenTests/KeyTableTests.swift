import AutogradScreen
import Foundation
import Testing

/// The README's key table is written by hand for people; `KeyBindings.all` is the table the
/// program runs on. Every key the program binds must be in the README's table, as the README
/// writes keys: a character in backticks (`` `n` ``), a named key as its name (`space`, `→`).
@Suite("The README's key table")
struct KeyTableTests {
    /// The first column of every row of the README's `| key | action |` table, joined.
    static func readmeKeys() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "| key | action |"))
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("|") }
        return rows.compactMap { $0.split(separator: "|").first.map(String.init) }
            .joined(separator: " ")
    }

    @Test("every key the program binds is in the README's key table")
    func everyKeyIsListed() throws {
        let listed = try Self.readmeKeys()
        for binding in KeyBindings.all {
            for key in binding.keys {
                let written: String
                switch key {
                case .character(" "): written = "space"
                case .character(let character): written = "`\(character)`"
                case .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape,
                    .backspace, .interrupt, .click:
                    written = key.name
                }
                #expect(
                    listed.contains(written), "README key table lacks \(written): \(binding.help)")
            }
        }
    }
}
