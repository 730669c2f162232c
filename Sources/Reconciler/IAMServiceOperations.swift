public import ChannelCore
public import ChannelLog
public import IAMClient

/// The production `IAMOperations`: each operation is the IAM call of the same name through an
/// `IAMService`.
///
/// The service retries throttling, server errors and dropped connections as its retry policy
/// allows, and settles what an unknown outcome left behind (see `IAMService`): a removal whose
/// repeat finds nothing to remove succeeds, and a create whose repeat finds the resource already
/// there succeeds when the resource is exactly what was asked for. What still fails arrives as
/// an `IAMOperationError` carrying AWS's error code and the service's whole message, which
/// names the action, the resource, AWS's message and the request id. Safe to use from many
/// tasks at once.
public struct IAMServiceOperations: IAMOperations {
    /// The page size asked of `GetAccountAuthorizationDetails`: the largest AWS allows, so a
    /// snapshot takes as few calls as possible.
    public static let snapshotPageSize = 1000

    /// The service the calls go through.
    public let service: IAMService
    /// Receives a warning for each live policy document that cannot be read.
    public let logger: Logger

    /// Creates the operations over `service`.
    public init(service: IAMService, logger: Logger = .disabled) {
        self.service = service
        self.logger = logger
    }

    public func accountSnapshot() async throws(IAMOperationError) -> LiveState {
        do {
            let details = try await service.getAccountAuthorizationDetails(
                filter: [.user, .localManagedPolicy], maxItems: Self.snapshotPageSize)
            return LiveState(details, logger: logger)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func listPolicyTags(policyARN: String) async throws(IAMOperationError) -> [KeyValue] {
        do {
            return try await service.listPolicyTags(arn: policyARN).map { KeyValue($0.key, $0.value) }
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func listAccessKeys(userName: String) async throws(IAMOperationError) -> [String] {
        do {
            return try await service.listAccessKeys(user: userName).map(\.accessKeyID)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func createUser(name: String, path: String, tags: [KeyValue]) async throws(IAMOperationError) {
        do {
            _ = try await service.createUser(name: name, path: path, tags: tags.iamTags)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func updateUser(name: String, newPath: String) async throws(IAMOperationError) {
        do {
            try await service.updateUser(name: name, newPath: newPath)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func tagUser(name: String, tags: [KeyValue]) async throws(IAMOperationError) {
        do {
            try await service.tagUser(name: name, tags: tags.iamTags)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func untagUser(name: String, keys: [String]) async throws(IAMOperationError) {
        do {
            try await service.untagUser(name: name, keys: keys)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func deleteUser(name: String) async throws(IAMOperationError) {
        do {
            try await service.deleteUser(name: name)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func createPolicy(
        name: String,
        path: String,
        document: PolicyDocument,
        description: String?,
        tags: [KeyValue]
    ) async throws(IAMOperationError) -> String {
        do {
            let policy = try await service.createPolicy(
                name: name,
                path: path,
                document: document.text(.compact),
                description: description,
                tags: tags.iamTags
            )
            return policy.arn
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func createPolicyVersion(policyARN: String, document: PolicyDocument) async throws(IAMOperationError) {
        do {
            _ = try await service.createPolicyVersion(
                arn: policyARN, document: document.text(.compact), setAsDefault: true)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func deletePolicyVersion(policyARN: String, versionID: String) async throws(IAMOperationError) {
        do {
            try await service.deletePolicyVersion(arn: policyARN, versionID: versionID)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func deletePolicy(policyARN: String) async throws(IAMOperationError) {
        do {
            try await service.deletePolicy(arn: policyARN)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func tagPolicy(policyARN: String, tags: [KeyValue]) async throws(IAMOperationError) {
        do {
            try await service.tagPolicy(arn: policyARN, tags: tags.iamTags)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func untagPolicy(policyARN: String, keys: [String]) async throws(IAMOperationError) {
        do {
            try await service.untagPolicy(arn: policyARN, keys: keys)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func attachUserPolicy(userName: String, policyARN: String) async throws(IAMOperationError) {
        do {
            try await service.attachUserPolicy(user: userName, policyARN: policyARN)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func detachUserPolicy(userName: String, policyARN: String) async throws(IAMOperationError) {
        do {
            try await service.detachUserPolicy(user: userName, policyARN: policyARN)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func deleteUserPolicy(userName: String, policyName: String) async throws(IAMOperationError) {
        do {
            try await service.deleteUserPolicy(user: userName, policyName: policyName)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func removeUserFromGroup(userName: String, groupName: String) async throws(IAMOperationError) {
        do {
            try await service.removeUserFromGroup(user: userName, group: groupName)
        } catch {
            throw IAMOperationError(error)
        }
    }

    public func deleteAccessKey(userName: String, accessKeyID: String) async throws(IAMOperationError) {
        do {
            try await service.deleteAccessKey(user: userName, accessKeyID: accessKeyID)
        } catch {
            throw IAMOperationError(error)
        }
    }
}

extension IAMOperationError {
    /// The engine's view of a failed service call: AWS's code, or "" when AWS gave none, and the
    /// service's complete one-line message.
    public init(_ error: IAMError) {
        self.init(code: error.serviceCode?.code ?? "", message: error.description)
    }
}

extension [KeyValue] {
    /// The tags as the service takes them, in the same order.
    fileprivate var iamTags: [IAMTag] {
        map { IAMTag(key: $0.key, value: $0.value) }
    }
}
