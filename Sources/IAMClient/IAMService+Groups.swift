extension IAMService {
    /// Lists the groups user `user` belongs to.
    public func listGroupsForUser(user: String) async throws(IAMError) -> [IAMGroup] {
        var request = AWSRequest(action: "ListGroupsForUser", resource: "user=\(user)")
        request.add("UserName", user)
        return try await client.collect(request, list: "Groups") { element, response throws(IAMError) in
            try IAMGroup(element, in: response)
        }
    }

    /// Removes user `user` from group `group`.
    public func removeUserFromGroup(user: String, group: String) async throws(IAMError) {
        var request = AWSRequest(action: "RemoveUserFromGroup", resource: "user=\(user) group=\(group)")
        request.add("UserName", user)
        request.add("GroupName", group)
        try await performRemoval(request)
    }

    /// Creates group `name` under `path`.
    public func createGroup(name: String, path: String = "/") async throws(IAMError) -> IAMGroup {
        var request = AWSRequest(action: "CreateGroup", resource: "group=\(name)")
        request.add("GroupName", name)
        request.add("Path", path)
        let response = try await client.perform(request)
        return try IAMGroup(try response.requiredElement("Group", in: response.result), in: response)
    }

    /// Adds user `user` to group `group`; adding it again does nothing.
    public func addUserToGroup(user: String, group: String) async throws(IAMError) {
        var request = AWSRequest(action: "AddUserToGroup", resource: "user=\(user) group=\(group)")
        request.add("UserName", user)
        request.add("GroupName", group)
        try await performWithoutResult(request)
    }

    /// Deletes group `name`; AWS refuses while it has members or policies.
    public func deleteGroup(name: String) async throws(IAMError) {
        var request = AWSRequest(action: "DeleteGroup", resource: "group=\(name)")
        request.add("GroupName", name)
        try await performRemoval(request)
    }
}
