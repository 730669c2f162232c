extension AWSClient {
    /// Sends a list call page after page until AWS says the list is complete, and returns every
    /// page's response in order.
    ///
    /// The one place that handles `Marker` / `IsTruncated` for every list action: each page
    /// after the first repeats the request with the previous page's `Marker`. `maxItems`, when
    /// given, is sent as `MaxItems` on every page (AWS's page size, not a total). A truncated
    /// page without a marker, or a marker that repeats, is an unreadable response rather than
    /// an endless loop.
    package func performPaginated(_ request: AWSRequest, maxItems: Int? = nil) async throws(IAMError)
        -> [AWSResponse]
    {
        var pages: [AWSResponse] = []
        var marker: String?
        var seenMarkers: Set<String> = []
        repeat {
            var pageRequest = request
            pageRequest.add("MaxItems", maxItems.map(String.init))
            pageRequest.add("Marker", marker)
            let page = try await perform(pageRequest)
            pages.append(page)

            // Decide whether another page follows.
            let result = page.result
            guard try page.bool("IsTruncated", in: result, default: false) else {
                return pages
            }
            guard let next = result.childText("Marker"), !next.isEmpty else {
                throw page.invalid("<IsTruncated> is true but there is no <Marker> for the next page")
            }
            guard seenMarkers.insert(next).inserted else {
                throw page.invalid("the <Marker> '\(next)' was returned twice; the list would never end")
            }
            marker = next
        } while true
    }

    /// Sends a list call through every page and decodes the `member` elements of the list
    /// `listName` in each page's result.
    package func collect<Element>(
        _ request: AWSRequest,
        list listName: String,
        decode: (XMLElementNode, AWSResponse) throws(IAMError) -> Element
    ) async throws(IAMError) -> [Element] {
        var elements: [Element] = []
        for page in try await performPaginated(request) {
            for member in page.result.members(of: listName) {
                elements.append(try decode(member, page))
            }
        }
        return elements
    }
}
