extension IAMService {
    /// Creates customer managed policy `name` with `document` as its first (default) version.
    ///
    /// The description cannot be changed later. After an unknown outcome, an
    /// `EntityAlreadyExists` for a policy with the same path, description, tags and default
    /// document counts as success (see `IAMService`).
    public func createPolicy(
        name: String, path: String = "/", document: String, description: String? = nil, tags: [IAMTag] = []
    ) async throws(IAMError) -> IAMPolicy {
        var request = AWSRequest(action: "CreatePolicy", resource: "policy=\(name)")
        request.add("PolicyName", name)
        request.add("Path", path)
        request.add("PolicyDocument", document)
        request.add("Description", description)
        request.addTags(tags)
        do {
            let response = try await client.perform(request)
            return try IAMPolicy(try response.requiredElement("Policy", in: response.result), in: response)
        } catch let error where error.followedUnknownOutcome && error.serviceCode == .entityAlreadyExists {
            // The lost answer may have been ours: accept the policy if it is exactly what we asked.
            guard
                let existing = try await matchingPolicy(
                    name: name, path: path, document: document, description: description, tags: tags)
            else {
                throw error
            }
            return existing
        }
    }

    /// The policy `name` under `path` if its description, tags and default document are the
    /// ones given; otherwise `nil`.
    private func matchingPolicy(
        name: String, path: String, document: String, description: String?, tags: [IAMTag]
    ) async throws(IAMError) -> IAMPolicy? {
        guard let listed = try await listPolicies(pathPrefix: path).first(where: { $0.policyName == name }) else {
            return nil
        }
        let policy = try await getPolicy(arn: listed.arn)
        let policyTags = try await listPolicyTags(arn: listed.arn)
        let version = try await getPolicyVersion(arn: listed.arn, versionID: policy.defaultVersionID)
        guard policy.path == path, (policy.description ?? "") == (description ?? ""),
            Set(policyTags) == Set(tags),
            let current = version.document, PolicyDocumentComparison.isEquivalent(current, document)
        else {
            return nil
        }
        return policy
    }

    /// Returns the policy with `arn`, with its description and (on AWS) its tags.
    public func getPolicy(arn: String) async throws(IAMError) -> IAMPolicy {
        var request = AWSRequest(action: "GetPolicy", resource: Self.policyLabel(arn))
        request.add("PolicyArn", arn)
        let response = try await client.perform(request)
        return try IAMPolicy(try response.requiredElement("Policy", in: response.result), in: response)
    }

    /// Lists the customer managed policies whose path starts with `pathPrefix`.
    public func listPolicies(pathPrefix: String = "/") async throws(IAMError) -> [IAMPolicy] {
        var request = AWSRequest(action: "ListPolicies", resource: "path=\(pathPrefix)")
        request.add("Scope", "Local")
        request.add("PathPrefix", pathPrefix)
        return try await client.collect(request, list: "Policies") { element, response throws(IAMError) in
            try IAMPolicy(element, in: response)
        }
    }

    /// Returns version `versionID` of the policy with `arn`, with its document.
    public func getPolicyVersion(arn: String, versionID: String) async throws(IAMError) -> IAMPolicyVersion {
        var request = AWSRequest(
            action: "GetPolicyVersion", resource: "\(Self.policyLabel(arn)) version=\(versionID)")
        request.add("PolicyArn", arn)
        request.add("VersionId", versionID)
        let response = try await client.perform(request)
        return try IAMPolicyVersion(try response.requiredElement("PolicyVersion", in: response.result), in: response)
    }

    /// Lists the versions of the policy with `arn` (at most five exist).
    public func listPolicyVersions(arn: String) async throws(IAMError) -> [IAMPolicyVersion] {
        var request = AWSRequest(action: "ListPolicyVersions", resource: Self.policyLabel(arn))
        request.add("PolicyArn", arn)
        return try await client.collect(request, list: "Versions") { element, response throws(IAMError) in
            try IAMPolicyVersion(element, in: response)
        }
    }

    /// Adds a version with `document` to the policy with `arn`, as the default when
    /// `setAsDefault`; `LimitExceeded` when it has five versions already.
    ///
    /// Never repeated blindly: after an unknown outcome the versions are read, and a newest
    /// version holding the same document (and default, if asked) is taken as the result;
    /// otherwise the request is sent again with the attempts left.
    public func createPolicyVersion(
        arn: String, document: String, setAsDefault: Bool
    ) async throws(IAMError) -> IAMPolicyVersion {
        var request = AWSRequest(
            action: "CreatePolicyVersion", resource: Self.policyLabel(arn), unknownOutcome: .surface)
        request.add("PolicyArn", arn)
        request.add("PolicyDocument", document)
        request.add("SetAsDefault", setAsDefault ? "true" : "false")
        var firstAttempt = 1
        while true {
            do {
                let response = try await client.perform(request, firstAttempt: firstAttempt)
                return try IAMPolicyVersion(
                    try response.requiredElement("PolicyVersion", in: response.result), in: response)
            } catch let error where error.isOutcomeUnknown {
                // Look before repeating: the lost answer may have been a success.
                let versions = try await listPolicyVersions(arn: arn)
                if let newest = versions.max(by: { Self.versionNumber($0.versionID) < Self.versionNumber($1.versionID) }
                ),
                    let current = newest.document, PolicyDocumentComparison.isEquivalent(current, document),
                    newest.isDefaultVersion || !setAsDefault
                {
                    return newest
                }
                guard client.canResume(after: error) else {
                    throw error
                }
                firstAttempt = error.attempts + 1
            }
        }
    }

    /// `v12` → 12, for ordering versions; unparsable ids sort first.
    private static func versionNumber(_ versionID: String) -> Int {
        Int(versionID.drop { !$0.isNumber }) ?? -1
    }

    /// Deletes version `versionID` of the policy with `arn`; the default version cannot be
    /// deleted.
    public func deletePolicyVersion(arn: String, versionID: String) async throws(IAMError) {
        var request = AWSRequest(
            action: "DeletePolicyVersion", resource: "\(Self.policyLabel(arn)) version=\(versionID)")
        request.add("PolicyArn", arn)
        request.add("VersionId", versionID)
        try await performRemoval(request)
    }

    /// Deletes the policy with `arn`; AWS refuses (`DeleteConflict`) while it is attached or
    /// has versions besides the default.
    public func deletePolicy(arn: String) async throws(IAMError) {
        var request = AWSRequest(action: "DeletePolicy", resource: Self.policyLabel(arn))
        request.add("PolicyArn", arn)
        try await performRemoval(request)
    }

    /// Adds `tags` to the policy with `arn`, replacing the values of keys it already has.
    public func tagPolicy(arn: String, tags: [IAMTag]) async throws(IAMError) {
        var request = AWSRequest(action: "TagPolicy", resource: Self.policyLabel(arn))
        request.add("PolicyArn", arn)
        request.addTags(tags)
        try await performWithoutResult(request)
    }

    /// Removes the tags with `keys` from the policy with `arn`.
    public func untagPolicy(arn: String, keys: [String]) async throws(IAMError) {
        var request = AWSRequest(action: "UntagPolicy", resource: Self.policyLabel(arn))
        request.add("PolicyArn", arn)
        request.addList("TagKeys", keys)
        try await performWithoutResult(request)
    }

    /// Lists the tags of the policy with `arn`.
    public func listPolicyTags(arn: String) async throws(IAMError) -> [IAMTag] {
        var request = AWSRequest(action: "ListPolicyTags", resource: Self.policyLabel(arn))
        request.add("PolicyArn", arn)
        var tags: [IAMTag] = []
        for page in try await client.performPaginated(request) {
            tags.append(contentsOf: try page.tags(in: page.result))
        }
        return tags
    }
}
