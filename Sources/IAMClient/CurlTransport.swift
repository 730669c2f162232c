import Foundation
import Synchronization

/// The production `HTTPTransport`: libcurl, with connections kept alive and reused.
///
/// Each request runs on one of at most `Options.maximumConcurrentRequests` worker threads,
/// never on Swift's cooperative pool, because libcurl's easy interface blocks. Each worker
/// owns one easy handle and so one set of open connections; an idle worker that finished
/// last is picked first, so requests made one after another reuse the same connection. The
/// workers share a DNS cache and a TLS session cache. Requests beyond the limit wait in
/// order. Cancelling the calling task stops a queued request at once and an in-flight one at
/// libcurl's next progress check.
///
/// Certificate verification is always on; `Options.caBundlePath` (from `AWS_CA_BUNDLE` or
/// `ca_bundle`) replaces the system's trusted CAs, as the AWS SDKs do. Safe to use from many
/// tasks at once. Worker threads end when the transport is released.
public final class CurlTransport: HTTPTransport {
    /// How the transport connects.
    public struct Options: Sendable, Equatable {
        /// The longest wait to connect, TLS handshake included.
        public var connectTimeout: Duration
        /// The longest a whole request may take, connecting included.
        public var requestTimeout: Duration
        /// A PEM file of CA certificates to trust instead of the system's; `nil` for the system's.
        public var caBundlePath: String?
        /// Whether connections are kept open and reused; `false` opens a new one per request
        /// (for comparison in benchmarks).
        public var reusesConnections: Bool
        /// The most requests in flight at once, which is also the most worker threads and the
        /// most open connections.
        public var maximumConcurrentRequests: Int
        /// The largest response body accepted; a larger one fails the request.
        public var maximumResponseBytes: Int

        /// Creates options; the defaults suit IAM.
        public init(
            connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60),
            caBundlePath: String? = nil,
            reusesConnections: Bool = true,
            maximumConcurrentRequests: Int = 8,
            maximumResponseBytes: Int = 64 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.caBundlePath = caBundlePath
            self.reusesConnections = reusesConnections
            self.maximumConcurrentRequests = max(1, maximumConcurrentRequests)
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    /// The options the transport was created with.
    public let options: Options
    private let pool: CurlWorkerPool

    /// Creates a transport; initialises libcurl on first use.
    ///
    /// - Throws: `TransportError` when libcurl cannot be initialised or the CA bundle file is
    ///   not readable.
    public init(options: Options = Options()) throws(TransportError) {
        if let failure = CurlGlobal.initializationFailure {
            throw TransportError(kind: .other, endpoint: "libcurl", message: failure)
        }
        if let path = options.caBundlePath, !FileManager.default.isReadableFile(atPath: path) {
            throw TransportError(
                kind: .tls, endpoint: "CA bundle",
                message: "the CA bundle file \(path) (AWS_CA_BUNDLE or ca_bundle) does not exist or is not readable")
        }
        self.options = options
        pool = CurlWorkerPool(options: options, share: try CurlShare(endpoint: "libcurl"))
    }

    deinit {
        pool.shutDown()
    }

    /// Sends `request` on a worker thread and returns the whole response.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let cancellation = CurlCancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pool.submit(CurlJob(request: request, cancellation: cancellation, continuation: continuation))
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// The URL's host and port, for messages; never its path or query.
    static func endpointLabel(_ url: URL) -> String {
        let host = url.host ?? "?"
        return url.port.map { "\(host):\($0)" } ?? host
    }
}

/// One request waiting for or running on a worker thread.
struct CurlJob: Sendable {
    let request: HTTPRequest
    let cancellation: CurlCancellation
    let continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>

    func finish(_ result: Result<HTTPResponse, TransportError>) {
        continuation.resume(returning: result)
    }
}

/// The worker threads of a `CurlTransport` and the queue of requests waiting for one.
///
/// Workers are started on demand up to the limit. A worker with nothing to do parks on its
/// semaphore in the idle list; `submit` hands a job to the most recently parked worker, whose
/// connection is the most likely to still be open. `shutDown` wakes idle workers so they exit;
/// busy ones exit after their current job.
final class CurlWorkerPool: Sendable {
    /// A parked worker: the semaphore it waits on and the job handed to it.
    private final class Worker: Sendable {
        let wakeUp = DispatchSemaphore(value: 0)
        let handedJob = Mutex<CurlJob?>(nil)
    }

    private struct State {
        var pending: [CurlJob] = []
        var idle: [Worker] = []
        var workerCount = 0
        var isShutDown = false
    }

    private enum Placement {
        case handed(Worker)
        case startWorker
        case queued
        case refused
    }

    private let state = Mutex(State())
    private let options: CurlTransport.Options
    private let share: CurlShare

    init(options: CurlTransport.Options, share: CurlShare) {
        self.options = options
        self.share = share
    }

    /// Runs `job` on an idle worker, a new worker, or the first worker to become free.
    func submit(_ job: CurlJob) {
        let placement = state.withLock { state -> Placement in
            if state.isShutDown {
                return .refused
            }
            if let worker = state.idle.popLast() {
                worker.handedJob.withLock { $0 = job }
                return .handed(worker)
            }
            if state.workerCount < options.maximumConcurrentRequests {
                state.workerCount += 1
                return .startWorker
            }
            state.pending.append(job)
            return .queued
        }
        switch placement {
        case .handed(let worker):
            worker.wakeUp.signal()
        case .startWorker:
            startWorker(firstJob: job)
        case .queued:
            break
        case .refused:
            let endpoint = CurlTransport.endpointLabel(job.request.url)
            job.finish(
                .failure(TransportError(kind: .other, endpoint: endpoint, message: "the transport was shut down")))
        }
    }

    /// Stops idle workers now and busy ones after their current job.
    func shutDown() {
        let idle = state.withLock { state -> [Worker] in
            state.isShutDown = true
            defer { state.idle = [] }
            return state.idle
        }
        for worker in idle {
            worker.wakeUp.signal()
        }
    }

    private func startWorker(firstJob: CurlJob) {
        let thread = Thread { [self] in
            runWorker(firstJob: firstJob)
        }
        thread.name = "channelops-curl"
        thread.start()
    }

    /// A worker's life: create its handle, run jobs until shut down, free the handle.
    private func runWorker(firstJob: CurlJob) {
        let worker = Worker()
        var handle: CurlEasyHandle?
        var job: CurlJob? = firstJob
        while let current = job {
            if handle == nil {
                do throws(TransportError) {
                    handle = try CurlEasyHandle(
                        share: share, options: options, endpoint: CurlTransport.endpointLabel(current.request.url))
                } catch {
                    // The job fails; the next one tries to create the handle again.
                    current.finish(.failure(error))
                }
            }
            if let handle {
                current.finish(handle.perform(current.request, cancellation: current.cancellation))
            }
            job = nextJob(for: worker)
        }
    }

    /// The next job for `worker`: a queued one, or one handed over after parking; `nil` when
    /// the pool is shut down.
    private func nextJob(for worker: Worker) -> CurlJob? {
        let queued = state.withLock { state -> CurlJob?? in
            if !state.pending.isEmpty {
                return .some(state.pending.removeFirst())
            }
            if state.isShutDown {
                state.workerCount -= 1
                return .some(nil)
            }
            state.idle.append(worker)
            return nil
        }
        if let queued {
            return queued
        }
        worker.wakeUp.wait()
        if let job = worker.handedJob.withLock({ slot in
            defer { slot = nil }
            return slot
        }) {
            return job
        }
        // Woken without a job: the pool is shutting down.
        state.withLock { $0.workerCount -= 1 }
        return nil
    }
}
