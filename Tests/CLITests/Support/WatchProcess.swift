import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running `channelops` child, such as `watch`, that the test signals and waits for.
///
/// Started with `posix_spawn` and an empty signal mask: the test runner blocks SIGTERM, and a
/// child would otherwise inherit that mask and never see the signal the test sends. Standard
/// output and error go to files the test reads while the child runs.
final class WatchProcess: @unchecked Sendable {
    // @unchecked: `pid` and the paths are set once in `init`; `status` is only touched by the
    // test's own task through `wait`.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    let outputPath: String
    let errorPath: String
    private var status: Int32?

    /// Starts `executable` with `arguments`, exactly `environment`, in `directory`.
    init(
        executable: URL,
        arguments: [String],
        environment: [String: String],
        directory: String,
        logFolder: String,
        name: String
    ) throws {
        outputPath = logFolder + "/\(name).out"
        errorPath = logFolder + "/\(name).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // env(1) changes the folder and then executes channelops in the same process.
        let argv = (["/usr/bin/env", "-C", directory, executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/usr/bin/env", &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw Failure(description: "posix_spawn \(executable.path) failed: \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits up to `timeout` for the child to end; returns its exit code, or 128 + the signal
    /// that ended it; nil when it still runs.
    func wait(timeout: Duration) async -> Int32? {
        if let status { return status }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var raw: Int32 = 0
            let ended = waitpid(pid, &raw, WNOHANG)
            if ended == pid {
                let signal = raw & 0x7f
                let code = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
                status = code
                return code
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Standard error so far.
    var errorText: String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }

    /// Standard output so far.
    var outputText: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// The lines of standard error holding `text`.
    func errorLines(containing text: String) -> [String] {
        errorText.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    /// Waits up to `timeout` until `condition` holds, checking every 100 ms; returns whether it
    /// did.
    static func eventually(
        within timeout: Duration,
        _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}
