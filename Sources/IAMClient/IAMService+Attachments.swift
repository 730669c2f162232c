extension IAMService {
    /// Attaches the managed policy `policyARN` to user `user`; attaching it again does nothing.
    public func attachUserPolicy(user: String, policyARN: String) async throws(IAMError) {
        var request = AWSRequest(action: "AttachUserPolicy", resource: "user=\(user) \(Self.policyLabel(policyARN))")
        request.add("UserName", user)
        request.add("PolicyArn", policyARN)
        try await performWithoutResult(request)
    }

    /// Detaches the managed policy `policyARN` from user `user`; `NoSuchEntity` when it is not
    /// attached.
    public func detachUserPolicy(user: String, policyARN: String) async throws(IAMError) {
        var request = AWSRequest(action: "DetachUserPolicy", resource: "user=\(user) \(Self.policyLabel(policyARN))")
        request.add("UserName", user)
        request.add("PolicyArn", policyARN)
        try await performRemoval(request)
    }

    /// Lists the managed policies attached to user `user`.
    public func listAttachedUserPolicies(user: String) async throws(IAMError) -> [AttachedPolicy] {
        var request = AWSRequest(action: "ListAttachedUserPolicies", resource: "user=\(user)")
        request.add("UserName", user)
        return try await client.collect(request, list: "AttachedPolicies") { element, response throws(IAMError) in
            try AttachedPolicy(element, in: response)
        }
    }
}
