import Foundation

/// Collects one response's headers and body as libcurl delivers them.
final class CurlResponseSink {
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    private(set) var isOverLimit = false
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func reset() {
        headers = []
        body = []
        isOverLimit = false
    }

    /// Appends body bytes; `false` (abort the transfer) past the size limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            isOverLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one header line; a status line starts a new response (after `100 Continue`).
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
    }
}
