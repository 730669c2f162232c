extension IAMService {
    /// Creates user `name` with `path` and `tags`.
    ///
    /// After an unknown outcome, an `EntityAlreadyExists` for a user with the same path and
    /// tags counts as success (see `IAMService`).
    public func createUser(name: String, path: String = "/", tags: [IAMTag] = []) async throws(IAMError) -> IAMUser {
        var request = AWSRequest(action: "CreateUser", resource: "user=\(name)")
        request.add("UserName", name)
        request.add("Path", path)
        request.addTags(tags)
        do {
            let response = try await client.perform(request)
            return try IAMUser(try response.requiredElement("User", in: response.result), in: response)
        } catch let error where error.followedUnknownOutcome && error.serviceCode == .entityAlreadyExists {
            // The lost answer may have been ours: accept the user if it is exactly what we asked.
            let existing = try await getUser(name: name)
            guard existing.path == path, Set(existing.tags) == Set(tags) else {
                throw error
            }
            return existing
        }
    }

    /// Returns user `name` with its tags; `NoSuchEntity` when there is none.
    public func getUser(name: String) async throws(IAMError) -> IAMUser {
        var request = AWSRequest(action: "GetUser", resource: "user=\(name)")
        request.add("UserName", name)
        let response = try await client.perform(request)
        return try IAMUser(try response.requiredElement("User", in: response.result), in: response)
    }

    /// Deletes user `name`; AWS refuses (`DeleteConflict`) while it has policies, keys or groups.
    public func deleteUser(name: String) async throws(IAMError) {
        var request = AWSRequest(action: "DeleteUser", resource: "user=\(name)")
        request.add("UserName", name)
        try await performRemoval(request)
    }

    /// Moves user `name` to `newPath`; renaming is not offered, since channelops never renames.
    public func updateUser(name: String, newPath: String) async throws(IAMError) {
        var request = AWSRequest(action: "UpdateUser", resource: "user=\(name)")
        request.add("UserName", name)
        request.add("NewPath", newPath)
        try await performWithoutResult(request)
    }

    /// Adds `tags` to user `name`, replacing the values of keys it already has.
    public func tagUser(name: String, tags: [IAMTag]) async throws(IAMError) {
        var request = AWSRequest(action: "TagUser", resource: "user=\(name)")
        request.add("UserName", name)
        request.addTags(tags)
        try await performWithoutResult(request)
    }

    /// Removes the tags with `keys` from user `name`; keys it does not have are ignored.
    public func untagUser(name: String, keys: [String]) async throws(IAMError) {
        var request = AWSRequest(action: "UntagUser", resource: "user=\(name)")
        request.add("UserName", name)
        request.addList("TagKeys", keys)
        try await performWithoutResult(request)
    }

    /// Lists the users whose path starts with `pathPrefix`, without their tags.
    public func listUsers(pathPrefix: String = "/") async throws(IAMError) -> [IAMUser] {
        var request = AWSRequest(action: "ListUsers", resource: "path=\(pathPrefix)")
        request.add("PathPrefix", pathPrefix)
        return try await client.collect(request, list: "Users") { element, response throws(IAMError) in
            try IAMUser(element, in: response)
        }
    }

    /// Lists the tags of user `name`.
    public func listUserTags(name: String) async throws(IAMError) -> [IAMTag] {
        var request = AWSRequest(action: "ListUserTags", resource: "user=\(name)")
        request.add("UserName", name)
        var tags: [IAMTag] = []
        for page in try await client.performPaginated(request) {
            tags.append(contentsOf: try page.tags(in: page.result))
        }
        return tags
    }
}
