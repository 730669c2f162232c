extension ChannelStatus {
    /// Reads a status back from the root node of `status/<channel>.yaml`.
    ///
    /// Reads what `yamlText()` writes. Keys it does not know are passed over, so a file written
    /// by a newer version still gives its channel and `protect` flag; a missing optional list is
    /// empty and a missing `message` or `lastReconciled` is empty text.
    ///
    /// - Throws: `StatusDecodingError` when the document is not a mapping, `channel`,
    ///   `observedCommit` or `phase` is missing, or a value has the wrong type.
    public init(decoding root: ManifestNode) throws(StatusDecodingError) {
        let fields = try StatusFields(root, what: "the status document")
        let phaseText = try fields.string("phase")
        guard let phase = StatusPhase(rawValue: phaseText) else {
            let names = StatusPhase.allCases.map(\.rawValue).joined(separator: ", ")
            throw StatusDecodingError(
                location: fields.node("phase")?.location ?? root.location,
                message: "unknown phase '\(phaseText)'; expected one of \(names)")
        }
        self.init(
            channel: try fields.string("channel"),
            instance: try fields.optionalString("instance") ?? "",
            observedCommit: try fields.string("observedCommit"),
            phase: phase,
            message: try fields.optionalString("message") ?? "",
            lastReconciled: try fields.optionalString(Self.lastReconciledKey) ?? "",
            protect: try fields.bool("protect") ?? false,
            users: try fields.list("users").map { (node) throws(StatusDecodingError) in try Self.resource(node) },
            policies: try fields.list("policies").map { (node) throws(StatusDecodingError) in
                try Self.resource(node)
            },
            conditions: try fields.list("conditions").map { (node) throws(StatusDecodingError) in
                try Self.condition(node)
            }
        )
    }

    private static func resource(_ node: ManifestNode) throws(StatusDecodingError) -> Resource {
        let fields = try StatusFields(node, what: "a resource")
        return Resource(name: try fields.string("name"), arn: try fields.string("arn"))
    }

    private static func condition(_ node: ManifestNode) throws(StatusDecodingError) -> StatusCondition {
        let fields = try StatusFields(node, what: "a condition")
        let statusText = try fields.string("status")
        guard let status = StatusCondition.Status(rawValue: statusText) else {
            throw StatusDecodingError(
                location: fields.node("status")?.location ?? node.location,
                message: "unknown condition status '\(statusText)'; expected True, False or Unknown")
        }
        return StatusCondition(
            type: try fields.string("type"),
            status: status,
            reason: try fields.optionalString("reason") ?? "",
            message: try fields.optionalString("message") ?? "",
            revision: try fields.optionalString("revision") ?? ""
        )
    }
}

/// Why a status file could not be read back.
public struct StatusDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the file the problem is.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// The entries of one mapping of a status file, by key.
private struct StatusFields {
    let mapping: ManifestNode
    let entries: [String: ManifestNode]

    init(_ node: ManifestNode, what: String) throws(StatusDecodingError) {
        guard case .mapping(let list) = node.content else {
            throw StatusDecodingError(
                location: node.location, message: "\(what) must be a mapping, found \(node.foundDescription)")
        }
        var entries: [String: ManifestNode] = [:]
        for entry in list {
            if let key = entry.key.scalarText, entries[key] == nil {
                entries[key] = entry.value
            }
        }
        self.mapping = node
        self.entries = entries
    }

    func node(_ key: String) -> ManifestNode? { entries[key] }

    func string(_ key: String) throws(StatusDecodingError) -> String {
        guard let text = try optionalString(key) else {
            throw StatusDecodingError(location: mapping.location, message: "missing key '\(key)'")
        }
        return text
    }

    func optionalString(_ key: String) throws(StatusDecodingError) -> String? {
        guard let node = entries[key], !node.isNull else { return nil }
        guard case .scalar(let text, _) = node.content else {
            throw StatusDecodingError(
                location: node.location, message: "'\(key)' must be text, found \(node.foundDescription)")
        }
        return text
    }

    func bool(_ key: String) throws(StatusDecodingError) -> Bool? {
        guard let node = entries[key], !node.isNull else { return nil }
        switch node.content {
        case .scalar("true", .plain): return true
        case .scalar("false", .plain): return false
        default:
            throw StatusDecodingError(
                location: node.location, message: "'\(key)' must be true or false, found \(node.foundDescription)")
        }
    }

    func list(_ key: String) throws(StatusDecodingError) -> [ManifestNode] {
        guard let node = entries[key], !node.isNull else { return [] }
        guard case .sequence(let items) = node.content else {
            throw StatusDecodingError(
                location: node.location, message: "'\(key)' must be a list, found \(node.foundDescription)")
        }
        return items
    }
}
