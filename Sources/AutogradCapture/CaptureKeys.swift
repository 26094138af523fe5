/// The keys of the capture format, packed at compile time (`JSONReader.Key`'s layout): no
/// string is made or compared per member. The probe modes, which are values, are packed the
/// same way.
enum CaptureKeys {
    /// `"add"`
    static var add: JSONReader.Key {
        JSONReader.Key(low: 0x64_6461, high: 0x0, length: 3)
    }
    /// `"assign"`
    static var assign: JSONReader.Key {
        JSONReader.Key(low: 0x6E67_6973_7361, high: 0x0, length: 6)
    }
    /// `"error"`
    static var error: JSONReader.Key {
        JSONReader.Key(low: 0x72_6F72_7265, high: 0x0, length: 5)
    }
    /// `"ignores-upstream"`
    static var ignoresUpstream: JSONReader.Key {
        JSONReader.Key(low: 0x2D73_6572_6F6E_6769, high: 0x6D61_6572_7473_7075, length: 16)
    }
    /// `"untouched"`
    static var untouched: JSONReader.Key {
        JSONReader.Key(low: 0x6568_6375_6F74_6E75, high: 0x64, length: 9)
    }

    /// `"call"`
    static var call: JSONReader.Key {
        JSONReader.Key(low: 0x6C6C_6163, high: 0x0, length: 4)
    }
    /// `"captures"`
    static var captures: JSONReader.Key {
        JSONReader.Key(low: 0x7365_7275_7470_6163, high: 0x0, length: 8)
    }
    /// `"cell"`
    static var cell: JSONReader.Key {
        JSONReader.Key(low: 0x6C6C_6563, high: 0x0, length: 4)
    }
    /// `"child"`
    static var child: JSONReader.Key {
        JSONReader.Key(low: 0x64_6C69_6863, high: 0x0, length: 5)
    }
    /// `"children"`
    static var children: JSONReader.Key {
        JSONReader.Key(low: 0x6E65_7264_6C69_6863, high: 0x0, length: 8)
    }
    /// `"cwd"`
    static var cwd: JSONReader.Key {
        JSONReader.Key(low: 0x647763, high: 0x0, length: 3)
    }
    /// `"data"`
    static var data: JSONReader.Key {
        JSONReader.Key(low: 0x6174_6164, high: 0x0, length: 4)
    }
    /// `"engine"`
    static var engine: JSONReader.Key {
        JSONReader.Key(low: 0x656E_6967_6E65, high: 0x0, length: 6)
    }
    /// `"file"`
    static var file: JSONReader.Key {
        JSONReader.Key(low: 0x656C_6966, high: 0x0, length: 4)
    }
    /// `"fired"`
    static var fired: JSONReader.Key {
        JSONReader.Key(low: 0x64_6572_6966, high: 0x0, length: 5)
    }
    /// `"format"`
    static var format: JSONReader.Key {
        JSONReader.Key(low: 0x7461_6D72_6F66, high: 0x0, length: 6)
    }
    /// `"grad"`
    static var grad: JSONReader.Key {
        JSONReader.Key(low: 0x6461_7267, high: 0x0, length: 4)
    }
    /// `"grad_before"`
    static var gradBefore: JSONReader.Key {
        JSONReader.Key(low: 0x6665_625F_6461_7267, high: 0x65726F, length: 11)
    }
    /// `"id"`
    static var id: JSONReader.Key {
        JSONReader.Key(low: 0x6469, high: 0x0, length: 2)
    }
    /// `"index"`
    static var index: JSONReader.Key {
        JSONReader.Key(low: 0x78_6564_6E69, high: 0x0, length: 5)
    }
    /// `"kept"`
    static var kept: JSONReader.Key {
        JSONReader.Key(low: 0x7470_656B, high: 0x0, length: 4)
    }
    /// `"label"`
    static var label: JSONReader.Key {
        JSONReader.Key(low: 0x6C_6562_616C, high: 0x0, length: 5)
    }
    /// `"line"`
    static var line: JSONReader.Key {
        JSONReader.Key(low: 0x656E_696C, high: 0x0, length: 4)
    }
    /// `"local"`
    static var local: JSONReader.Key {
        JSONReader.Key(low: 0x6C_6163_6F6C, high: 0x0, length: 5)
    }
    /// `"message"`
    static var message: JSONReader.Key {
        JSONReader.Key(low: 0x65_6761_7373_656D, high: 0x0, length: 7)
    }
    /// `"mode"`
    static var mode: JSONReader.Key {
        JSONReader.Key(low: 0x6564_6F6D, high: 0x0, length: 4)
    }
    /// `"nodes"`
    static var nodes: JSONReader.Key {
        JSONReader.Key(low: 0x73_6564_6F6E, high: 0x0, length: 5)
    }
    /// `"op"`
    static var op: JSONReader.Key {
        JSONReader.Key(low: 0x706F, high: 0x0, length: 2)
    }
    /// `"ordered"`
    static var ordered: JSONReader.Key {
        JSONReader.Key(low: 0x64_6572_6564_726F, high: 0x0, length: 7)
    }
    /// `"probe"`
    static var probe: JSONReader.Key {
        JSONReader.Key(low: 0x65_626F_7270, high: 0x0, length: 5)
    }
    /// `"repr"`
    static var repr: JSONReader.Key {
        JSONReader.Key(low: 0x7270_6572, high: 0x0, length: 4)
    }
    /// `"root"`
    static var root: JSONReader.Key {
        JSONReader.Key(low: 0x746F_6F72, high: 0x0, length: 4)
    }
    /// `"root_data"`
    static var rootData: JSONReader.Key {
        JSONReader.Key(low: 0x7461_645F_746F_6F72, high: 0x61, length: 9)
    }
    /// `"roots"`
    static var roots: JSONReader.Key {
        JSONReader.Key(low: 0x73_746F_6F72, high: 0x0, length: 5)
    }
    /// `"script"`
    static var script: JSONReader.Key {
        JSONReader.Key(low: 0x7470_6972_6373, high: 0x0, length: 6)
    }

    // Keys met once per capture or only on some nodes, written as they are spelt.
    static let raised: JSONReader.Key = "raised"
    static let madeBy: JSONReader.Key = "made_by"
    static let method: JSONReader.Key = "method"
    static let outer: JSONReader.Key = "outer"
    static let args: JSONReader.Key = "args"
    static let operands: JSONReader.Key = "operands"
    static let from: JSONReader.Key = "from"
    static let codes: JSONReader.Key = "codes"
    static let backwardCodes: JSONReader.Key = "backward_codes"
    static let passCode: JSONReader.Key = "pass_code"
    static let raisedCode: JSONReader.Key = "raised_code"
    static let raisedBeforeSteps: JSONReader.Key = "raised_before_steps"
    static let function: JSONReader.Key = "function"
}
