/// An IAM policy document: `Version`, an optional `Id` and a list of statements.
///
/// The model keeps what IAM keeps: element values as written, including whether a value was a
/// single string or a list, so that `text(_:)` can render a document back faithfully. Rendering is
/// canonical: elements always come in the same order (`Version`, `Id`, `Statement`; in a
/// statement `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`,
/// `NotResource`, `Condition`) with fixed formatting, so equal documents give byte-identical
/// text. `==` compares the model exactly; `isEquivalent(to:)` compares what the policy means (see
/// `normalized()`).
public struct PolicyDocument: Sendable, Hashable {
    /// `Allow` or `Deny`, written exactly so; IAM rejects any other spelling.
    public typealias Effect = Permission.Effect

    /// The only policy language version with policy variables; every rendered policy uses it.
    public static let currentVersion = "2012-10-17"

    /// A string-or-list element such as `Action` or `Resource`.
    public struct ValueList: Sendable, Hashable {
        /// The strings in the order written.
        public var values: [String]
        /// Whether the element was written as a JSON array.
        ///
        /// A single string renders as a bare string only when this is false and there is exactly
        /// one value.
        public var isList: Bool

        /// Creates an element from its values; `isList` as described on the property.
        public init(_ values: [String], isList: Bool = true) {
            self.values = values
            self.isList = isList
        }
    }

    /// One statement of a policy.
    public struct Statement: Sendable, Hashable {
        /// `Sid`, the statement's optional name; IAM compares it exactly.
        public var sid: String?
        /// `Effect`.
        public var effect: Effect
        /// `Principal` as written: `"*"` or an object such as `{"AWS": [...]}`.
        public var principal: JSONValue?
        /// `NotPrincipal` as written, in the same forms as `principal`.
        public var notPrincipal: JSONValue?
        /// `Action`: the actions the statement applies to.
        public var action: ValueList?
        /// `NotAction`: the statement applies to every action but these.
        public var notAction: ValueList?
        /// `Resource`: the resources the statement applies to.
        public var resource: ValueList?
        /// `NotResource`: the statement applies to every resource but these.
        public var notResource: ValueList?
        /// `Condition` as written: an object of operators, each an object of condition keys whose
        /// values are strings, numbers, booleans or arrays of them.
        public var condition: JSONValue?

        /// Creates a statement; every element but `effect` is optional.
        public init(
            sid: String? = nil,
            effect: Effect,
            principal: JSONValue? = nil,
            notPrincipal: JSONValue? = nil,
            action: ValueList? = nil,
            notAction: ValueList? = nil,
            resource: ValueList? = nil,
            notResource: ValueList? = nil,
            condition: JSONValue? = nil
        ) {
            self.sid = sid
            self.effect = effect
            self.principal = principal
            self.notPrincipal = notPrincipal
            self.action = action
            self.notAction = notAction
            self.resource = resource
            self.notResource = notResource
            self.condition = condition
        }
    }

    /// `Version`; nil when the document has none (IAM then applies the 2008-10-17 language).
    public var version: String?
    /// `Id`, the document's optional name.
    public var id: String?
    /// The statements in the order written.
    public var statements: [Statement]
    /// Whether `Statement` was written as an array; false for a single statement object.
    public var isStatementList: Bool

    /// Creates a document; by default at the current version with `Statement` as an array.
    public init(
        version: String? = PolicyDocument.currentVersion,
        id: String? = nil,
        statements: [Statement],
        isStatementList: Bool = true
    ) {
        self.version = version
        self.id = id
        self.statements = statements
        self.isStatementList = isStatementList
    }
}

extension PolicyDocument {
    /// The document as a JSON value with its elements in canonical order.
    public var jsonValue: JSONValue {
        var members: [JSONValue.Member] = []
        if let version { members.append(JSONValue.Member("Version", .string(version))) }
        if let id { members.append(JSONValue.Member("Id", .string(id))) }
        if !isStatementList, statements.count == 1 {
            members.append(JSONValue.Member("Statement", statements[0].jsonValue))
        } else {
            members.append(JSONValue.Member("Statement", .array(statements.map(\.jsonValue))))
        }
        return .object(members)
    }

    /// The document as JSON text in canonical element order.
    ///
    /// `.compact` is the form sent to IAM, `.pretty` the form for people and diffs. Equal
    /// documents give byte-identical text.
    public func text(_ layout: JSONValue.Layout) -> String {
        jsonValue.text(layout)
    }

    /// The document's size as IAM counts it against its limits: the characters (Unicode scalars)
    /// of the compact text that are not whitespace.
    ///
    /// Whitespace here is space, tab, line feed and carriage return, the only whitespace IAM
    /// accepts in a document; the compact form has it only inside strings.
    public var iamCharacterCount: Int {
        var buffer: [UInt8] = []
        jsonValue.write(to: &buffer, layout: .compact, indent: 0)
        var count = 0
        for byte in buffer {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x80...0xBF: continue
            default: count += 1
            }
        }
        return count
    }
}

extension PolicyDocument.ValueList {
    /// The element as JSON: a bare string for a single value written without a list.
    public var jsonValue: JSONValue {
        if !isList, values.count == 1 { return .string(values[0]) }
        return .array(values.map { .string($0) })
    }
}

extension PolicyDocument.Statement {
    /// The statement as a JSON object with its elements in canonical order.
    public var jsonValue: JSONValue {
        var members: [JSONValue.Member] = []
        if let sid { members.append(JSONValue.Member("Sid", .string(sid))) }
        members.append(JSONValue.Member("Effect", .string(effect.rawValue)))
        if let principal { members.append(JSONValue.Member("Principal", principal)) }
        if let notPrincipal { members.append(JSONValue.Member("NotPrincipal", notPrincipal)) }
        if let action { members.append(JSONValue.Member("Action", action.jsonValue)) }
        if let notAction { members.append(JSONValue.Member("NotAction", notAction.jsonValue)) }
        if let resource { members.append(JSONValue.Member("Resource", resource.jsonValue)) }
        if let notResource { members.append(JSONValue.Member("NotResource", notResource.jsonValue)) }
        if let condition { members.append(JSONValue.Member("Condition", condition)) }
        return .object(members)
    }
}
