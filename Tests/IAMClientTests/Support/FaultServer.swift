import Foundation
import IAMClient

/// The fault-injecting HTTP server in `Fixtures/fault_server.py`, run for one test on a free port
/// of 127.0.0.1 and stopped by its process id.
final class FaultServer {
    enum Mode: String {
        case throttle
        case error500
        case drop
        case hang
    }

    let process = Process()
    let url: URL
    private let input = Pipe()

    /// Starts the server; it fails the first `failures` POST requests in `mode`.
    init(_ mode: Mode, failures: Int) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.url("fault_server.py").path, mode.rawValue, String(failures)]
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                throw CocoaError(.fileReadUnknown)
            }
            line.append(chunk)
        }
        let port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: "http://127.0.0.1:\(port)/") else {
            throw CocoaError(.fileReadCorruptFile)
        }
        self.url = url
    }

    deinit {
        stop()
    }

    /// Stops the server: closing its standard input makes it exit even if signals are blocked.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
    }

    /// The POST requests and TCP connections the server has received, not counting the
    /// connection this question opens.
    func stats() async throws -> (posts: Int, connections: Int) {
        let transport = try CurlTransport()
        let response = try await transport.send(HTTPRequest(method: "GET", url: url.appendingPathComponent("stats")))
        let text = String(decoding: response.body, as: UTF8.self)
        let numbers = text.split(separator: " ").compactMap { Int($0) }
        return (numbers.first ?? -1, (numbers.last ?? 0) - 1)
    }
}
