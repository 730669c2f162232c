extension IAMService {
    /// Returns the account's users, groups and managed policies of the kinds in `filter`, in
    /// one snapshot assembled from every page.
    ///
    /// `maxItems` is the page size asked of AWS (1–1000; AWS's default is 100), not a total.
    public func getAccountAuthorizationDetails(
        filter: [AccountAuthorizationFilter] = [.user, .localManagedPolicy], maxItems: Int? = nil
    ) async throws(IAMError) -> AccountAuthorizationDetails {
        var request = AWSRequest(action: "GetAccountAuthorizationDetails")
        request.addList("Filter", filter.map(\.rawValue))
        var details = AccountAuthorizationDetails()
        for page in try await client.performPaginated(request, maxItems: maxItems) {
            try details.append(page: page.result, in: page)
        }
        return details
    }
}
