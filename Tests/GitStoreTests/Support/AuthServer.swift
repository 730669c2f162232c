import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP server on 127.0.0.1 that answers every request with 401 and a Basic challenge, and
/// records the Authorization headers it receives; stopped by pid when the value goes away.
final class AuthServer {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = """
        import http.server, sys
        log = open(sys.argv[1], "a", buffering=1)
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                log.write((self.headers.get("Authorization") or "-") + "\\n")
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        open(sys.argv[2], "w").write(str(server.server_address[1]))
        server.serve_forever()
        """

    let process = Process()
    let port: Int
    let logPath: String

    /// Starts the server with its files in `folder` and waits (at most ten seconds) for its port.
    init(folder: String) throws {
        let scriptPath = folder + "/auth_server.py"
        let portPath = folder + "/auth_server.port"
        logPath = folder + "/auth_server.log"
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scriptPath, logPath, portPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var found: Int?
        while found == nil {
            if let text = try? String(contentsOfFile: portPath, encoding: .utf8), let number = Int(text) {
                found = number
            } else {
                guard process.isRunning, Date() < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    throw StartFailure(description: "the test HTTP server did not start within 10 seconds")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        port = found ?? 0
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The Authorization headers received so far, "-" for a request without one.
    func authorizations() throws -> [String] {
        try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
