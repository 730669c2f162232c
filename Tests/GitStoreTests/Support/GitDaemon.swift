import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `git daemon` serving a folder of repositories on 127.0.0.1, with push enabled; stopped by pid
/// when the value goes away.
///
/// The daemon binary is started directly rather than through the `git` wrapper, so that the pid
/// is the daemon's own. It is stopped with SIGKILL: processes started from the test runner
/// inherit its blocked signal mask, in which SIGTERM is blocked.
final class GitDaemon {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let port: UInt16

    /// Starts the daemon on a free port and waits (at most ten seconds) until it accepts
    /// connections.
    init(basePath: String) throws {
        port = try Self.freePort()
        let execPath = try GitCommand.run(["--exec-path"], in: basePath)
        process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
        process.arguments = [
            "--export-all", "--enable=receive-pack", "--base-path=\(basePath)",
            "--listen=127.0.0.1", "--port=\(port)", "--reuseaddr", basePath,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw StartFailure(description: "git daemon did not answer on 127.0.0.1:\(port) within 10 seconds")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        stop()
    }

    /// The `git://` URL of the repository `name` below the base path.
    func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    /// Sends SIGKILL to the daemon's pid and waits for it to end.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A port nothing listens on now: bind to port 0, read the port the kernel chose, close.
    private static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw StartFailure(description: "socket() failed") }
        defer { close(socket) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw StartFailure(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw StartFailure(description: "getsockname() failed") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// True when a TCP connection to 127.0.0.1:`port` succeeds.
    private static func accepts(port: UInt16) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
