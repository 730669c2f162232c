import GitStore

extension StatusPublication {
    /// Metadata for the log line that reports a publication: `status` is the pushed commit's
    /// short id, or `unchanged`; `attempts` counts the pushes.
    package var logMetadata: [String: String] {
        switch self {
        case .unchanged(let head):
            return ["status": "unchanged", "head": head.shortHex]
        case .pushed(let commit, let parent, let attempts):
            return ["status": commit.shortHex, "parent": parent.shortHex, "attempts": "\(attempts)"]
        }
    }
}
