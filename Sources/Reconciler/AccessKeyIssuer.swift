import AgeSeal
import ChannelCore
import ChannelLog

/// Issues one access key: checks what it can beforehand, creates the key, seals its secret at
/// once, stores and delivers it, and deletes the key again when any of that fails.
///
/// The secret lives only in memory between `CreateAccessKey` and sealing; nothing here logs it
/// or puts it in an error. Failures are `IAMOperationError`s with code `notDeliveredCode` (or
/// IAM's code when the create itself fails), whose message says whether a key was left behind.
struct AccessKeyIssuer: Sendable {
    /// The code of a failure to seal, store or deliver a new key.
    static let notDeliveredCode = "AccessKeyNotDelivered"

    let operations: any IAMOperations
    let delivery: (any KeyDelivery)?
    let secretStore: (any SecretStore)?
    /// The run's time, recorded as the key's `issuedAt`.
    let now: Timestamp
    let logger: Logger

    /// Creates, seals and delivers a key for `issue`; returns its delivered record.
    ///
    /// - Throws: `IAMOperationError`: IAM's own when the create fails (no key exists then),
    ///   else one with `notDeliveredCode` whose message starts `access key for user X was ...`.
    func issue(_ issue: AccessKeyIssue) async throws(IAMOperationError) -> DeliveredKey {
        // Everything that can fail without a key is checked before IAM makes one.
        let recipients = try parsedRecipients(issue)
        guard let delivery else {
            throw notCreated(
                issue,
                "this run writes no status commit, which is how keys are delivered (--no-status, --dry-run, or "
                    + "manifests with uncommitted changes); run with the status written")
        }
        if let name = issue.secretsManagerName, secretStore == nil {
            throw notCreated(
                issue,
                "accessKey.secretsManager names the secret \(name), but this run has no Secrets Manager client; "
                    + "remove secretsManager from the consumer")
        }

        // From here on the key must be delivered or deleted again.
        let key = try await operations.createAccessKey(userName: issue.user)
        let log = logger.with(LogKey.user, issue.user).with("key", key.accessKeyID)
        log.info("created access key")

        // Seal at once; only the sealed bytes go further.
        let sealed: [UInt8]
        do {
            sealed = try Self.sealed(key, user: issue.user, for: recipients)
        } catch {
            throw await undo(key, issue, because: "sealing failed: \(error.description)", log: log)
        }

        // Secrets Manager first: a failure there is likelier than one staging the status files.
        if let name = issue.secretsManagerName, let secretStore {
            do {
                try await secretStore.storeAccessKey(key, user: issue.user, channel: issue.channel, secretName: name)
            } catch {
                throw await undo(
                    key, issue, because: "writing Secrets Manager secret \(name) failed: \(error.message)", log: log)
            }
        }
        let parcel = SealedAccessKey(
            channel: issue.channel, user: issue.user, accessKeyID: key.accessKeyID, createDate: key.createDate,
            sealed: sealed)
        do {
            try await delivery.deliver(parcel)
        } catch {
            let stored = issue.secretsManagerName.map { "; Secrets Manager secret \($0) now holds the deleted key" }
            throw await undo(key, issue, because: "delivery failed: \(error.message)" + (stored ?? ""), log: log)
        }
        log.info("delivered access key")
        return DeliveredKey(
            user: issue.user,
            channel: issue.channel,
            accessKeyID: key.accessKeyID,
            createDate: key.createDate,
            issuedAt: now,
            status: .active
        )
    }

    /// Parses every recipient fully, so that a bad checksum stops the issue before a key exists.
    private func parsedRecipients(_ issue: AccessKeyIssue) throws(IAMOperationError) -> [AgeRecipient] {
        guard !issue.recipients.isEmpty else {
            throw notCreated(issue, "accessKey has no recipients to seal it for; add an age recipient (age1...)")
        }
        var recipients: [AgeRecipient] = []
        for (index, text) in issue.recipients.enumerated() {
            do {
                recipients.append(try AgeRecipient(text))
            } catch {
                throw notCreated(issue, "accessKey.recipients[\(index)] is unusable: \(error.description)")
            }
        }
        return recipients
    }

    /// The key's credentials as the JSON object `SealedAccessKey` describes, sealed for
    /// `recipients`.
    private static func sealed(
        _ key: NewAccessKey,
        user: String,
        for recipients: [AgeRecipient]
    ) throws(AgeError) -> [UInt8] {
        // Limitation: the secret arrives as a Swift string, which cannot be wiped; only this
        // byte copy is overwritten once sealed.
        var body = credentialsJSON(key, user: user)
        defer {
            for index in body.indices { body[index] = 0 }
        }
        return try AgeEncryptor.seal(body, to: recipients)
    }

    /// The key's credentials as the JSON object `SealedAccessKey` describes, with a final line
    /// feed: what the sealed file and the Secrets Manager secret hold.
    static func credentialsJSON(_ key: NewAccessKey, user: String) -> [UInt8] {
        var body = Array("{\"Version\": 1, \"AccessKeyId\": ".utf8)
        appendJSONString(key.accessKeyID, to: &body)
        body += Array(", \"SecretAccessKey\": ".utf8)
        appendJSONString(key.secretAccessKey, to: &body)
        body += Array(", \"UserName\": ".utf8)
        appendJSONString(user, to: &body)
        body += Array(", \"CreateDate\": ".utf8)
        appendJSONString(key.createDate.rfc3339, to: &body)
        body += Array("}\n".utf8)
        return body
    }

    private static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes += [UInt8(ascii: "\\"), byte]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Deletes a key that could not be delivered, and returns the error that says so.
    private func undo(
        _ key: NewAccessKey,
        _ issue: AccessKeyIssue,
        because reason: String,
        log: Logger
    ) async -> IAMOperationError {
        // Limitation: a run cancelled at this point cannot make the deletion, since the client
        // stops calls of a cancelled task; the next run retires the key as not delivered.
        do {
            try await operations.deleteAccessKey(userName: issue.user, accessKeyID: key.accessKeyID)
        } catch {
            log.error("could not delete an undelivered access key", [LogKey.error: error.message])
            return IAMOperationError(
                code: Self.notDeliveredCode,
                message: "access key \(key.accessKeyID) for user \(issue.user) was created but not delivered "
                    + "because \(reason); deleting it again failed too: \(error.message); the next run retires "
                    + "it, or delete it now: aws iam delete-access-key --user-name \(issue.user) "
                    + "--access-key-id \(key.accessKeyID)"
            )
        }
        log.warning("deleted an access key that could not be delivered", [LogKey.error: reason])
        return IAMOperationError(
            code: Self.notDeliveredCode,
            message: "access key for user \(issue.user) was created and deleted again because \(reason)"
        )
    }

    private func notCreated(_ issue: AccessKeyIssue, _ reason: String) -> IAMOperationError {
        IAMOperationError(
            code: Self.notDeliveredCode, message: "access key for user \(issue.user) was not created: \(reason)")
    }
}
