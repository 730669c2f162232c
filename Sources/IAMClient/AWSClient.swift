public import ChannelLog
public import Foundation
import SigV4

/// Sends AWS API calls: builds the POST in the service's wire protocol (the Query API of IAM
/// and STS, or the JSON protocol of Secrets Manager), signs it, sends it, retries what the retry
/// policy allows, and parses the answer or error.
///
/// One client talks to one service endpoint. It is a value holding only `Sendable` parts, safe
/// to use from many tasks at once; concurrency is bounded by the caller and the transport. The
/// clock, the sleep, the jitter source and the transport are injected so tests are
/// deterministic. Logging: one debug event per HTTP request with the action, attempt, status,
/// request id and duration, and a warning per retry; never a header, body or credential.
///
/// Retries draw on a `RetryQuota`, the SDKs' standard-mode token bucket; pass one quota to the
/// clients of a run so that an outage empties it for all of them.
public struct AWSClient: Sendable {
    /// How requests and answers are encoded.
    public enum WireProtocol: Sendable, Equatable {
        /// The Query API (IAM, STS): a form-encoded body with `Action` and `Version`, XML answers.
        case query
        /// The AWS JSON 1.1 protocol (Secrets Manager): a JSON body, the action in the
        /// `X-Amz-Target` header as `targetPrefix.Action`, JSON answers.
        case json(targetPrefix: String)
    }

    /// Where and how to reach one service.
    public struct Configuration: Sendable {
        /// The endpoint URL, `https://iam.amazonaws.com` for IAM.
        public var endpoint: URL
        /// The region the signature is scoped to; `us-east-1` for IAM.
        public var signingRegion: String
        /// The signing name of the service: `iam` or `sts`.
        public var service: String
        /// The API version sent with every Query API call; unused by the JSON protocol.
        public var apiVersion: String
        /// When to retry and how long to wait.
        public var retryPolicy: RetryPolicy
        /// How requests and answers are encoded.
        public var wireProtocol: WireProtocol

        /// Creates a configuration.
        public init(
            endpoint: URL, signingRegion: String, service: String, apiVersion: String, retryPolicy: RetryPolicy,
            wireProtocol: WireProtocol = .query
        ) {
            self.endpoint = endpoint
            self.signingRegion = signingRegion
            self.service = service
            self.apiVersion = apiVersion
            self.retryPolicy = retryPolicy
            self.wireProtocol = wireProtocol
        }

        /// IAM's global endpoint, or `endpoint` when given; signed for `us-east-1`, API
        /// version 2010-05-08.
        public static func iam(endpoint: URL? = nil, retryPolicy: RetryPolicy = RetryPolicy()) -> Configuration {
            Configuration(
                endpoint: endpoint ?? URL(string: "https://iam.amazonaws.com/") ?? URL(fileURLWithPath: "/"),
                signingRegion: "us-east-1", service: "iam", apiVersion: "2010-05-08", retryPolicy: retryPolicy)
        }

        /// STS in `region` (its regional endpoint), or `endpoint` when given; API version
        /// 2011-06-15.
        public static func sts(
            region: String, endpoint: URL? = nil, retryPolicy: RetryPolicy = RetryPolicy()
        ) -> Configuration {
            let regional = URL(string: "https://sts.\(region).amazonaws.com/") ?? URL(fileURLWithPath: "/")
            return Configuration(
                endpoint: endpoint ?? regional, signingRegion: region, service: "sts", apiVersion: "2011-06-15",
                retryPolicy: retryPolicy)
        }

        /// Secrets Manager in `region` (its regional endpoint), or `endpoint` when given; the
        /// JSON protocol with target prefix `secretsmanager`.
        public static func secretsManager(
            region: String, endpoint: URL? = nil, retryPolicy: RetryPolicy = RetryPolicy()
        ) -> Configuration {
            let regional = URL(string: "https://secretsmanager.\(region).amazonaws.com/") ?? URL(fileURLWithPath: "/")
            return Configuration(
                endpoint: endpoint ?? regional, signingRegion: region, service: "secretsmanager",
                apiVersion: "2017-10-17", retryPolicy: retryPolicy, wireProtocol: .json(targetPrefix: "secretsmanager"))
        }
    }

    /// The service this client talks to.
    public let configuration: Configuration
    /// Requests sent so far, in total and per action.
    public let counter: APICallCounter
    /// The tokens retries draw on.
    public let retryQuota: RetryQuota
    let transport: any HTTPTransport
    let credentialProvider: any CredentialProvider
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    let jitter: @Sendable () -> Double
    let now: @Sendable () -> Date
    let signers = SignerCache()

    /// Creates a client.
    ///
    /// `counter` counts requests; pass one counter to several clients for a combined count.
    /// `sleep` waits between attempts and throws when the task is cancelled. `jitter` returns a
    /// value in `0..<1` for the backoff's full jitter. `now` is the signing clock: it must be the
    /// real time, never a test date used elsewhere.
    public init(
        configuration: Configuration,
        transport: any HTTPTransport,
        credentials: any CredentialProvider,
        counter: APICallCounter = APICallCounter(),
        retryQuota: RetryQuota = RetryQuota(),
        logger: Logger = .disabled,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.credentialProvider = credentials
        self.counter = counter
        self.retryQuota = retryQuota
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
        self.now = now
    }

    /// Whether a call that stopped with `error` after an unknown outcome has attempts left to
    /// be resumed with `perform(_:firstAttempt:)`.
    package func canResume(after error: IAMError) -> Bool {
        error.attempts < configuration.retryPolicy.maxAttempts
    }

    /// Sends one call, retrying as the policy allows, and returns the parsed success response.
    ///
    /// `firstAttempt` is the number of the first attempt made here: above 1 when a caller
    /// resumes a call that stopped with an unknown outcome. The backoff for the attempt before
    /// it is waited first, and only the attempts left are made.
    ///
    /// - Throws: `IAMError` for an error response, no response, an unreadable response, a
    ///   credential failure, cancellation, or an unknown outcome (`AWSRequest.surface`).
    package func perform(_ request: AWSRequest, firstAttempt: Int = 1) async throws(IAMError) -> AWSResponse {
        var attempt = firstAttempt
        var followedUnknownOutcome = false
        // What the latest retry took from the quota; a success gives it back.
        var lastRetryCost: Int?
        if firstAttempt > 1 {
            let delay = configuration.retryPolicy.delay(afterAttempt: firstAttempt - 1, jitter: jitter())
            try await pause(delay, request: request, attempts: firstAttempt - 1)
        }
        while true {
            let outcome = try await send(request, attempt: attempt)
            let failure: AttemptFailure
            let error: IAMError
            switch outcome {
            case .success(let response):
                retryQuota.release(lastRetryCost ?? RetryQuota.successRefund)
                return response
            case .failure(let attemptFailure, let attemptError):
                failure = attemptFailure
                error = attemptError
            }

            // A request that may have reached AWS is repeated only when that is safe.
            if case .transport(let kind) = failure, kind == .connectionReset || kind == .timeout {
                if request.unknownOutcome == .surface, case .transport(let transportError) = error.reason {
                    throw IAMError(
                        action: request.action, resource: request.resource,
                        reason: .outcomeUnknown(transportError), attempts: attempt)
                }
                followedUnknownOutcome = true
            }

            switch configuration.retryPolicy.decision(after: failure, attempt: attempt, jitter: jitter()) {
            case .giveUp(let why):
                var final = error
                final.isRetryExhausted = why == .attemptsExhausted
                final.followedUnknownOutcome = followedUnknownOutcome
                throw final
            case .retry(let delay):
                guard let cost = retryQuota.acquire(after: failure) else {
                    var final = error
                    final.isRetryQuotaExhausted = true
                    final.followedUnknownOutcome = followedUnknownOutcome
                    throw final
                }
                lastRetryCost = cost
                logRetry(request: request, error: error, attempt: attempt, delay: delay)
                try await pause(delay, request: request, attempts: attempt)
                attempt += 1
            }
        }
    }

    /// The result of one attempt: a success, or a failure with the error to report if it is
    /// the last one.
    private enum AttemptOutcome {
        case success(AWSResponse)
        case failure(AttemptFailure, IAMError)

        /// The request id of the response, when one arrived and named it.
        var requestID: String? {
            switch self {
            case .success(let response):
                return response.requestID
            case .failure(_, let error):
                switch error.reason {
                case .service(let fault): return fault.requestID
                case .invalidResponse(_, let requestID, _): return requestID
                default: return nil
                }
            }
        }
    }

    /// Makes one attempt: credentials, signing, sending, parsing.
    private func send(_ request: AWSRequest, attempt: Int) async throws(IAMError) -> AttemptOutcome {
        guard !Task.isCancelled else {
            throw IAMError(
                action: request.action, resource: request.resource, reason: .cancelled, attempts: attempt - 1)
        }
        let credentials: AWSCredentials
        do {
            credentials = try await credentialProvider.credentials()
        } catch {
            throw IAMError(
                action: request.action, resource: request.resource,
                reason: .credentials(String(describing: error)), attempts: attempt - 1)
        }
        let httpRequest = try signedRequest(for: request, credentials: credentials, attempts: attempt - 1)

        counter.record(action: request.action, isRetry: attempt > 1)
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await transport.send(httpRequest)
        } catch {
            logAttempt(request: request, attempt: attempt, started: started, status: nil, requestID: nil)
            return transportFailure(error, request: request, attempt: attempt)
        }
        let outcome = parse(
            response, request: request, attempt: attempt, headerRequestID: Self.headerRequestID(response))
        logAttempt(
            request: request, attempt: attempt, started: started, status: response.status, requestID: outcome.requestID)
        return outcome
    }

    private func transportFailure(_ error: TransportError, request: AWSRequest, attempt: Int) -> AttemptOutcome {
        let reason: IAMError.Reason = error.kind == .cancelled ? .cancelled : .transport(error)
        return .failure(
            .transport(error.kind),
            IAMError(action: request.action, resource: request.resource, reason: reason, attempts: attempt))
    }

    /// Turns a response into a success or a classified failure.
    private func parse(
        _ response: HTTPResponse, request: AWSRequest, attempt: Int, headerRequestID: String?
    ) -> AttemptOutcome {
        // A JSON service's error may still come as XML: a front end that rejects the signature
        // before the service sees the call (the emulator does this) answers in the Query form.
        if case .json = configuration.wireProtocol,
            (200..<300).contains(response.status) || response.body.first != UInt8(ascii: "<")
        {
            return parseJSON(response, request: request, attempt: attempt, requestID: headerRequestID)
        }
        let root: XMLElementNode
        do {
            root = try XMLDocumentParser.parse(response.body)
        } catch {
            let isSuccess = (200..<300).contains(response.status)
            let why = isSuccess ? "\(error)" : "the body is not an AWS error response (\(error))"
            return unreadable(response, request: request, attempt: attempt, requestID: headerRequestID, why: why)
        }
        let requestID = root.firstDescendant("RequestId")?.text ?? headerRequestID
        if (200..<300).contains(response.status) {
            return .success(
                AWSResponse(
                    action: request.action, resource: request.resource, httpStatus: response.status,
                    requestID: requestID, attempts: attempt, root: root))
        }
        guard let fault = root.firstDescendant("Error"), let code = fault.childText("Code"), !code.isEmpty else {
            let why = "the body is not an AWS error response"
            return unreadable(response, request: request, attempt: attempt, requestID: requestID, why: why)
        }
        return serviceFailure(
            response, code: code, message: fault.childText("Message") ?? "", request: request, attempt: attempt,
            requestID: requestID)
    }

    /// `parse` for the JSON protocol: the body of a success is kept as it is for the operation
    /// to decode; an error names its code in `__type` (possibly after a `namespace#`) or in the
    /// `x-amzn-ErrorType` header.
    private func parseJSON(
        _ response: HTTPResponse, request: AWSRequest, attempt: Int, requestID: String?
    ) -> AttemptOutcome {
        if (200..<300).contains(response.status) {
            return .success(
                AWSResponse(
                    action: request.action, resource: request.resource, httpStatus: response.status,
                    requestID: requestID, attempts: attempt, root: XMLElementNode(name: "\(request.action)Response"),
                    body: response.body))
        }
        let fields = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let typeText = (fields?["__type"] as? String) ?? response.header("x-amzn-ErrorType")
        // `namespace#Code` in the body, `Code:http://...` in the header.
        let code = typeText.flatMap { $0.split(separator: "#").last }.flatMap { $0.split(separator: ":").first }
        guard let code, !code.isEmpty else {
            let why = "the body is not an AWS error response"
            return unreadable(response, request: request, attempt: attempt, requestID: requestID, why: why)
        }
        let message = (fields?["message"] as? String) ?? (fields?["Message"] as? String) ?? ""
        return serviceFailure(
            response, code: String(code), message: message, request: request, attempt: attempt, requestID: requestID)
    }

    private func serviceFailure(
        _ response: HTTPResponse, code: String, message: String, request: AWSRequest, attempt: Int, requestID: String?
    ) -> AttemptOutcome {
        let serviceError = AWSServiceError(
            code: AWSErrorCode(code), message: message, httpStatus: response.status, requestID: requestID)
        return .failure(
            .response(status: response.status, code: code, retryAfter: Self.retryAfter(response)),
            IAMError(
                action: request.action, resource: request.resource, reason: .service(serviceError), attempts: attempt))
    }

    private func unreadable(
        _ response: HTTPResponse, request: AWSRequest, attempt: Int, requestID: String?, why: String
    ) -> AttemptOutcome {
        .failure(
            .response(status: response.status, code: nil, retryAfter: Self.retryAfter(response)),
            IAMError(
                action: request.action, resource: request.resource,
                reason: .invalidResponse(status: response.status, requestID: requestID, reason: why),
                attempts: attempt))
    }

    private func pause(_ delay: Duration, request: AWSRequest, attempts: Int) async throws(IAMError) {
        do {
            try await sleep(delay)
        } catch {
            // The only way the sleep fails is cancellation of the calling task.
            throw IAMError(action: request.action, resource: request.resource, reason: .cancelled, attempts: attempts)
        }
    }

    /// `Retry-After` in whole seconds, when present and numeric.
    ///
    /// Limitation: the HTTP-date form of `Retry-After` is ignored; the backoff applies instead.
    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let text = response.header("Retry-After"), let seconds = Int(text.trimmingCharacters(in: .whitespaces)),
            seconds >= 0
        else {
            return nil
        }
        return .seconds(seconds)
    }

    static func headerRequestID(_ response: HTTPResponse) -> String? {
        response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
    }

    /// The URL's host and port, for messages; never its path or query.
    static func endpointLabel(_ url: URL) -> String {
        let host = url.host ?? "?"
        return url.port.map { "\(host):\($0)" } ?? host
    }
}
