extension DriftReport {
    /// The version of the JSON schema below; raised only for changes that break a reader.
    public static let jsonSchemaVersion = 1

    /// The report as pretty JSON with a stable schema, for scripts and pipelines.
    ///
    /// Members appear in the order shown; lists are sorted as in the report; every member is
    /// always present (`null` or empty when there is nothing), except the per-action members
    /// of a change.
    ///
    /// ```
    /// {
    ///   "schemaVersion": 1,
    ///   "instance": "default",
    ///   "summary": {
    ///     "channels": 3, "inSync": 1, "drifted": 1, "failed": 0, "invalid": 0,
    ///     "conflict": 1, "changes": 4, "retained": 1
    ///   },
    ///   "apiCalls": 9,                      // null when not counted
    ///   "notices": ["..."],
    ///   "channels": [
    ///     {
    ///       "name": "support-bot",          // "" for resources without a channel tag
    ///       "phase": "Drifted",             // InSync | Drifted | Failed | Invalid | Conflict
    ///       "changes": [
    ///         {"action": "createUser", "marker": "+", "summary": "user ... (path /channelops/)",
    ///          ...per-action members...}
    ///       ],
    ///       "conflicts": ["..."],
    ///       "notes": ["..."],
    ///       "error": null,                  // the apply error of a Failed channel
    ///       "accessKeys": [
    ///         {"user": "web", "accessKeyId": "AKIA...", "status": "Active", "delivered": true,
    ///          "createDate": "2026-01-01T00:00:00Z", "ageDays": 12,   // null without a clock
    ///          "lastUsed": "2026-01-10T08:00:00Z",  // or "never", or null when not read
    ///          "unusedDays": 2, "unusedTooLong": false}
    ///       ]
    ///     }
    ///   ],
    ///   "retained": [
    ///     {"channel": "old", "kind": "user", "name": "...", "arn": "...",
    ///      "reason": "protected"}          // protected | pruneDisabled | manifestsUnreadable
    ///   ]
    /// }
    /// ```
    ///
    /// Per-action members of a change (`tags` is an object of key to value; a tag change is
    /// `{"change": "add"|"change"|"remove", "key", "value"}` with `live` and `desired` instead
    /// of `value` for `change`; a document is the policy JSON itself):
    /// - `createUser`: `user`, `path`, `tags`
    /// - `updateUserPath`: `user`, `live`, `desired`
    /// - `updateUserTags`: `user`, `tagChanges`
    /// - `deleteUser`: `user`, `arn`, `attachedPolicies`, `inlinePolicies`, `groups`,
    ///   `accessKeys`
    /// - `createPolicy`: `policy`, `path`, `description` (or null), `tags`, `document`
    /// - `updatePolicyDocument`: `policy`, `policyArn`, `live`, `desired`, `deletesVersion`
    ///   (or null)
    /// - `updatePolicyTags`: `policy`, `policyArn`, `tagChanges`
    /// - `deletePolicy`: `policy`, `policyArn`, `detachFrom` (user names), `versions`
    /// - `attachPolicy`: `user`, `policy`, `policyArn` (null when the policy is created first)
    /// - `detachPolicy`: `user`, `policyArn`
    /// - `deleteInlinePolicy`: `user`, `policy`
    /// - `removeFromGroup`: `user`, `group`
    /// - `issueAccessKey`: `user`, `reason` (`missing`, `rotation` or `currentInactive`), `why`,
    ///   `recipients`, `secretsManager` (or null)
    /// - `deactivateAccessKey`: `user`, `accessKeyId`, `status`, `createDate`, `reason`
    ///   (`graceEnded` or `disabled`), `why`
    /// - `deleteAccessKey`: as `deactivateAccessKey`, with `reason` one of `notDelivered`,
    ///   `inactive`, `makesRoom`, and `deactivatesFirst`
    public func json() -> String {
        let counts = Dictionary(phaseCounts.map { ($0.phase, $0.count) }, uniquingKeysWith: +)
        let summary: [JSONValue.Member] = [
            .init("channels", .int(channels.count)),
            .init("inSync", .int(counts[.inSync] ?? 0)),
            .init("drifted", .int(counts[.drifted] ?? 0)),
            .init("failed", .int(counts[.failed] ?? 0)),
            .init("invalid", .int(counts[.invalid] ?? 0)),
            .init("conflict", .int(counts[.conflict] ?? 0)),
            .init("changes", .int(changeCount)),
            .init("retained", .int(retained.count)),
        ]
        let root: JSONValue = .object([
            .init("schemaVersion", .int(Self.jsonSchemaVersion)),
            .init("instance", .string(instance)),
            .init("summary", .object(summary)),
            .init("apiCalls", apiCalls.map { .int($0) } ?? .null),
            .init("notices", .strings(notices)),
            .init("channels", .array(channels.map(\.jsonValue))),
            .init("retained", .array(retained.map(\.jsonValue))),
        ])
        return root.text(.pretty) + "\n"
    }
}

extension DriftReport.Entry {
    var jsonValue: JSONValue {
        .object([
            .init("name", .string(channel)),
            .init("phase", .string(phase.rawValue)),
            .init("changes", .array(changes.map(\.jsonValue))),
            .init("conflicts", .strings(conflicts)),
            .init("notes", .strings(notes)),
            .init("error", error.map { .string($0) } ?? .null),
            .init("accessKeys", .array(accessKeys.map(\.jsonValue))),
        ])
    }
}

extension AccessKeyObservation {
    var jsonValue: JSONValue {
        let lastUsed: JSONValue
        switch key.lastUse {
        case .none: lastUsed = .null
        case .never?: lastUsed = .string("never")
        case .at(let date)?: lastUsed = .string(date.rfc3339)
        }
        return .object([
            .init("user", .string(user)),
            .init("accessKeyId", .string(key.id)),
            .init("status", .string(key.status.rawValue)),
            .init("delivered", .bool(isDelivered)),
            .init("createDate", .string(key.createDate.rfc3339)),
            .init("ageDays", ageDays.map { .int($0) } ?? .null),
            .init("lastUsed", lastUsed),
            .init("unusedDays", unusedDays.map { .int($0) } ?? .null),
            .init("unusedTooLong", .bool(isUnusedTooLong)),
        ])
    }
}

extension AccessKeyChange {
    /// The members of a deactivation or deletion.
    fileprivate func jsonMembers(deletion: Bool) -> [JSONValue.Member] {
        let code: String
        switch reason {
        case .notDelivered: code = "notDelivered"
        case .graceEnded: code = "graceEnded"
        case .disabled: code = "disabled"
        case .inactive: code = "inactive"
        case .makesRoom: code = "makesRoom"
        }
        var members: [JSONValue.Member] = [
            .init("user", .string(user)),
            .init("accessKeyId", .string(key.id)),
            .init("status", .string(key.status.rawValue)),
            .init("createDate", .string(key.createDate.rfc3339)),
            .init("reason", .string(code)),
            .init("why", .string(explanation)),
        ]
        if deletion { members.append(.init("deactivatesFirst", .bool(deactivatesFirst))) }
        return members
    }
}

extension RetainedResource {
    var jsonValue: JSONValue {
        .object([
            .init("channel", .string(channel)),
            .init("kind", .string(kind.rawValue)),
            .init("name", .string(name)),
            .init("arn", .string(arn)),
            .init("reason", .string(reason.rawValue)),
        ])
    }
}

extension Change {
    var jsonValue: JSONValue {
        let common: [JSONValue.Member] = [
            .init("action", .string(action)),
            .init("marker", .string(String(marker))),
            .init("summary", .string(summary)),
        ]
        return .object(common + jsonMembers)
    }

    private var jsonMembers: [JSONValue.Member] {
        switch self {
        case .createUser(let name, let path, let tags):
            return [.init("user", .string(name)), .init("path", .string(path)), .init("tags", .tags(tags))]
        case .updateUserPath(let user, let live, let desired):
            return [.init("user", .string(user)), .init("live", .string(live)), .init("desired", .string(desired))]
        case .updateUserTags(let user, let changes):
            return [.init("user", .string(user)), .init("tagChanges", .array(changes.map(\.jsonValue)))]
        case .deleteUser(let removal):
            let user = removal.user
            return [
                .init("user", .string(user.name)),
                .init("arn", .string(user.arn)),
                .init("attachedPolicies", .strings(user.attachedPolicyARNs)),
                .init("inlinePolicies", .strings(user.inlinePolicyNames)),
                .init("groups", .strings(user.groupNames)),
                .init("accessKeys", .strings(user.accessKeyIDs ?? [])),
            ]
        case .createPolicy(let creation):
            return [
                .init("policy", .string(creation.name)),
                .init("path", .string(creation.path)),
                .init("description", creation.description.map { .string($0) } ?? .null),
                .init("tags", .tags(creation.tags)),
                .init("document", creation.document.jsonValue),
            ]
        case .updatePolicyDocument(let update):
            return [
                .init("policy", .string(update.policy)),
                .init("policyArn", .string(update.arn)),
                .init("live", update.live.jsonValue),
                .init("desired", update.desired.jsonValue),
                .init("deletesVersion", update.versionToDelete.map { .string($0) } ?? .null),
            ]
        case .updatePolicyTags(let policy, let arn, let changes):
            return [
                .init("policy", .string(policy)),
                .init("policyArn", .string(arn)),
                .init("tagChanges", .array(changes.map(\.jsonValue))),
            ]
        case .deletePolicy(let removal):
            return [
                .init("policy", .string(removal.policy.name)),
                .init("policyArn", .string(removal.policy.arn)),
                .init("detachFrom", .strings(removal.attachedUsers)),
                .init("versions", .strings(removal.policy.versions.map(\.id))),
            ]
        case .attachPolicy(let user, let policy, let arn):
            return [
                .init("user", .string(user)),
                .init("policy", .string(policy)),
                .init("policyArn", arn.map { .string($0) } ?? .null),
            ]
        case .detachPolicy(let user, let arn):
            return [.init("user", .string(user)), .init("policyArn", .string(arn))]
        case .deleteInlinePolicy(let user, let policy):
            return [.init("user", .string(user)), .init("policy", .string(policy))]
        case .removeFromGroup(let user, let group):
            return [.init("user", .string(user)), .init("group", .string(group))]
        case .issueAccessKey(let issue):
            let reason: String
            switch issue.reason {
            case .missing: reason = "missing"
            case .rotation: reason = "rotation"
            case .currentInactive: reason = "currentInactive"
            }
            return [
                .init("user", .string(issue.user)),
                .init("reason", .string(reason)),
                .init("why", .string(issue.explanation)),
                .init("recipients", .strings(issue.recipients)),
                .init("secretsManager", issue.secretsManagerName.map { .string($0) } ?? .null),
            ]
        case .deactivateAccessKey(let change):
            return change.jsonMembers(deletion: false)
        case .deleteAccessKey(let change):
            return change.jsonMembers(deletion: true)
        }
    }
}

extension TagChange {
    var jsonValue: JSONValue {
        switch self {
        case .add(let key, let value):
            return .object([
                .init("change", .string("add")), .init("key", .string(key)), .init("value", .string(value)),
            ])
        case .change(let key, let live, let desired):
            return .object([
                .init("change", .string("change")),
                .init("key", .string(key)),
                .init("live", .string(live)),
                .init("desired", .string(desired)),
            ])
        case .remove(let key, let value):
            return .object([
                .init("change", .string("remove")), .init("key", .string(key)), .init("value", .string(value)),
            ])
        }
    }
}

extension JSONValue {
    fileprivate static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    fileprivate static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    fileprivate static func tags(_ tags: [KeyValue]) -> JSONValue {
        .object(tags.map { JSONValue.Member($0.key, .string($0.value)) })
    }
}
