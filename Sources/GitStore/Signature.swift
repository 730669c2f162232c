internal import CLibGit2

/// Owns one `git_signature`: a name, an e-mail address and a time, for a commit's author or
/// committer.
final class Signature {
    /// The handle; valid for the life of this object.
    let pointer: UnsafeMutablePointer<git_signature>

    /// Builds a signature at `seconds` since 1970 in UTC.
    ///
    /// libgit2 rejects names and addresses holding `<`, `>` or a newline.
    init(name: String, email: String, seconds: Int64) throws(GitError) {
        var handle: UnsafeMutablePointer<git_signature>?
        try LibGit2.check(
            git_signature_new(&handle, name, email, seconds, 0),
            "git_signature_new",
            "make a signature for '\(name) <\(email)>'"
        )
        guard let handle else {
            throw .missingValue(operation: "make a signature", function: "git_signature_new")
        }
        self.pointer = handle
    }

    deinit {
        git_signature_free(pointer)
    }
}
