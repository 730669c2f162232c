import Dispatch
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into a call, so that a long-running command stops cleanly: the
/// first signal calls `handler` (which cancels the work); a second one ends the process at once
/// with the shell's code for the signal (128 + its number), for when the work does not stop.
///
/// The signals are blocked in the calling thread and read through dispatch signal sources, so
/// they never take their default action of ending the process mid-step. Call `install` from
/// the main thread before starting the work; keep the value alive for as long as the signals
/// should be handled.
package final class TerminationSignals: @unchecked Sendable {
    // @unchecked: the sources are set once in `init` and never changed; dispatch runs their
    // handlers on its own queue.
    private let sources: [any DispatchSourceSignal]

    /// Installs the handling; `handler` receives the signal number, once.
    package static func install(_ handler: @escaping @Sendable (Int32) -> Void) -> TerminationSignals {
        TerminationSignals(handler)
    }

    private init(_ handler: @escaping @Sendable (Int32) -> Void) {
        let signals = [SIGTERM, SIGINT]
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in signals { sigaddset(&mask, number) }
        // Blocked signals still reach the dispatch sources; blocking keeps their default action
        // (ending the process) from running in this thread.
        let blocked = pthread_sigmask(SIG_BLOCK, &mask, nil)
        precondition(blocked == 0, "pthread_sigmask refused a valid signal set: \(blocked)")
        let received = Mutex(0)
        sources = signals.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let count = received.withLock { value in
                    value += 1
                    return value
                }
                if count == 1 {
                    handler(number)
                } else {
                    _exit(128 + number)
                }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
