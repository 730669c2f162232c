import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `git daemon` serving one folder on 127.0.0.1 with push enabled, for the `git://` tests;
/// stopped with SIGKILL when the value goes away (the test runner's children inherit a blocked
/// SIGTERM).
final class GitServer: Sendable {
    let process: Process
    let port: Int
    let base: URL

    /// Starts the daemon on `port` (a free one when nil) for the repositories below `base`, and
    /// waits (at most ten seconds) until it answers.
    init(base: URL, port fixed: Int? = nil) throws {
        self.base = base
        port = try fixed ?? Self.freePort()
        let execPath = try ConfigCheckout.git(["--exec-path"], in: base).trimmingCharacters(in: .newlines)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
        process.arguments = [
            "--export-all", "--enable=receive-pack", "--base-path=\(base.path)", "--listen=127.0.0.1",
            "--port=\(port)", "--reuseaddr", base.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while (try? ConfigCheckout.git(["ls-remote", url("origin.git")], in: base)) == nil {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw MotoError(description: "git daemon did not answer on 127.0.0.1:\(port) within 10 seconds")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit { stop() }

    /// The `git://` URL of the repository `name` below the base folder.
    func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A port nothing listens on now: bind to port 0, read the port chosen, close.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw MotoError(description: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw MotoError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw MotoError(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// git's smart-HTTP server over TLS (`scripts/git_https_server.py`) serving one folder, for the
/// `https://` tests; every request must carry `token` as its basic-authentication password.
///
/// It uses the certificate the emulator's TLS front uses (signed by the CA of
/// `CHANNELOPS_TEST_CA_BUNDLE`, for the names `localhost` and 127.0.0.1), and the Python of the
/// project's virtual environment. Stopped with SIGKILL when the value goes away.
final class HTTPSGitServer: Sendable {
    static let caBundle = ProcessInfo.processInfo.environment["CHANNELOPS_TEST_CA_BUNDLE"]
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".venv/bin/python").path
    static var isAvailable: Bool { caBundle != nil && FileManager.default.isExecutableFile(atPath: python) }
    static let unavailableReason: Comment =
        "needs the emulator's TLS files (scripts/emulator.sh start, then export .build/emulator/env) and .venv"

    let process: Process
    let port: Int

    init(base: URL, token: String) throws {
        let tls = URL(fileURLWithPath: try #require(Self.caBundle)).deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        port = try GitServer.freePort()
        process.arguments = [
            Self.packageRoot.appendingPathComponent("scripts/git_https_server.py").path, base.path, "\(port)",
            tls.appendingPathComponent("server.pem").path, tls.appendingPathComponent("server.key").path,
        ]
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": base.path, "GIT_CONFIG_NOSYSTEM": "1", "CHANNELOPS_TEST_GIT_TOKEN": token,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The server prints one line once it listens.
        let line = output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("ready") else {
            stop()
            throw MotoError(description: "the HTTPS git server did not start on 127.0.0.1:\(port)")
        }
    }

    deinit { stop() }

    /// The `https://` URL of the repository `name` below the base folder.
    func url(_ name: String) -> String { "https://localhost:\(port)/\(name)" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
