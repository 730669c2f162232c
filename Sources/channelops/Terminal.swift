import ChannelLog
import Foundation
import Reconciler
import Synchronization

/// What the process's standard streams are connected to.
enum Terminal {
    /// Whether standard output is a terminal.
    static var isOutputTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal.
    static var isErrorTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether a report printed on standard output may be coloured: it is a terminal, and
    /// `NO_COLOR` is unset or empty (as no-color.org asks).
    static var allowsColour: Bool {
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
        return isOutputTerminal && noColour.isEmpty
    }
}

/// A one-line progress indicator at the bottom of a terminal's standard error.
///
/// The line is redrawn in place (carriage return, erase line) at most every 100 ms, and the log
/// lines of the run go through `logSink`, which erases the indicator first and redraws it after,
/// so the two never mix on one line. Safe to use from any task.
final class ProgressLine: Sendable {
    private struct State {
        var text = ""
        var lastDrawn: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Shows how far an apply has got; the last step always draws.
    func update(_ progress: ApplyProgress) {
        let text = "applying: \(progress.finishedSteps)/\(progress.totalSteps) changes (channel \(progress.channel))"
        state.withLock { state in
            let now = ContinuousClock.now
            let isLast = progress.finishedSteps == progress.totalSteps
            if !isLast, let last = state.lastDrawn, now - last < .milliseconds(100) {
                state.text = text
                return
            }
            state.text = text
            state.lastDrawn = now
            Self.write("\r\u{1B}[K" + terminalSafe(text))
        }
    }

    /// Erases the indicator for good.
    func finish() {
        state.withLock { state in
            if !state.text.isEmpty { Self.write("\r\u{1B}[K") }
            state.text = ""
        }
    }

    /// Writes one log line above the indicator.
    var logSink: @Sendable (String) -> Void {
        { [self] line in
            state.withLock { state in
                let redraw = state.text.isEmpty ? "" : terminalSafe(state.text)
                Self.write("\r\u{1B}[K" + line + "\n" + redraw)
            }
        }
    }

    /// Writes to standard error in one call; a failed write leaves nowhere to report it.
    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes {
                Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
