import ChannelCore
public import IAMClient

/// Writes new access keys into AWS Secrets Manager, for consumers with
/// `accessKey.secretsManager`.
///
/// A secret that does not exist is created with the instance's tags
/// (`channelops:managed-by=<instance>`, `channelops:channel=<channel>`); one that exists is
/// written only when it carries this instance's `managed-by` tag, so a secret channelops did not
/// make is never overwritten. Each write costs two calls: `DescribeSecret`, then `CreateSecret`
/// or `PutSecretValue`. The key's id names the written version (its client request token), so a
/// write repeated after a dropped connection makes no second version.
///
/// Limitation: a secret is never deleted: when its consumer is removed or its key disabled, the
/// secret stays, holding a key that IAM has deleted. It is written before delivery, so a key
/// whose delivery fails is deleted while the secret's current version still holds it; and a
/// `secretsManager` added to a consumer that already has a key is written only with its next key.
public struct SecretsManagerStore: SecretStore {
    private let service: SecretsManagerService
    private let instance: String

    /// Creates a store writing through `service` for the channelops instance `instance`.
    public init(service: SecretsManagerService, instance: String) {
        self.service = service
        self.instance = instance
    }

    public func storeAccessKey(
        _ key: NewAccessKey, user: String, channel: String, secretName: String
    ) async throws(KeyDeliveryError) {
        let value = String(decoding: AccessKeyIssuer.credentialsJSON(key, user: user), as: UTF8.self)
        let token = Self.requestToken(for: key.accessKeyID)
        let tags: [IAMTag]
        do {
            tags = try await service.describeSecretTags(secretID: secretName)
        } catch let error where error.serviceCode?.code == "ResourceNotFoundException" {
            do {
                _ = try await service.createSecret(
                    name: secretName, secretString: value, clientRequestToken: token,
                    description: "Access key of IAM user \(user), written by channelops",
                    tags: [
                        IAMTag(key: Rendering.managedByTagKey, value: instance),
                        IAMTag(key: Rendering.channelTagKey, value: channel),
                    ])
                return
            } catch {
                throw KeyDeliveryError(error.description)
            }
        } catch {
            throw KeyDeliveryError(error.description)
        }
        let owner = tags.first { $0.key == Rendering.managedByTagKey }?.value
        guard owner == instance else {
            let found = owner.map { "it is managed by channelops instance \($0)" } ?? "channelops did not create it"
            throw KeyDeliveryError(
                "the secret \(secretName) exists and \(found), so it is left as it is; name another secret, or tag "
                    + "this one \(Rendering.managedByTagKey)=\(instance) to let this instance write it")
        }
        do {
            _ = try await service.putSecretValue(secretID: secretName, secretString: value, clientRequestToken: token)
        } catch {
            throw KeyDeliveryError(error.description)
        }
    }

    /// The client request token for the version that holds key `accessKeyID`: 32 to 64
    /// characters, as Secrets Manager requires, and the same for every attempt.
    static func requestToken(for accessKeyID: String) -> String {
        var token = "channelops-key-" + accessKeyID.prefix(48)
        while token.count < 32 { token += "0" }
        return token
    }
}
