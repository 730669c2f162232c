/// Checks and normalises paths inside a repository's trees.
enum RepositoryPath {
    /// Normalises a folder given by a user (`channels`, `./channels/`, `.`) to the form used in
    /// trees (`channels`, or "" for the top).
    ///
    /// Rejects `..`, `.git` and NUL, which could name something outside the repository's files.
    static func folder(_ raw: String, what: String) throws(GitError) -> String {
        var parts: [Substring] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            try checkComponent(part, of: raw, what: what)
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    /// Checks a file path relative to a folder, such as `support-bot.yaml` or `team/a.yaml`.
    ///
    /// Only the canonical form is accepted (no leading, trailing or doubled `/`, no `.`), so that
    /// a path written is the same string read back.
    static func components(ofFile raw: String, what: String) throws(GitError) -> [String] {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            guard !part.isEmpty else {
                throw .invalidArgument(what: what, value: raw, reason: "empty path component; write 'a/b.yaml'")
            }
            guard part != "." else {
                throw .invalidArgument(what: what, value: raw, reason: "'.' is not allowed in the path")
            }
            try checkComponent(part, of: raw, what: what)
        }
        return parts.map(String.init)
    }

    private static func checkComponent(_ part: Substring, of raw: String, what: String) throws(GitError) {
        if part == ".." {
            throw .invalidArgument(what: what, value: raw, reason: "'..' is not allowed in the path")
        }
        if part.lowercased() == ".git" {
            throw .invalidArgument(what: what, value: raw, reason: "'.git' is not allowed in the path")
        }
        if part.utf8.contains(0) {
            throw .invalidArgument(what: what, value: raw, reason: "the path holds a NUL character")
        }
    }
}
