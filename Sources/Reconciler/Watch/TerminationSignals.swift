import Dispatch
import Glibc
import Synchronization

/// SIGTERM and SIGINT as an asynchronous stream, so that a long-running command stops cleanly.
///
/// The first signal is delivered on `received`; the command cancels its work and returns. A
/// second one ends the process at once with the shell's code for it (128 + its number), for
/// when the work does not stop. The signals are blocked in the installing thread and read
/// through dispatch signal sources, so they never take their default action of ending the
/// process mid-step. Install it from the main thread before starting the work, and keep the
/// value alive for as long as the signals should be handled.
package final class TerminationSignals: @unchecked Sendable {
    // @unchecked: `sources` and `received` are set once in `init` and never changed; dispatch
    // runs the sources' handlers on its own queue, and the stream's continuation is Sendable.
    private let sources: [any DispatchSourceSignal]

    /// The first signal's number; the stream ends after it.
    package let received: AsyncStream<Int32>

    /// Installs the handling of SIGTERM and SIGINT.
    package init() {
        let signals = [SIGTERM, SIGINT]
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in signals { sigaddset(&mask, number) }
        // Blocked signals still reach the dispatch sources; blocking keeps their default action
        // (ending the process) from running in this thread.
        let blocked = pthread_sigmask(SIG_BLOCK, &mask, nil)
        precondition(blocked == 0, "pthread_sigmask refused a valid signal set: \(blocked)")
        // A shell that starts a command in the background leaves SIGINT ignored, and an ignored
        // signal is discarded before any source can see it: restore the default action, which
        // the mask above keeps from running.
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = nil
            sigemptyset(&action.sa_mask)
            let restored = sigaction(number, &action, nil)
            precondition(restored == 0, "sigaction refused the default action for signal \(number)")
        }

        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        received = stream
        let count = Mutex(0)
        sources = signals.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let seen = count.withLock { value in
                    value += 1
                    return value
                }
                guard seen == 1 else { _exit(128 + number) }
                continuation.yield(number)
                continuation.finish()
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// Runs `work` until it returns or the first signal arrives, which cancels it; returns the
    /// signal's number, or nil when `work` returned by itself.
    package func run(until work: @escaping @Sendable () async -> Void) async -> Int32? {
        let stream = received
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                await work()
                return nil
            }
            group.addTask {
                for await number in stream { return number }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            var signal = first
            while let next = await group.next() {
                signal = signal ?? next
            }
            return signal
        }
    }
}
