import Foundation

/// The Secrets Manager operations channelops needs, over an `AWSClient` configured for Secrets
/// Manager (`AWSClient.Configuration.secretsManager`).
///
/// Writes carry a client request token, which Secrets Manager uses to make a repeated call a
/// no-op: they are repeated after an unknown outcome, and a token that already made the same
/// version counts as success. Secret values travel only in request and response bodies, which
/// are never logged or put into an error.
public struct SecretsManagerService: Sendable {
    /// The client the operations go through.
    public let client: AWSClient

    /// Creates the service over `client`, which must be configured for Secrets Manager.
    public init(client: AWSClient) {
        self.client = client
    }

    /// Stores `secretString` as the new current version of the secret `secretID` (a name or
    /// ARN) and returns the secret's ARN.
    ///
    /// `clientRequestToken` names the version (32 to 64 characters); the same token with the
    /// same value makes no second version.
    ///
    /// - Throws: `IAMError`; `ResourceNotFoundException` when there is no such secret.
    public func putSecretValue(
        secretID: String, secretString: String, clientRequestToken: String
    ) async throws(IAMError) -> String {
        var request = AWSRequest(action: "PutSecretValue", resource: "secret=\(secretID)")
        request.jsonBody = try Self.encode(
            ["SecretId": secretID, "SecretString": secretString, "ClientRequestToken": clientRequestToken],
            request: request)
        let response = try await client.perform(request)
        return try Self.string("ARN", in: response)
    }

    /// Creates the secret `name` holding `secretString`, with `tags`, and returns its ARN.
    ///
    /// - Throws: `IAMError`; `ResourceExistsException` when a secret of that name exists.
    public func createSecret(
        name: String, secretString: String, clientRequestToken: String, description: String, tags: [IAMTag]
    ) async throws(IAMError) -> String {
        var request = AWSRequest(action: "CreateSecret", resource: "secret=\(name)")
        var body: [String: Any] = [
            "Name": name, "SecretString": secretString, "ClientRequestToken": clientRequestToken,
            "Description": description,
        ]
        if !tags.isEmpty {
            body["Tags"] = tags.map { ["Key": $0.key, "Value": $0.value] }
        }
        request.jsonBody = try Self.encode(body, request: request)
        let response = try await client.perform(request)
        return try Self.string("ARN", in: response)
    }

    /// The current value of the secret `secretID` as a string.
    ///
    /// The answer holds the secret: callers must keep it out of logs and errors.
    ///
    /// - Throws: `IAMError`; `ResourceNotFoundException` when there is no such secret.
    public func getSecretValue(secretID: String) async throws(IAMError) -> String {
        var request = AWSRequest(action: "GetSecretValue", resource: "secret=\(secretID)")
        request.jsonBody = try Self.encode(["SecretId": secretID], request: request)
        let response = try await client.perform(request)
        return try Self.string("SecretString", in: response)
    }

    /// The tags of the secret `secretID`, in the order AWS returns them.
    ///
    /// - Throws: `IAMError`; `ResourceNotFoundException` when there is no such secret.
    public func describeSecretTags(secretID: String) async throws(IAMError) -> [IAMTag] {
        var request = AWSRequest(action: "DescribeSecret", resource: "secret=\(secretID)")
        request.jsonBody = try Self.encode(["SecretId": secretID], request: request)
        let response = try await client.perform(request)
        let fields = try Self.object(response)
        guard let tags = fields["Tags"] else { return [] }
        guard let list = tags as? [[String: Any]] else { throw response.invalid("Tags is not a list of objects") }
        return try list.map { (entry: [String: Any]) throws(IAMError) -> IAMTag in
            guard let key = entry["Key"] as? String else { throw response.invalid("a tag has no Key") }
            return IAMTag(key: key, value: entry["Value"] as? String ?? "")
        }
    }

    private static func encode(_ body: [String: Any], request: AWSRequest) throws(IAMError) -> [UInt8] {
        do {
            return Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        } catch {
            // Only a value JSON cannot hold gets here; the message never includes the body.
            throw IAMError(
                action: request.action, resource: request.resource,
                reason: .invalidRequest("the request body cannot be written as JSON"), attempts: 0)
        }
    }

    private static func object(_ response: AWSResponse) throws(IAMError) -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(response.body)),
            let fields = parsed as? [String: Any]
        else {
            throw response.invalid("the body is not a JSON object")
        }
        return fields
    }

    private static func string(_ name: String, in response: AWSResponse) throws(IAMError) -> String {
        guard let value = try object(response)[name] as? String else {
            throw response.invalid("\(name) is missing or not a string")
        }
        return value
    }
}
