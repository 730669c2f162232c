/// The name and e-mail address recorded as a commit's author and committer.
package struct GitSignature: Sendable, Equatable, CustomStringConvertible {
    /// The display name.
    package var name: String
    /// The e-mail address, without angle brackets.
    package var email: String

    /// A signature; libgit2 rejects names and addresses holding `<`, `>` or a newline.
    package init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// `channelops <channelops@localhost>`, the default author of status and lease commits.
    package static let channelops = GitSignature(name: "channelops", email: "channelops@localhost")

    /// `name <email>`, as git prints it.
    package var description: String { "\(name) <\(email)>" }
}
