/// One `Key: value` line in the last paragraph of a commit message.
package struct CommitTrailer: Sendable, Equatable, CustomStringConvertible {
    /// The key, letters, digits and `-` only, such as `Channelops-Status`.
    package var key: String
    /// The value, on one line.
    package var value: String

    /// A trailer; `StatusCommitMessage` checks the key and value when it renders them.
    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `Key: value`, as written in the message.
    package var description: String { "\(key): \(value)" }
}
