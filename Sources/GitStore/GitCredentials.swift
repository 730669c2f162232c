/// The credentials offered to a remote that asks for them, taken from the environment.
///
/// `https://` remotes get `token` as the password of HTTP basic authentication, with `username`
/// (default `x-access-token`) unless the URL names a user. `ssh://` and `user@host:path` remotes
/// get the private key file `sshPrivateKeyPath` when it is set, otherwise the keys of the running
/// ssh agent (`SSH_AUTH_SOCK`). `git://`, `file://` and local paths never ask. The description
/// never shows the token or the passphrase.
package struct GitCredentials: Sendable, Equatable, CustomStringConvertible {
    /// Environment variables read for the token, the first set one wins.
    package static let tokenVariables = ["CHANNELOPS_GIT_TOKEN", "GIT_TOKEN"]
    /// Environment variable for the HTTP user name sent with the token.
    package static let usernameVariable = "CHANNELOPS_GIT_USERNAME"
    /// Environment variable for the path of an ssh private key file.
    package static let sshKeyVariable = "CHANNELOPS_GIT_SSH_KEY"
    /// Environment variable for the path of the matching public key, when not beside the key.
    package static let sshPublicKeyVariable = "CHANNELOPS_GIT_SSH_PUBLIC_KEY"
    /// Environment variable for the passphrase of the ssh private key.
    package static let sshPassphraseVariable = "CHANNELOPS_GIT_SSH_PASSPHRASE"
    /// The HTTP user name used with a token when neither the URL nor the environment names one.
    package static let defaultTokenUsername = "x-access-token"

    /// The HTTP user name sent with the token, or nil for the default.
    package var username: String?
    /// The HTTP password, typically a personal access or CI job token.
    package var token: String?
    /// A private key file for ssh remotes; nil to use the ssh agent.
    package var sshPrivateKeyPath: String?
    /// The public key file for `sshPrivateKeyPath`, when libssh2 cannot derive it.
    package var sshPublicKeyPath: String?
    /// The passphrase of `sshPrivateKeyPath`.
    package var sshPassphrase: String?

    /// Credentials given directly; every field defaults to unset.
    package init(
        username: String? = nil,
        token: String? = nil,
        sshPrivateKeyPath: String? = nil,
        sshPublicKeyPath: String? = nil,
        sshPassphrase: String? = nil
    ) {
        self.username = username
        self.token = token
        self.sshPrivateKeyPath = sshPrivateKeyPath
        self.sshPublicKeyPath = sshPublicKeyPath
        self.sshPassphrase = sshPassphrase
    }

    /// No credentials: remotes that ask for some fail with a message naming the variables.
    package static let none = GitCredentials()

    /// Reads the variables named above from `environment`; empty values count as unset.
    package static func fromEnvironment(_ environment: [String: String]) -> GitCredentials {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        return GitCredentials(
            username: value(usernameVariable),
            token: tokenVariables.lazy.compactMap { value($0) }.first,
            sshPrivateKeyPath: value(sshKeyVariable),
            sshPublicKeyPath: value(sshPublicKeyVariable),
            sshPassphrase: value(sshPassphraseVariable)
        )
    }

    /// Which credentials are set, with secrets replaced by `<redacted>`.
    package var description: String {
        var parts: [String] = []
        if let username { parts.append("username=\(username)") }
        if token != nil { parts.append("token=<redacted>") }
        if let sshPrivateKeyPath { parts.append("sshPrivateKey=\(sshPrivateKeyPath)") }
        if let sshPublicKeyPath { parts.append("sshPublicKey=\(sshPublicKeyPath)") }
        if sshPassphrase != nil { parts.append("sshPassphrase=<redacted>") }
        return "GitCredentials(\(parts.joined(separator: " ")))"
    }
}
