import Foundation
import Synchronization

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
