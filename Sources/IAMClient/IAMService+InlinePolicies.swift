extension IAMService {
    /// Lists the names of the inline policies embedded in user `user`.
    public func listUserPolicies(user: String) async throws(IAMError) -> [String] {
        var request = AWSRequest(action: "ListUserPolicies", resource: "user=\(user)")
        request.add("UserName", user)
        return try await client.collect(request, list: "PolicyNames") { element, _ throws(IAMError) in
            element.text
        }
    }

    /// Embeds (or replaces) inline policy `policyName` with `document` in user `user`.
    public func putUserPolicy(user: String, policyName: String, document: String) async throws(IAMError) {
        var request = AWSRequest(action: "PutUserPolicy", resource: "user=\(user) policy=\(policyName)")
        request.add("UserName", user)
        request.add("PolicyName", policyName)
        request.add("PolicyDocument", document)
        try await performWithoutResult(request)
    }

    /// Deletes inline policy `policyName` from user `user`.
    public func deleteUserPolicy(user: String, policyName: String) async throws(IAMError) {
        var request = AWSRequest(action: "DeleteUserPolicy", resource: "user=\(user) policy=\(policyName)")
        request.add("UserName", user)
        request.add("PolicyName", policyName)
        try await performRemoval(request)
    }
}
