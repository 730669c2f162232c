/// The message of a status commit: a subject, an optional body and trailers.
///
/// The rendered message always ends with the trailer `Channelops-Status: true`, which marks the
/// commit as channelops' own (see `CommitInfo.isStatusCommit`).
package struct StatusCommitMessage: Sendable, Equatable {
    /// The trailer that marks a status commit.
    package static let statusTrailer = CommitTrailer(key: "Channelops-Status", value: "true")

    /// The first line, such as `status: reconciled 3f2c1e0`.
    package var subject: String
    /// Free text after the subject, such as the changes applied; may be empty.
    package var body: String
    /// Trailers written before the status trailer, such as `Channelops-Observed-Commit: <id>`.
    package var trailers: [CommitTrailer]

    /// A message; nothing is checked until `rendered()`.
    package init(subject: String, body: String = "", trailers: [CommitTrailer] = []) {
        self.subject = subject
        self.body = body
        self.trailers = trailers
    }

    /// The full commit message.
    ///
    /// Throws `GitError.invalidArgument` for an empty or multi-line subject, a trailer key that is
    /// not letters, digits and `-`, or a trailer value with a line break.
    package func rendered() throws(GitError) -> String {
        guard !subject.isEmpty, !subject.contains(where: \.isNewline) else {
            throw .invalidArgument(
                what: "commit subject", value: subject, reason: "it must be one non-empty line")
        }
        var lines = [subject, ""]
        let text = Self.trimmingTrailingNewlines(body)
        if !text.isEmpty {
            lines.append(text)
            lines.append("")
        }
        for trailer in trailers where trailer.key.lowercased() != Self.statusTrailer.key.lowercased() {
            try Self.check(trailer)
            lines.append(trailer.description)
        }
        lines.append(Self.statusTrailer.description)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func check(_ trailer: CommitTrailer) throws(GitError) {
        let keyIsValid =
            !trailer.key.isEmpty
            && trailer.key.unicodeScalars.allSatisfy { isKeyScalar($0) }
        guard keyIsValid else {
            throw .invalidArgument(
                what: "trailer key", value: trailer.key, reason: "use only letters, digits and '-'")
        }
        guard !trailer.value.contains(where: \.isNewline) else {
            throw .invalidArgument(
                what: "value of trailer '\(trailer.key)'", value: trailer.value,
                reason: "it must fit on one line")
        }
    }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func trimmingTrailingNewlines(_ text: String) -> String {
        var result = Substring(text)
        while let last = result.last, last.isNewline {
            result = result.dropLast()
        }
        return String(result)
    }
}
