internal import CLibGit2

/// Owns one `git_message_trailer_array`: the `Key: value` lines that end a commit message.
final class TrailerArray {
    private var array = git_message_trailer_array()

    /// Parses the trailers of `message`.
    init(parsing message: String) throws(GitError) {
        try LibGit2.check(
            git_message_trailers(&array, message),
            "git_message_trailers",
            "read the trailers of a commit message"
        )
    }

    deinit {
        git_message_trailer_array_free(&array)
    }

    /// The trailers, copied, in message order.
    func trailers() throws(GitError) -> [CommitTrailer] {
        let operation = "read the trailers of a commit message"
        var result: [CommitTrailer] = []
        for index in 0..<array.count {
            guard let trailer = array.trailers?[index] else { continue }
            result.append(
                CommitTrailer(
                    key: try LibGit2.string(trailer.key, "git_message_trailers", operation),
                    value: try LibGit2.string(trailer.value, "git_message_trailers", operation)
                ))
        }
        return result
    }
}
