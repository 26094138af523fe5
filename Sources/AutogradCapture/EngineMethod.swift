/// Which of the engine's methods made a node, as the bridge saw it on the stack when the node
/// was made (`made_by` in a capture).
package struct EngineMethod: Sendable, Hashable {
    /// The innermost engine method that called the constructor: `__mul__` for `x * -1` written
    /// inside `__neg__`, `_wrap` for the constant that wrapping `-1` made.
    package var name: String
    /// The outermost engine method around `name`, when that is another one (`__neg__`).
    package var outer: String?
    /// The method's arguments that are numbers, in order: the `2` of `__pow__(self, 2)`.
    package var arguments: [Double]
    /// The statement in the method that made the node, when known: where an engine that stores
    /// its local derivatives computes them.
    package var statement: SourceLocation?

    /// A method named `name`, inside `outer`, given `arguments`, making the node at
    /// `statement`.
    package init(
        name: String, outer: String? = nil, arguments: [Double] = [],
        statement: SourceLocation? = nil
    ) {
        self.name = name
        self.outer = outer
        self.arguments = arguments
        self.statement = statement
    }

    /// Where the node was made, in `name`.
    package var code: CodeLocation? { statement.map { CodeLocation($0, function: name) } }
}
