/// One request waiting for or running on a worker thread.
struct CurlJob: Sendable {
    let request: HTTPRequest
    let cancellation: CurlCancellation
    let continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>

    func finish(_ result: Result<HTTPResponse, TransportError>) {
        continuation.resume(returning: result)
    }
}
