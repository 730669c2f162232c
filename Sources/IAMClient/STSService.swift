/// The STS operation channelops needs, over an `AWSClient` configured for STS.
public struct STSService: Sendable {
    /// The Query API client the operation goes through.
    public let client: AWSClient

    /// Creates the service over `client`, which must be configured for STS.
    public init(client: AWSClient) {
        self.client = client
    }

    /// Returns the account, ARN and id of the credentials' owner; needs no IAM permission.
    public func getCallerIdentity() async throws(IAMError) -> CallerIdentity {
        let response = try await client.perform(AWSRequest(action: "GetCallerIdentity"))
        return try CallerIdentity(result: response.result, in: response)
    }
}
