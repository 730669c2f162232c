/// The output formats of `channelops render`.
public enum RenderFormat: String, Sendable, CaseIterable {
    /// Pretty-printed JSON.
    case json
    /// Block-style YAML.
    case yaml
}

extension DesiredState {
    /// The state as the document `channelops render` prints, in JSON or YAML.
    ///
    /// Both formats carry the same structure, with keys always in this order:
    ///
    /// ```
    /// instance:      string, the instance name
    /// users:         list, one entry per user
    ///   name:        string, the IAM user name (the consumer's name)
    ///   path:        string, "/channelops/"
    ///   channel:     string, the channel's name
    ///   tags:        map of tag key to value: channelops:managed-by, channelops:channel, then
    ///                spec.tags in their order
    ///   accessKey:   map, only when the consumer has an accessKey block:
    ///     enabled:           boolean
    ///     rotateAfterDays:   number, or null
    ///     rotationGraceDays: number
    ///     recipients:        list of age recipients (public keys)
    ///     secretsManager:    string (the secret's name), or null
    /// policies:      list, one entry per channel
    ///   name:        string, "channelops-<channel>"
    ///   path:        string, "/channelops/"
    ///   channel:     string
    ///   description: string, or null when the channel has none
    ///   document:    map, the policy document (Version, Statement; each statement Sid when
    ///                given, Effect, Action, Resource, Condition when given)
    ///   tags:        map, as for users
    /// attachments:   list, one entry per user
    ///   user:        string, the user name
    ///   policy:      string, the policy name
    /// ```
    ///
    /// Lists follow the order of `render(_:instance:)`: channels by name, users in manifest
    /// order. JSON is indented by two spaces with one member or element per line; YAML is block
    /// style as `JSONValue.yamlText()` describes. Both end with a newline, and equal states give
    /// byte-identical text.
    public func encoded(as format: RenderFormat) -> String {
        switch format {
        case .json:
            var buffer: [UInt8] = []
            jsonValue.write(to: &buffer, layout: .pretty, indent: 0)
            buffer.append(0x0A)
            return String(decoding: buffer, as: UTF8.self)
        case .yaml:
            return jsonValue.yamlText()
        }
    }

    /// The state as a JSON value with the structure `encoded(as:)` describes.
    public var jsonValue: JSONValue {
        .object([
            JSONValue.Member("instance", .string(instance)),
            JSONValue.Member("users", .array(users.map(\.jsonValue))),
            JSONValue.Member("policies", .array(policies.map(\.jsonValue))),
            JSONValue.Member("attachments", .array(attachments.map(\.jsonValue))),
        ])
    }
}

extension DesiredUser {
    var jsonValue: JSONValue {
        var members = [
            JSONValue.Member("name", .string(name)),
            JSONValue.Member("path", .string(path)),
            JSONValue.Member("channel", .string(channel)),
            JSONValue.Member("tags", tagsJSON(tags)),
        ]
        if let accessKey {
            members.append(JSONValue.Member("accessKey", accessKey.jsonValue))
        }
        return .object(members)
    }
}

extension AccessKeyPolicy {
    var jsonValue: JSONValue {
        .object([
            JSONValue.Member("enabled", .bool(isEnabled)),
            JSONValue.Member("rotateAfterDays", rotateAfterDays.map { .number(JSONNumber($0)) } ?? .null),
            JSONValue.Member("rotationGraceDays", .number(JSONNumber(rotationGraceDays))),
            JSONValue.Member("recipients", .array(recipients.map { .string($0) })),
            JSONValue.Member("secretsManager", secretsManagerName.map { .string($0) } ?? .null),
        ])
    }
}

extension DesiredPolicy {
    var jsonValue: JSONValue {
        .object([
            JSONValue.Member("name", .string(name)),
            JSONValue.Member("path", .string(path)),
            JSONValue.Member("channel", .string(channel)),
            JSONValue.Member("description", description.map { .string($0) } ?? .null),
            JSONValue.Member("document", document.jsonValue),
            JSONValue.Member("tags", tagsJSON(tags)),
        ])
    }
}

extension DesiredAttachment {
    var jsonValue: JSONValue {
        .object([
            JSONValue.Member("user", .string(user)),
            JSONValue.Member("policy", .string(policy)),
        ])
    }
}

private func tagsJSON(_ tags: [KeyValue]) -> JSONValue {
    .object(tags.map { JSONValue.Member($0.key, .string($0.value)) })
}
