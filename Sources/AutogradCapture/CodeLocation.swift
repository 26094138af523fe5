/// A place in the engine's own code: where a `_backward` is defined, where a method made a
/// node, where the pass is, with the function a reader looks for there (`engine.py:43 in
/// __pow__`).
package struct CodeLocation: Sendable, Hashable {
    /// The file and line.
    package var location: SourceLocation
    /// The function: a closure's enclosing method (`__pow__`), else the function itself;
    /// `nil` where none is known (a call in a script's top level).
    package var function: String?

    /// The place `location`, in `function`.
    package init(_ location: SourceLocation, function: String?) {
        self.location = location
        self.function = function
    }
}

/// Where the engine's code is, as a capture records it (`codes`, `backward_codes`,
/// `pass_code`).
package struct EngineCode: Sendable {
    /// The distinct places, each once.
    package var places: [CodeLocation] = []
    /// Each node's `_backward` in `places`, by capture id; -1 where none is known. Empty when
    /// the capture has none.
    var backwardIndices: [Int32] = []
    /// Where the engine's pass method (`backward()`) is, when known.
    package var pass: CodeLocation?
    /// Where the exception the pass raised was raised (`line` the line that raised it,
    /// `function` the function's own name), when it raised and the bridge could tell.
    package var raised: CodeLocation?

    /// Where the `_backward` of capture node `node` is defined, when known.
    package func backward(of node: Int) -> CodeLocation? {
        guard node < backwardIndices.count, backwardIndices[node] >= 0 else { return nil }
        return places[Int(backwardIndices[node])]
    }
}
