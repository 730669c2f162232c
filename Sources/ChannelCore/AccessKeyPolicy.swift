/// A consumer's `accessKey` block: whether its user gets an access key from channelops, when
/// the key rotates, and for whom the secret is sealed.
///
/// channelops issues at most one current key per user and seals its secret at once for
/// `recipients` in the age format; the secret itself is never stored in clear, logged or
/// committed. See `Drift` for the key's life: issue, rotation, grace, deactivation, deletion.
public struct AccessKeyPolicy: Sendable, Equatable {
    /// The grace period used when `rotationGraceDays` is not written.
    public static let defaultRotationGraceDays = 7

    /// `enabled`: true issues and keeps a key; false (the default) retires the keys channelops
    /// delivered: deactivated now, deleted a day later.
    public var isEnabled: Bool
    /// `rotateAfterDays` (1–3650): a new key is issued once the current one is this many days
    /// old; nil: the key never rotates by age.
    public var rotateAfterDays: Int?
    /// `rotationGraceDays` (0–365): how long the previous key stays active after a rotation.
    public var rotationGraceDays: Int
    /// `recipients`: age public keys (`age1...`) that may open the sealed secret, as written.
    public var recipients: [String]
    /// `secretsManager.name`: the Secrets Manager secret that also receives the key; nil when
    /// not written.
    public var secretsManagerName: String?

    /// Creates a policy; by default disabled, with the default grace and no recipient.
    public init(
        isEnabled: Bool = false,
        rotateAfterDays: Int? = nil,
        rotationGraceDays: Int = AccessKeyPolicy.defaultRotationGraceDays,
        recipients: [String] = [],
        secretsManagerName: String? = nil
    ) {
        self.isEnabled = isEnabled
        self.rotateAfterDays = rotateAfterDays
        self.rotationGraceDays = rotationGraceDays
        self.recipients = recipients
        self.secretsManagerName = secretsManagerName
    }
}
