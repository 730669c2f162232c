/// A new access key with its secret, as `CreateAccessKey` returns it: the only time AWS shows
/// the secret.
///
/// The secret never appears in `description`, `debugDescription` or a `dump`, so a value can
/// be logged or put in an error by mistake without leaking it. Read `secretAccessKey` only to
/// hand it to where it is stored.
public struct CreatedAccessKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key's id, status, user and creation date.
    public var metadata: AccessKeyMetadata
    /// The secret access key; never log it.
    public var secretAccessKey: String

    /// Creates a value.
    public init(metadata: AccessKeyMetadata, secretAccessKey: String) {
        self.metadata = metadata
        self.secretAccessKey = secretAccessKey
    }

    /// The key id and user, with the secret redacted.
    public var description: String {
        "CreatedAccessKey(user: \(metadata.userName), accessKeyID: \(metadata.accessKeyID), "
            + "status: \(metadata.status.rawValue), secretAccessKey: <redacted>)"
    }

    /// The same as `description`.
    public var debugDescription: String { description }

    /// A mirror that shows the metadata and a redacted secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["metadata": metadata, "secretAccessKey": "<redacted>"])
    }
}

extension CreatedAccessKey {
    /// Reads the `<AccessKey>` element of a `CreateAccessKey` result.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            metadata: try AccessKeyMetadata(element, in: response),
            secretAccessKey: try response.requiredText("SecretAccessKey", in: element))
    }
}
