/// `--role NAME=ATTR`: the attribute of the user's value class that plays a role, for an
/// engine the bridge recognises neither by the names it knows nor by what its attributes hold.
/// The bridge reads the bindings from `$AUTOGRAD_TUI_ROLES` (`grad=grade,pass=backprop`) and
/// tries each named attribute before its own names.
package struct RoleBinding: Sendable, Equatable {
    /// A part a value class's attribute can play.
    package enum Role: String, CaseIterable, Sendable {
        /// The node's forward value.
        case data
        /// Its gradient.
        case grad
        /// The container of its inputs.
        case children
        /// Its operation string.
        case op
        /// Its name.
        case label
        /// The per-node step, a closure or method (micrograd's `_backward`).
        case backward
        /// Local derivatives the node stores, aligned with its inputs.
        case localGrads = "local_grads"
        /// The method that runs the whole backward pass (micrograd's `backward`).
        case pass
    }

    /// The role.
    package var role: Role
    /// The attribute's name, a Python identifier.
    package var attribute: String

    /// `attribute` plays `role`.
    package init(role: Role, attribute: String) {
        self.role = role
        self.attribute = attribute
    }

    /// Reads `NAME=ATTR`, as `--role` takes it.
    package init(parsing text: String) throws(RoleError) {
        guard let equals = text.firstIndex(of: "=") else { throw .notABinding(text) }
        let name = String(text[..<equals])
        let attribute = String(text[text.index(after: equals)...])
        guard let role = Role(rawValue: name) else { throw .unknownRole(name) }
        guard Self.isAttributeName(attribute) else {
            throw .notAnAttribute(attribute, role: role)
        }
        self.init(role: role, attribute: attribute)
    }

    /// The bindings as `$AUTOGRAD_TUI_ROLES` holds them: `NAME=ATTR`, comma-separated.
    package static func environmentValue(_ bindings: [RoleBinding]) -> String {
        bindings.map { $0.role.rawValue + "=" + $0.attribute }.joined(separator: ",")
    }

    /// Checks that no role is bound twice.
    package static func validate(_ bindings: [RoleBinding]) throws(RoleError) {
        var seen: [Role: String] = [:]
        for binding in bindings {
            if let earlier = seen[binding.role] {
                throw .boundTwice(binding.role, earlier, binding.attribute)
            }
            seen[binding.role] = binding.attribute
        }
    }

    /// Whether `name` is a Python identifier and not a keyword, so that `node.NAME` compiles.
    /// Non-ASCII letters are accepted as Python accepts them; it checks them itself.
    static func isAttributeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !Self.keywords.contains(name) else {
            return false
        }
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || scalar.value > 0x7F
        }
        return isLetter(first)
            && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }

    /// Python's keywords, which are no attribute names.
    private static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield",
    ]
}

/// A `--role` that cannot be passed on.
package enum RoleError: Error, Sendable, Equatable {
    /// The text has no `=`.
    case notABinding(String)
    /// The name before `=` is no role.
    case unknownRole(String)
    /// The text after `=` is not a Python attribute name.
    case notAnAttribute(String, role: RoleBinding.Role)
    /// A role was given two attributes.
    case boundTwice(RoleBinding.Role, String, String)

    /// What is wrong, for `--role …`.
    package var message: String {
        let roles = RoleBinding.Role.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .notABinding(let text):
            return "--role takes NAME=ATTR (such as grad=grade), not '\(text)'"
        case .unknownRole(let name):
            return "--role: unknown role '\(name)'; the roles are \(roles)"
        case .notAnAttribute(let attribute, let role):
            return
                "--role \(role.rawValue)=\(attribute): '\(attribute)' is not a Python attribute name"
        case .boundTwice(let role, let first, let second):
            return "--role \(role.rawValue) is given twice (\(first) and \(second))"
        }
    }
}
