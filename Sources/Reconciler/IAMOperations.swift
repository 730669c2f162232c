public import ChannelCore

/// The IAM operations the reconciler needs, one method per IAM action.
///
/// The production implementation wraps the IAM Query API client; tests use an in-memory fake.
/// Every method makes one IAM call (the snapshot read makes one per page) and is safe to call
/// concurrently. Failures are `IAMOperationError`s carrying AWS's error code, so the engine can
/// tell `NoSuchEntity` from the rest; throttling and server errors are the implementation's to
/// retry before they get here. Writes are not idempotent unless IAM makes them so: the engine
/// decides what a repeated create or a missing entity means.
public protocol IAMOperations: Sendable {
    /// Reads every user and customer managed policy of the account
    /// (`GetAccountAuthorizationDetails` filtered to `User` and `LocalManagedPolicy`, all pages).
    ///
    /// Policy tags are `.unknown` and users' `accessKeys` nil: the action returns neither.
    func accountSnapshot() async throws(IAMOperationError) -> LiveState

    /// `ListPolicyTags`, all pages.
    func listPolicyTags(policyARN: String) async throws(IAMOperationError) -> [KeyValue]

    /// `ListAccessKeys` for the user, all pages: id, status and creation date of each key, with
    /// `lastUse` nil.
    func listAccessKeys(userName: String) async throws(IAMOperationError) -> [LiveAccessKey]

    /// `GetAccessKeyLastUsed`: `.never` when IAM returns no `LastUsedDate`.
    func getAccessKeyLastUsed(accessKeyID: String) async throws(IAMOperationError) -> LiveAccessKey.LastUse

    /// `CreateAccessKey` for the user: the new key with its secret, which IAM shows only here.
    ///
    /// IAM refuses a third key with `LimitExceeded`. Not idempotent: a call whose outcome is
    /// unknown must not be repeated; it fails, and the next run retires a key it may have made
    /// as not delivered.
    func createAccessKey(userName: String) async throws(IAMOperationError) -> NewAccessKey

    /// `UpdateAccessKey`: sets the key's status.
    func updateAccessKey(
        userName: String,
        accessKeyID: String,
        status: LiveAccessKey.Status
    ) async throws(IAMOperationError)

    /// `CreateUser` with path and tags.
    func createUser(name: String, path: String, tags: [KeyValue]) async throws(IAMOperationError)

    /// `UpdateUser` with `NewPath`.
    func updateUser(name: String, newPath: String) async throws(IAMOperationError)

    /// `TagUser`: adds the tags or replaces their values.
    func tagUser(name: String, tags: [KeyValue]) async throws(IAMOperationError)

    /// `UntagUser`.
    func untagUser(name: String, keys: [String]) async throws(IAMOperationError)

    /// `DeleteUser`; IAM refuses with `DeleteConflict` while anything is attached to the user.
    func deleteUser(name: String) async throws(IAMOperationError)

    /// `CreatePolicy`; returns the new policy's ARN.
    func createPolicy(
        name: String,
        path: String,
        document: PolicyDocument,
        description: String?,
        tags: [KeyValue]
    ) async throws(IAMOperationError) -> String

    /// `CreatePolicyVersion` with `SetAsDefault=true`; IAM refuses a sixth version with
    /// `LimitExceeded`.
    func createPolicyVersion(policyARN: String, document: PolicyDocument) async throws(IAMOperationError)

    /// `DeletePolicyVersion`; IAM refuses to delete the default version.
    func deletePolicyVersion(policyARN: String, versionID: String) async throws(IAMOperationError)

    /// `DeletePolicy`; IAM refuses with `DeleteConflict` while the policy is attached or has
    /// versions other than the default.
    func deletePolicy(policyARN: String) async throws(IAMOperationError)

    /// `TagPolicy`.
    func tagPolicy(policyARN: String, tags: [KeyValue]) async throws(IAMOperationError)

    /// `UntagPolicy`.
    func untagPolicy(policyARN: String, keys: [String]) async throws(IAMOperationError)

    /// `AttachUserPolicy`.
    func attachUserPolicy(userName: String, policyARN: String) async throws(IAMOperationError)

    /// `DetachUserPolicy`.
    func detachUserPolicy(userName: String, policyARN: String) async throws(IAMOperationError)

    /// `DeleteUserPolicy`: deletes an inline policy.
    func deleteUserPolicy(userName: String, policyName: String) async throws(IAMOperationError)

    /// `RemoveUserFromGroup`.
    func removeUserFromGroup(userName: String, groupName: String) async throws(IAMOperationError)

    /// `DeleteAccessKey`.
    func deleteAccessKey(userName: String, accessKeyID: String) async throws(IAMOperationError)
}

/// A failed IAM operation, as the engine needs to see it.
///
/// `code` is AWS's error code (`NoSuchEntity`, `EntityAlreadyExists`, `DeleteConflict`,
/// `LimitExceeded`, …) or empty when the call got no AWS answer (a transport failure that
/// outlasted the retries). `message` is the whole message to show, already naming the action,
/// the resource, AWS's message and the request id; it never holds a secret.
public struct IAMOperationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    /// Creates an error from AWS's code and a complete message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// AWS's code for a missing user, policy, version, attachment, group membership or key.
    public static let noSuchEntityCode = "NoSuchEntity"

    /// Whether IAM said the entity does not exist.
    public var isNoSuchEntity: Bool { code == Self.noSuchEntityCode }

    public var description: String { message }
}
