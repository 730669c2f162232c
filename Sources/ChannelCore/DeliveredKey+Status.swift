extension DeliveredKey {
    /// The status field names of a record, in the order they are written.
    public enum StatusField {
        public static let user = "user"
        public static let accessKeyID = "accessKeyId"
        public static let created = "created"
        public static let issued = "issued"
        public static let status = "status"
        public static let inactiveSince = "inactiveSince"
    }

    /// The record as `status/<channel>.yaml` lists it under `accessKeys`.
    ///
    /// Fields: `user`, `accessKeyId`, `created`, `issued` (RFC 3339, UTC), `status` (`Active`
    /// or `Inactive`), and `inactiveSince` only while inactive. It holds no secret.
    public var statusValue: JSONValue {
        var members: [JSONValue.Member] = [
            .init(StatusField.user, .string(user)),
            .init(StatusField.accessKeyID, .string(accessKeyID)),
            .init(StatusField.created, .string(createDate.rfc3339)),
            .init(StatusField.issued, .string(issuedAt.rfc3339)),
            .init(StatusField.status, .string(status.rawValue)),
        ]
        if let inactiveSince {
            members.append(.init(StatusField.inactiveSince, .string(inactiveSince.rfc3339)))
        }
        return .object(members)
    }

    /// Reads a record back from the fields of one `accessKeys` entry of a channel's status.
    ///
    /// - Throws: `DeliveredKeyStatusError` naming the first field that is missing or unreadable.
    public init(statusFields fields: [String: String], channel: String) throws(DeliveredKeyStatusError) {
        func text(_ name: String) throws(DeliveredKeyStatusError) -> String {
            guard let value = fields[name], !value.isEmpty else {
                throw DeliveredKeyStatusError(field: name, value: nil)
            }
            return value
        }
        func time(_ name: String) throws(DeliveredKeyStatusError) -> Timestamp {
            let value = try text(name)
            guard let time = Timestamp(rfc3339: value) else { throw DeliveredKeyStatusError(field: name, value: value) }
            return time
        }
        let statusText = try text(StatusField.status)
        guard let status = LiveAccessKey.Status(rawValue: statusText) else {
            throw DeliveredKeyStatusError(field: StatusField.status, value: statusText)
        }
        self.init(
            user: try text(StatusField.user),
            channel: channel,
            accessKeyID: try text(StatusField.accessKeyID),
            createDate: try time(StatusField.created),
            issuedAt: try time(StatusField.issued),
            status: status,
            inactiveSince: fields[StatusField.inactiveSince] == nil ? nil : try time(StatusField.inactiveSince)
        )
    }
}

/// An `accessKeys` entry of a status file that cannot be read back.
public struct DeliveredKeyStatusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field that is missing or unreadable.
    public var field: String
    /// The value found; nil when the field is missing or empty.
    public var value: String?

    public var description: String {
        guard let value else { return "an accessKeys entry has no '\(field)'" }
        return "an accessKeys entry has '\(field): \(value)', which is not "
            + (field == DeliveredKey.StatusField.status ? "Active or Inactive" : "an RFC 3339 time")
    }
}

/// The sealed key files channelops keeps beside the statuses: `status/keys/<user>.age`, one per
/// user, holding the user's newest delivered key.
public enum SealedKeyFiles {
    /// The folder below `status/`.
    public static let folder = "keys"

    /// A user's file, relative to `status/`: `keys/<user>.age`.
    ///
    /// IAM user names hold only letters, digits and `+=,.@_-`, so every name is a safe file name.
    public static func path(forUser user: String) -> String {
        "\(folder)/\(user).age"
    }

    /// The files `status/keys/` holds after a run, relative to `status/`.
    ///
    /// For each user that still holds a delivered key: the file delivered in this run, else the
    /// one already there. A user without a delivered key loses its file, since it could only
    /// open to a deleted key.
    public static func merged(
        existing: [String: [UInt8]],
        delivered: [String: [UInt8]],
        records: [DeliveredKey]
    ) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for user in Set(records.map(\.user)) {
            let path = path(forUser: user)
            if let bytes = delivered[path] ?? existing[path] { files[path] = bytes }
        }
        return files
    }
}
