package import Foundation

/// A successful response, parsed, with what is needed to report a decoding failure.
///
/// The typed operations read fields through the `required…` and `optional…` methods, which throw
/// `IAMError` naming the action, the resource, the missing or malformed field, the HTTP status
/// and the request id.
package struct AWSResponse: Sendable {
    /// The request that produced the response.
    package var action: String
    /// The resource label of the request.
    package var resource: String
    /// The HTTP status (2xx).
    package var httpStatus: Int
    /// The request id, from the body or the `x-amzn-RequestId` header.
    package var requestID: String?
    /// How many attempts the call took.
    package var attempts: Int
    /// The document's root element (`<ActionResponse>`); an empty element for the JSON
    /// protocol.
    package var root: XMLElementNode
    /// The body as received, for the JSON protocol; empty for the Query API, whose body is `root`.
    package var body: [UInt8]

    /// Creates a response.
    package init(
        action: String, resource: String, httpStatus: Int, requestID: String?, attempts: Int, root: XMLElementNode,
        body: [UInt8] = []
    ) {
        self.action = action
        self.resource = resource
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.attempts = attempts
        self.root = root
        self.body = body
    }

    /// The `<ActionResult>` element; an empty element for actions that return nothing.
    package var result: XMLElementNode {
        root.child("\(action)Result") ?? XMLElementNode(name: "\(action)Result")
    }

    /// The error for a response that lacks what the operation needs.
    package func invalid(_ reason: String) -> IAMError {
        IAMError(
            action: action, resource: resource,
            reason: .invalidResponse(status: httpStatus, requestID: requestID, reason: reason),
            attempts: attempts)
    }

    /// The child element `name` of `element`, or an error naming both.
    package func requiredElement(_ name: String, in element: XMLElementNode) throws(IAMError) -> XMLElementNode {
        guard let child = element.child(name) else {
            throw invalid("<\(element.name)> has no <\(name)>")
        }
        return child
    }

    /// The text of the child `name` of `element`, or an error naming both.
    package func requiredText(_ name: String, in element: XMLElementNode) throws(IAMError) -> String {
        try requiredElement(name, in: element).text
    }

    /// The timestamp in the child `name`, or an error when it is missing or malformed.
    package func requiredDate(_ name: String, in element: XMLElementNode) throws(IAMError) -> Date {
        let text = try requiredText(name, in: element)
        guard let date = AWSTimestamp.parse(text) else {
            throw invalid("<\(name)> in <\(element.name)> is not an ISO 8601 timestamp: '\(text)'")
        }
        return date
    }

    /// The timestamp in the child `name`, `nil` when absent, an error when malformed.
    package func optionalDate(_ name: String, in element: XMLElementNode) throws(IAMError) -> Date? {
        guard element.child(name) != nil else {
            return nil
        }
        return try requiredDate(name, in: element)
    }

    /// The Boolean in the child `name`; absent is `defaultValue`, anything but `true`/`false`
    /// an error.
    package func bool(_ name: String, in element: XMLElementNode, default defaultValue: Bool) throws(IAMError) -> Bool {
        guard let text = element.childText(name) else {
            return defaultValue
        }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw invalid("<\(name)> in <\(element.name)> is not true or false: '\(text)'")
        }
    }

    /// The integer in the child `name`; absent is `defaultValue`, a non-integer an error.
    package func int(_ name: String, in element: XMLElementNode, default defaultValue: Int) throws(IAMError) -> Int {
        guard let text = element.childText(name) else {
            return defaultValue
        }
        guard let value = Int(text) else {
            throw invalid("<\(name)> in <\(element.name)> is not an integer: '\(text)'")
        }
        return value
    }

    /// The tags in the list `name` of `element` (`<Tags><member><Key>…`); absent is empty.
    package func tags(_ name: String = "Tags", in element: XMLElementNode) throws(IAMError) -> [IAMTag] {
        var tags: [IAMTag] = []
        for member in element.members(of: name) {
            tags.append(IAMTag(key: try requiredText("Key", in: member), value: member.childText("Value") ?? ""))
        }
        return tags
    }

    /// A policy document from a response, URL-decoded.
    ///
    /// AWS returns documents URL-encoded (RFC 3986). The emulator returns some raw, so text
    /// that already starts with `{` is taken as it is; anything else is percent-decoded.
    package func policyDocument(_ name: String, in element: XMLElementNode) throws(IAMError) -> String {
        let text = try requiredText(name, in: element)
        if text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).hasPrefix("{") {
            return text
        }
        guard let decoded = AWSRequest.percentDecoded(text) else {
            throw invalid("<\(name)> in <\(element.name)> is neither JSON nor URL-encoded JSON")
        }
        return decoded
    }
}
