public import ChannelCore

/// Where a new access key goes once its secret is sealed: for channelops, the status commit,
/// as `status/keys/<user>.age`.
///
/// The engine calls `deliver` once per issued key, right after sealing, and counts the key as
/// delivered only when it returns; when it throws, the engine deletes the key again. A delivery
/// may be staged (written into the status commit that follows the apply): a key whose commit
/// never lands has no delivered record, so the next run retires it. Safe to call from several
/// channels at once.
public protocol KeyDelivery: Sendable {
    /// Delivers one sealed key; a later delivery for the same user replaces the earlier one.
    ///
    /// - Throws: `KeyDeliveryError` saying what failed; it must never hold the sealed bytes'
    ///   plaintext, which the delivery never sees.
    func deliver(_ key: SealedAccessKey) async throws(KeyDeliveryError)
}

/// A new access key sealed for its recipients: everything that leaves the engine about it.
///
/// `sealed` is an age file (binary format) whose plaintext is the JSON object
/// `{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "UserName": ...,
/// "CreateDate": ...}`, the shape the AWS CLI and SDKs take from a `credential_process`, so
/// `credential_process = age -d -i identity.txt web.age` works as is.
public struct SealedAccessKey: Sendable, Equatable {
    /// The channel of the consumer the key is for.
    public var channel: String
    /// The IAM user the key belongs to.
    public var user: String
    /// The access key id (`AKIA...`); not a secret.
    public var accessKeyID: String
    /// When IAM created the key.
    public var createDate: Timestamp
    /// The age file.
    public var sealed: [UInt8]

    /// Creates a value.
    public init(channel: String, user: String, accessKeyID: String, createDate: Timestamp, sealed: [UInt8]) {
        self.channel = channel
        self.user = user
        self.accessKeyID = accessKeyID
        self.createDate = createDate
        self.sealed = sealed
    }
}

/// Stores a new access key in AWS Secrets Manager, for consumers with `secretsManager`.
///
/// Called after sealing and before `KeyDelivery.deliver`; when it throws, the engine deletes
/// the key again. Safe to call from several channels at once.
public protocol SecretStore: Sendable {
    /// Writes the key of `user`, a consumer of `channel`, as the current value of the secret
    /// `secretName` (the same JSON object as in `SealedAccessKey`), creating the secret when it
    /// does not exist.
    ///
    /// - Throws: `KeyDeliveryError` saying what failed, never holding the secret.
    func storeAccessKey(
        _ key: NewAccessKey, user: String, channel: String, secretName: String
    ) async throws(KeyDeliveryError)
}

/// A delivery or secret store that failed; the message says what failed and holds no secret.
public struct KeyDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    /// Creates an error from a complete message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
