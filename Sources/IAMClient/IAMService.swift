/// The typed IAM operations channelops needs, over an `AWSClient` configured for IAM.
///
/// Every method sends the named IAM action (retried as the client's policy allows) and throws
/// `IAMError`, whose description names the action and the resource. List methods follow every
/// page. Methods are safe to call concurrently.
///
/// Repeating after an unknown outcome: when the connection fails after a request was sent, AWS
/// may have applied it. Deletes, detaches and removals are then repeated, and a `NoSuchEntity`
/// answer to the repeat counts as success, since the earlier attempt did the work.
/// `CreateUser` and `CreatePolicy` are repeated too; if the repeat answers
/// `EntityAlreadyExists`, the resource is read back and, when it is exactly what was asked for
/// (same path and tags, and for a policy the same description and document), the call
/// succeeds with it; otherwise the `EntityAlreadyExists` error stands. `CreatePolicyVersion`
/// is not repeated blindly: the versions are listed first, and a newest version with the same
/// document (default when asked) is taken as the result. `CreateAccessKey` is never repeated:
/// it fails with an "outcome unknown" error, since a repeat could leave a second key whose
/// secret nobody holds.
public struct IAMService: Sendable {
    /// The Query API client the operations go through.
    public let client: AWSClient

    /// Creates the service over `client`, which must be configured for IAM.
    public init(client: AWSClient) {
        self.client = client
    }

    /// The requests sent so far, in total and per action.
    public var apiCalls: APICallCounts {
        client.counter.counts
    }

    /// Sends a request that answers nothing but success.
    func performWithoutResult(_ request: AWSRequest) async throws(IAMError) {
        _ = try await client.perform(request)
    }

    /// Sends a delete-like request; `NoSuchEntity` after an unknown outcome counts as done,
    /// since the earlier attempt removed the entity.
    func performRemoval(_ request: AWSRequest) async throws(IAMError) {
        do {
            _ = try await client.perform(request)
        } catch let error where error.followedUnknownOutcome && error.serviceCode == .noSuchEntity {
            // The earlier attempt, whose answer was lost, removed it: the removal is done.
            return
        }
    }

    /// The resource label for a policy ARN: `policy=<name>`.
    static func policyLabel(_ arn: String) -> String {
        "policy=\(IAMARN.lastComponent(of: arn))"
    }
}
