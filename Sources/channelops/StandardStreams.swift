import Foundation

/// Standard output could not be written: it is closed, the disk is full, or the device failed.
struct OutputError: Error, CustomStringConvertible {
    /// The `errno` value the failed write left.
    var code: Int32

    var description: String {
        "cannot write to standard output: \(String(cString: strerror(code))); the output is incomplete"
    }
}

/// Writes text and a line feed to standard output.
///
/// - Throws: `OutputError` when the write fails, so that the command reports it and exits 1
///   rather than stopping on a trap, as `FileHandle.write(_:)` does.
func printOut(_ text: String) throws(OutputError) {
    let code = writeLine(text, to: STDOUT_FILENO)
    guard code == 0 else { throw OutputError(code: code) }
}

/// Writes text and a line feed to standard error.
func printError(_ text: String) {
    // A failure to write standard error leaves nowhere to report it; the exit code still tells.
    _ = writeLine(text, to: STDERR_FILENO)
}

/// Writes all of `text`, and a line feed unless it ends with one; 0 on success, else `errno`.
private func writeLine(_ text: String, to descriptor: Int32) -> Int32 {
    var bytes = Array(text.utf8)
    if bytes.last != UInt8(ascii: "\n") {
        bytes.append(UInt8(ascii: "\n"))
    }
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}
