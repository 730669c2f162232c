import ChannelLog

extension AWSClient {
    /// The metadata key for the wait before a retry, in milliseconds.
    private static let waitMSKey = "wait_ms"

    /// Logs one HTTP request at debug level: action, attempt, status, request id, duration.
    ///
    /// Never logs headers, bodies or credentials.
    func logAttempt(
        request: AWSRequest, attempt: Int, started: ContinuousClock.Instant, status: Int?, requestID: String?
    ) {
        guard logger.isEnabled(.debug) else {
            return
        }
        let elapsed = ContinuousClock.now - started
        var metadata = [
            LogKey.action: request.action,
            LogKey.attempt: String(attempt),
            LogKey.durationMS: String(Self.milliseconds(elapsed)),
            LogKey.status: status.map(String.init) ?? "none",
        ]
        metadata[LogKey.requestID] = requestID
        logger.debug("sent AWS request", metadata)
    }

    /// Logs a retry at warning level: what failed (the AWS code or transport failure kind, never a
    /// message) and how long the client waits.
    func logRetry(request: AWSRequest, error: IAMError, attempt: Int, delay: Duration) {
        var metadata = [
            LogKey.action: request.action,
            LogKey.attempt: String(attempt),
            Self.waitMSKey: String(Self.milliseconds(delay)),
        ]
        switch error.reason {
        case .service(let fault):
            metadata[LogKey.error] = fault.code.code
            metadata[LogKey.status] = String(fault.httpStatus)
            metadata[LogKey.requestID] = fault.requestID
        case .transport(let failure):
            metadata[LogKey.error] = "\(failure.kind)"
        case .invalidResponse(let status, let requestID, _):
            metadata[LogKey.error] = "unreadable response"
            metadata[LogKey.status] = String(status)
            metadata[LogKey.requestID] = requestID
        case .outcomeUnknown, .credentials, .invalidRequest, .cancelled:
            break
        }
        logger.warning("retrying AWS request", metadata)
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
