import Foundation
import SigV4

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the XML documents STS answers `AssumeRole` and `AssumeRoleWithWebIdentity` with.
enum STSCredentialResponse {
    /// The credentials in `<ActionResponse><ActionResult><Credentials>`.
    ///
    /// - Throws: `CredentialError.unexpectedResponse` when the body is not XML or lacks one of
    ///   `AccessKeyId`, `SecretAccessKey`, `SessionToken` or an ISO 8601 `Expiration`. The
    ///   message names the missing element, never a value.
    static func credentials(from body: [UInt8], action: String, source: String) throws(CredentialError)
        -> TemporaryCredentials
    {
        let prefix = "\(action)Response/\(action)Result/Credentials/"
        let elements = try elementTexts(body, source: source)
        func element(_ name: String) throws(CredentialError) -> String {
            guard let text = elements[prefix + name], !text.isEmpty else {
                throw .unexpectedResponse(source: source, problem: "the answer has no \(prefix + name) element")
            }
            return text
        }
        let credentials = AWSCredentials(
            accessKeyID: try element("AccessKeyId"),
            secretAccessKey: try element("SecretAccessKey"),
            sessionToken: try element("SessionToken")
        )
        let expirationText = try element("Expiration")
        guard let expiration = AWSTimestamp.parse(expirationText) else {
            throw .unexpectedResponse(
                source: source,
                problem: "Expiration '\(expirationText)' is not an ISO 8601 time"
            )
        }
        return TemporaryCredentials(credentials: credentials, expiration: expiration)
    }

    /// The code, message and request id of an error document; all `nil` when the body is not
    /// one.
    ///
    /// AWS answers `<ErrorResponse><Error>...`; moto wraps the error in `<Errors>` as well, so
    /// any `Error` element is accepted.
    static func error(from body: [UInt8]) -> (code: String?, message: String?, requestID: String?) {
        // A body that is not XML is reported by the caller as "not an STS error document",
        // so a parse failure here is an expected outcome, not an error to pass on.
        guard let elements = try? elementTexts(body, source: "") else {
            return (nil, nil, nil)
        }
        func first(endingWith suffix: String) -> String? {
            elements.filter { $0.key.hasSuffix(suffix) }.min { $0.key.count < $1.key.count }?.value
        }
        return (first(endingWith: "Error/Code"), first(endingWith: "Error/Message"), first(endingWith: "RequestId"))
    }

    /// The text of every leaf element by its slash-separated path from the root, first wins.
    private static func elementTexts(_ body: [UInt8], source: String) throws(CredentialError) -> [String: String] {
        let collector = ElementTextCollector()
        let parser = XMLParser(data: Data(body))
        parser.delegate = collector
        guard parser.parse() else {
            throw .unexpectedResponse(source: source, problem: "the answer is not well-formed XML")
        }
        return collector.texts
    }
}

/// Collects element texts by path while `XMLParser` walks a document.
private final class ElementTextCollector: NSObject, XMLParserDelegate {
    var texts: [String: String] = [:]
    private var path: [String] = []
    private var text = ""

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String]
    ) {
        path.append(elementName)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        let key = path.joined(separator: "/")
        if texts[key] == nil {
            texts[key] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        path.removeLast()
        text = ""
    }
}
