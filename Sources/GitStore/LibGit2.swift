internal import CGitShim
internal import CLibGit2
import FoundationEssentials

/// The process-wide libgit2 set-up and the conversion of its return codes into `GitError`.
///
/// `git_libgit2_init` is called from exactly one place, `LibGit2.initialize()`, which every
/// wrapper that acquires a handle calls first. The library is never shut down: its global state
/// lives as long as the process, which is what a long-running `watch` needs.
enum LibGit2 {
    /// The outcome of the one `git_libgit2_init` call, made lazily and thread-safely by Swift's
    /// global initialisation.
    private static let initialization: Result<Void, GitError> = {
        let code = git_libgit2_init()
        if code < 0 {
            return .failure(lastError(operation: "initialise libgit2", function: "git_libgit2_init", code: code))
        }
        return .success(())
    }()

    /// Makes sure libgit2 is initialised; cheap after the first call.
    static func initialize() throws(GitError) {
        try initialization.get()
    }

    /// Trusts the CA certificates of the PEM file at `path` for HTTPS remotes, for the rest of
    /// the process, instead of the system's bundle.
    static func trustCertificates(inFile path: String) throws(GitError) {
        try initialize()
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .invalidArgument(
                what: "CA certificate file", value: path, reason: "it does not exist or cannot be read")
        }
        try check(channelops_git_set_ssl_cert_file(path), "git_libgit2_opts", "trust the CA certificates in '\(path)'")
    }

    /// Throws a `GitError` when `code` is negative, reading libgit2's thread-local message at once.
    ///
    /// Call it in the same synchronous stretch as the failing C call: the message is per thread
    /// and is overwritten by the next failing call.
    @discardableResult
    static func check(
        _ code: Int32,
        _ function: String,
        _ operation: @autoclosure () -> String
    ) throws(GitError) -> Int32 {
        guard code < 0 else { return code }
        throw lastError(operation: operation(), function: function, code: code)
    }

    /// Builds the error for a failed call from `git_error_last()`.
    static func lastError(operation: String, function: String, code: Int32) -> GitError {
        var message = "no message from libgit2"
        if let last = git_error_last(), let text = last.pointee.message {
            // An error message is already the failure being reported; replacing its invalid bytes
            // keeps the report instead of hiding it behind a second error.
            message = String(cString: text)
        }
        return .libgit2(operation: operation, function: function, code: code, message: message)
    }

    /// Copies a borrowed C string into a Swift string, failing on invalid UTF-8.
    static func string(
        _ pointer: UnsafePointer<CChar>?,
        _ function: String,
        _ operation: @autoclosure () -> String
    ) throws(GitError) -> String {
        guard let pointer else {
            throw .missingValue(operation: operation(), function: function)
        }
        guard let text = String(validatingCString: pointer) else {
            throw .invalidUTF8(operation: operation(), function: function)
        }
        return text
    }
}

extension GitStore {
    /// The variable naming a PEM file of CA certificates to trust for HTTPS remotes instead of
    /// the system's bundle; git's own variable, so a setting made for git works here too.
    package static let caBundleVariable = "GIT_SSL_CAINFO"

    /// Trusts the CA file that `GIT_SSL_CAINFO` names in `environment`, for the rest of the
    /// process; does nothing when the variable is unset or empty.
    ///
    /// - Throws: `GitError.invalidArgument` when the file cannot be read, or libgit2's error
    ///   when it is not a PEM file of certificates.
    package static func trustCertificates(from environment: [String: String]) throws(GitError) {
        guard let path = environment[caBundleVariable], !path.isEmpty else { return }
        try LibGit2.trustCertificates(inFile: path)
    }
}
