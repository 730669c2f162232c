import Foundation

/// Reads the token files that web identity and container credentials name.
enum TokenFile {
    /// The trimmed text of the file at `path`, read now: platforms rotate these tokens, so a
    /// file is read again on every fetch.
    ///
    /// - Throws: `CredentialError.tokenFile` naming `path` and the `setting` that named it, when
    ///   the file is missing, unreadable or empty.
    static func read(
        _ path: String,
        setting: String,
        with readFile: @Sendable (String) throws(ConfigurationError) -> String?
    ) throws(CredentialError) -> String {
        let text: String?
        do {
            text = try readFile(path)
        } catch {
            let reason: String
            if case .unreadableFile(_, let fileReason) = error {
                reason = fileReason
            } else {
                reason = error.description
            }
            throw .tokenFile(path: path, setting: setting, problem: reason)
        }
        guard let text else {
            throw .tokenFile(path: path, setting: setting, problem: "the file does not exist")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw .tokenFile(path: path, setting: setting, problem: "the file is empty")
        }
        return token
    }
}
