public import Foundation

/// When and where an access key was last used, as `GetAccessKeyLastUsed` returns it.
public struct AccessKeyLastUsed: Sendable, Equatable {
    /// The user the key belongs to.
    public var userName: String
    /// When the key last signed a request; `nil` if it never has.
    public var lastUsedDate: Date?
    /// The service it was last used with; `nil` (AWS's `N/A`) if never used.
    public var serviceName: String?
    /// The region it was last used in; `nil` (AWS's `N/A`) if never used.
    public var region: String?

    /// Creates a value.
    public init(userName: String, lastUsedDate: Date?, serviceName: String?, region: String?) {
        self.userName = userName
        self.lastUsedDate = lastUsedDate
        self.serviceName = serviceName
        self.region = region
    }
}

extension AccessKeyLastUsed {
    /// Reads a `GetAccessKeyLastUsed` result.
    init(result: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        let used = try response.requiredElement("AccessKeyLastUsed", in: result)
        let service = used.childText("ServiceName")
        let region = used.childText("Region")
        self.init(
            userName: result.childText("UserName") ?? "",
            lastUsedDate: try response.optionalDate("LastUsedDate", in: used),
            serviceName: service == "N/A" ? nil : service,
            region: region == "N/A" ? nil : region)
    }
}
