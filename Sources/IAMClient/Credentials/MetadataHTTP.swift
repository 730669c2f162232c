import Foundation
import SigV4

/// HTTP calls to the link-local credential endpoints (instance metadata and container), with a
/// deadline, and the JSON credential document both of them answer with.
enum MetadataHTTP {
    /// Why a metadata call got no response.
    enum Failure: Error {
        /// Nothing arrived within the deadline.
        case timedOut
        case transport(TransportError)
    }

    /// Sends `request` and waits at most `timeout` for the answer.
    ///
    /// When the deadline passes first the send is cancelled; a transport that ignores
    /// cancellation keeps the caller waiting until its own timeout, so the transport given for
    /// metadata calls should also have short timeouts of its own.
    static func send(
        _ request: HTTPRequest,
        over transport: any HTTPTransport,
        timeout: Duration
    ) async throws -> HTTPResponse {
        try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask {
                do throws(TransportError) {
                    return try await transport.send(request)
                } catch {
                    throw Failure.transport(error)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw Failure.timedOut
            }
            return response
        }
    }

    /// The credentials of a metadata JSON document: `AccessKeyId`, `SecretAccessKey`, `Token`
    /// and `Expiration` (ISO 8601); a `Code` other than `Success` is refused.
    ///
    /// - Returns: the credentials, or a problem sentence naming what is missing; never a value.
    static func credentials(fromJSON body: [UInt8]) -> Result<TemporaryCredentials, DocumentProblem> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)),
            let document = object as? [String: Any]
        else {
            return .failure(DocumentProblem(text: "the answer is not a JSON object"))
        }
        if let code = document["Code"] as? String, code != "Success" {
            return .failure(DocumentProblem(text: "the answer's Code is '\(code)', not 'Success'"))
        }
        var values: [String: String] = [:]
        for key in ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"] {
            guard let value = document[key] as? String, !value.isEmpty else {
                return .failure(DocumentProblem(text: "the answer has no \(key) string"))
            }
            values[key] = value
        }
        let expirationText = values["Expiration", default: ""]
        guard let expiration = AWSTimestamp.parse(expirationText) else {
            return .failure(DocumentProblem(text: "Expiration '\(expirationText)' is not an ISO 8601 time"))
        }
        let credentials = AWSCredentials(
            accessKeyID: values["AccessKeyId", default: ""],
            secretAccessKey: values["SecretAccessKey", default: ""],
            sessionToken: values["Token"]
        )
        return .success(TemporaryCredentials(credentials: credentials, expiration: expiration))
    }

    /// What is wrong with a credential document, as a sentence without any of its values.
    struct DocumentProblem: Error {
        var text: String
    }

    /// `duration` as a short text such as `1s` or `0.25s`.
    static func text(of duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 {
            return "\(seconds)s"
        }
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return "\(value)s"
    }
}
