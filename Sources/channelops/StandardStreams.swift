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

/// Writes one message to standard error as one line.
func printError(_ line: String) {
    printErrorLines([line])
}

/// Writes messages to standard error, one line each, in one write.
///
/// Each message is made safe for a terminal first (see `terminalSafe(_:)`): messages quote
/// manifest values and paths, and a line feed in one of those must not split a problem over two
/// lines that editors and CI annotators then misread, nor may an escape sequence restyle the
/// terminal or a bidirectional override disguise what the line says.
func printErrorLines(_ lines: [String]) {
    // A failure to write standard error leaves nowhere to report it; the exit code still tells.
    _ = writeLine(lines.map(terminalSafe).joined(separator: "\n"), to: STDERR_FILENO)
}

/// `text` with every control character and every bidirectional formatting character written
/// as an escape: `\n`, `\r` and `\t` for those three, `\u{XXXX}` for the others.
func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var safe = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": safe += "\\n"
        case "\r": safe += "\\r"
        case "\t": safe += "\\t"
        case _ where needsEscape(scalar):
            let hex = String(scalar.value, radix: 16, uppercase: true)
            safe += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
        default: safe.unicodeScalars.append(scalar)
        }
    }
    return safe
}

/// C0 and C1 controls, DEL, line and paragraph separators, and the marks, embeddings, overrides
/// and isolates that reorder text.
private func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
    default: false
    }
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
