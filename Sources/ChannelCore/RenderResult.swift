/// What `render(_:instance:)` produced: the desired state of the channels that render cleanly,
/// and a diagnostic for every IAM limit that a channel would break.
public struct RenderResult: Sendable, Equatable {
    /// The users, policies and attachments of every channel without diagnostics.
    public var state: DesiredState
    /// Every problem found, sorted by place; empty when all channels rendered.
    public var diagnostics: [Diagnostic]
    /// The names of the channels left out of `state` because of a diagnostic, sorted.
    ///
    /// Like a channel whose manifest does not validate, such a channel is unknown: its live
    /// resources must be left as they are, never pruned.
    public var invalidChannels: [String]

    /// Creates a result from its parts.
    public init(state: DesiredState, diagnostics: [Diagnostic], invalidChannels: [String]) {
        self.state = state
        self.diagnostics = diagnostics
        self.invalidChannels = invalidChannels
    }
}

/// Renders channels into the IAM resources they ask for, checking the IAM limits that only the
/// rendered form shows.
///
/// Each channel becomes one user per consumer (name = consumer name), one customer managed
/// policy `channelops-<channel>` (document from `Rendering.policyDocument(for:)`, description
/// from `spec.description`) and one attachment of that policy per user; all at path
/// `/channelops/` with the tags `channelops:managed-by=<instance>`, `channelops:channel=<channel>`
/// and then `spec.tags`.
///
/// Order: channels sorted by name (then by place, should two share a name); within a channel,
/// users and attachments in the order the consumers are written. Each of `users`, `policies`
/// and `attachments` follows that order.
///
/// Checks, each reported as a `Diagnostic` that leaves the channel out of the state:
/// - the policy name has at most 128 characters (at the channel);
/// - the document has at most 6,144 characters, whitespace not counted, as IAM counts them
///   (at the channel);
/// - every string in a permission uses only characters IAM accepts in a policy document: tab,
///   line feed, carriage return and U+0020–U+00FF (at the permission, once per string);
/// - each resource carries at most 50 tags, the two `channelops:` tags included, so `spec.tags`
///   may hold at most 48 (at the channel).
///
/// - Throws: `RenderError.invalidInstance` when `instance` breaks the rule of
///   `Rendering.checkInstanceName(_:)`; nothing is rendered then.
public func render(_ channels: [Channel], instance: String) throws(RenderError) -> RenderResult {
    try Rendering.checkInstanceName(instance)
    let ordered = channels.sorted { lhs, rhs in
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.location < rhs.location
    }

    var state = DesiredState(instance: instance)
    var diagnostics: [Diagnostic] = []
    var invalidChannels: [String] = []
    for channel in ordered {
        let policyName = Rendering.policyName(forChannel: channel.name)
        let document = Rendering.policyDocument(for: channel)
        let problems = limitDiagnostics(channel, policyName: policyName, document: document)
        guard problems.isEmpty else {
            diagnostics.append(contentsOf: problems)
            invalidChannels.append(channel.name)
            continue
        }

        let tags =
            [
                KeyValue(Rendering.managedByTagKey, instance),
                KeyValue(Rendering.channelTagKey, channel.name),
            ] + channel.tags
        for consumer in channel.consumers {
            state.users.append(
                DesiredUser(
                    name: consumer.name,
                    path: Rendering.path,
                    channel: channel.name,
                    tags: tags,
                    accessKey: consumer.accessKey
                )
            )
            state.attachments.append(DesiredAttachment(user: consumer.name, policy: policyName, channel: channel.name))
        }
        state.policies.append(
            DesiredPolicy(
                name: policyName,
                path: Rendering.path,
                channel: channel.name,
                description: channel.description,
                document: document,
                tags: tags
            )
        )
    }
    return RenderResult(state: state, diagnostics: diagnostics.sorted(), invalidChannels: invalidChannels.sorted())
}

/// The diagnostics for the IAM limits a rendered channel breaks.
private func limitDiagnostics(_ channel: Channel, policyName: String, document: PolicyDocument) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []

    let nameLength = policyName.unicodeScalars.count
    if nameLength > Rendering.maximumPolicyNameLength {
        let room = Rendering.maximumPolicyNameLength - Rendering.policyNamePrefix.count
        diagnostics.append(
            Diagnostic(
                channel.location,
                "policy name '\(policyName)' has \(nameLength) characters; IAM allows at most "
                    + "\(Rendering.maximumPolicyNameLength), so a channel name may have at most \(room)"
            )
        )
    }

    let tagCount = channel.tags.count + 2
    if tagCount > Rendering.maximumTagsPerResource {
        diagnostics.append(
            Diagnostic(
                channel.location,
                "spec.tags has \(channel.tags.count) tags, so each resource of the channel would carry "
                    + "\(tagCount) with the two channelops: tags; IAM allows at most "
                    + "\(Rendering.maximumTagsPerResource) per resource, so spec.tags may hold at most "
                    + "\(Rendering.maximumTagsPerResource - 2)"
            )
        )
    }

    for permission in channel.permissions {
        diagnostics.append(contentsOf: characterDiagnostics(permission))
    }

    let size = document.iamCharacterCount
    if size > Rendering.maximumPolicyDocumentCharacters {
        diagnostics.append(
            Diagnostic(
                channel.location,
                "policy document of channel '\(channel.name)' has \(size) characters, whitespace not "
                    + "counted; IAM allows at most \(Rendering.maximumPolicyDocumentCharacters) in a managed "
                    + "policy: use wildcards or fewer actions, resources and conditions, or split the channel"
            )
        )
    }
    return diagnostics
}

/// One diagnostic for each string of the permission that holds a character IAM rejects.
private func characterDiagnostics(_ permission: Permission) -> [Diagnostic] {
    var fields: [(what: String, text: String)] = []
    if let sid = permission.sid { fields.append(("sid", sid)) }
    fields += permission.actions.map { ("action", $0) }
    fields += permission.resources.map { ("resource", $0) }
    for conditionOperator in permission.conditions {
        fields.append(("condition operator", conditionOperator.name))
        for clause in conditionOperator.clauses {
            fields.append(("condition key", clause.key))
            fields += clause.values.map { ("condition value", $0) }
        }
    }

    var diagnostics: [Diagnostic] = []
    for field in fields {
        guard let bad = field.text.unicodeScalars.first(where: { !isAllowedInPolicy($0) }) else { continue }
        let hex = String(bad.value, radix: 16, uppercase: true)
        let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        // Quoted with JSON escapes, so a control character cannot garble the terminal.
        var quoted: [UInt8] = []
        JSONValue.writeQuoted(field.text, to: &quoted)
        diagnostics.append(
            Diagnostic(
                permission.location,
                "\(field.what) \(String(decoding: quoted, as: UTF8.self)) contains the character \(name); "
                    + "IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF in a policy document"
            )
        )
    }
    return diagnostics
}

private func isAllowedInPolicy(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D, 0x20...0xFF: return true
    default: return false
    }
}
