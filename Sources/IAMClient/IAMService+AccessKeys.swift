extension IAMService {
    /// Creates an access key for user `user` and returns it with its secret; `LimitExceeded`
    /// when the user has two keys already.
    ///
    /// Never repeated after an unknown outcome: that fails with `IAMError.Reason.outcomeUnknown`,
    /// whose message says how to find and remove a key that may have been created.
    public func createAccessKey(user: String) async throws(IAMError) -> CreatedAccessKey {
        var request = AWSRequest(action: "CreateAccessKey", resource: "user=\(user)", unknownOutcome: .surface)
        request.add("UserName", user)
        let response = try await client.perform(request)
        return try CreatedAccessKey(try response.requiredElement("AccessKey", in: response.result), in: response)
    }

    /// Lists user `user`'s access keys, without secrets.
    public func listAccessKeys(user: String) async throws(IAMError) -> [AccessKeyMetadata] {
        var request = AWSRequest(action: "ListAccessKeys", resource: "user=\(user)")
        request.add("UserName", user)
        return try await client.collect(request, list: "AccessKeyMetadata") { element, response throws(IAMError) in
            try AccessKeyMetadata(element, in: response)
        }
    }

    /// Sets the status of key `accessKeyID` of user `user`.
    public func updateAccessKey(user: String, accessKeyID: String, status: AccessKeyStatus) async throws(IAMError) {
        var request = AWSRequest(action: "UpdateAccessKey", resource: "user=\(user) key=\(accessKeyID)")
        request.add("UserName", user)
        request.add("AccessKeyId", accessKeyID)
        request.add("Status", status.rawValue)
        try await performWithoutResult(request)
    }

    /// Deletes key `accessKeyID` of user `user`.
    public func deleteAccessKey(user: String, accessKeyID: String) async throws(IAMError) {
        var request = AWSRequest(action: "DeleteAccessKey", resource: "user=\(user) key=\(accessKeyID)")
        request.add("UserName", user)
        request.add("AccessKeyId", accessKeyID)
        try await performRemoval(request)
    }

    /// Returns when and where key `accessKeyID` was last used.
    public func getAccessKeyLastUsed(accessKeyID: String) async throws(IAMError) -> AccessKeyLastUsed {
        var request = AWSRequest(action: "GetAccessKeyLastUsed", resource: "key=\(accessKeyID)")
        request.add("AccessKeyId", accessKeyID)
        let response = try await client.perform(request)
        return try AccessKeyLastUsed(result: response.result, in: response)
    }
}
