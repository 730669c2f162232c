import Foundation
import IAMClient
import Synchronization

/// A transport that answers from a script, one step per request, and records what was sent.
final class ScriptedTransport: HTTPTransport {
    /// One scripted answer.
    enum Step: Sendable {
        case respond(status: Int, body: String, headers: [(name: String, value: String)])
        case fail(TransportError.Kind)

        /// A response with a fixture file's body.
        static func fixture(_ name: String, status: Int = 200) -> Step {
            .respond(status: status, body: Fixtures.text(name), headers: [])
        }
    }

    private let state: Mutex<(steps: [Step], sent: [HTTPRequest])>

    init(_ steps: [Step]) {
        state = Mutex((steps, []))
    }

    /// The requests received so far.
    var sent: [HTTPRequest] {
        state.withLock { $0.sent }
    }

    /// The form parameters of each request received, decoded.
    var sentParameters: [[String: String]] {
        sent.map { request in
            var parameters: [String: String] = [:]
            for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let raw = parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ") : ""
                let value = raw.removingPercentEncoding ?? raw
                parameters[parts[0]] = value
            }
            return parameters
        }
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let step = state.withLock { state -> Step? in
            state.sent.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let status, let body, let headers):
            return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
        case .fail(let kind):
            throw TransportError(kind: kind, endpoint: "scripted.test:443", message: "scripted \(kind)")
        case nil:
            throw TransportError(kind: .other, endpoint: "scripted.test:443", message: "script exhausted")
        }
    }
}
