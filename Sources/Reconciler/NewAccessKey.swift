public import ChannelCore

/// An access key just created, with its secret: what `CreateAccessKey` returns, once.
///
/// The secret never appears in `description`, `debugDescription` or a `dump`, so a value put
/// in a log or an error by mistake does not leak it. The engine reads `secretAccessKey` only to
/// seal it and to hand it to a `SecretStore`.
public struct NewAccessKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The access key id (`AKIA...`); not a secret.
    public var accessKeyID: String
    /// The secret access key; never log it.
    public var secretAccessKey: String
    /// When IAM created the key.
    public var createDate: Timestamp

    /// Creates a value.
    public init(accessKeyID: String, secretAccessKey: String, createDate: Timestamp) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.createDate = createDate
    }

    /// The key id and creation time, with the secret redacted.
    public var description: String {
        "NewAccessKey(accessKeyID: \(accessKeyID), createDate: \(createDate), secretAccessKey: <redacted>)"
    }

    /// The same as `description`.
    public var debugDescription: String { description }

    /// A mirror that shows the id, the date and a redacted secret.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["accessKeyID": accessKeyID, "createDate": createDate, "secretAccessKey": "<redacted>"])
    }
}
