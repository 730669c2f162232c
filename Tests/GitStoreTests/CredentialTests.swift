import Foundation
import Testing

@testable import GitStore

@Suite("credentials and secrets")
struct CredentialTests {
    @Test("credentials are read from the environment, empty values count as unset")
    func fromEnvironment() {
        let environment = [
            "GIT_TOKEN": "fallback", "CHANNELOPS_GIT_TOKEN": "primary", "CHANNELOPS_GIT_USERNAME": "",
            "CHANNELOPS_GIT_SSH_KEY": "/keys/id_ed25519", "CHANNELOPS_GIT_SSH_PASSPHRASE": "phrase",
        ]

        let credentials = GitCredentials.fromEnvironment(environment)

        #expect(
            credentials
                == GitCredentials(
                    token: "primary", sshPrivateKeyPath: "/keys/id_ed25519", sshPassphrase: "phrase"))
        #expect(GitCredentials.fromEnvironment(["GIT_TOKEN": "fallback"]).token == "fallback")
        #expect(GitCredentials.fromEnvironment([:]) == .none)
    }

    @Test("the description of credentials never shows a secret")
    func descriptionRedacts() {
        let credentials = GitCredentials(
            username: "ci", token: "s3cret-token", sshPrivateKeyPath: "/k", sshPassphrase: "phrase")

        #expect(
            credentials.description
                == "GitCredentials(username=ci token=<redacted> sshPrivateKey=/k sshPassphrase=<redacted>)")
    }

    @Test(
        "remote URLs are classified and shown without passwords",
        arguments: [
            ("/srv/repo.git", RemoteLocation.local(path: "/srv/repo.git"), "/srv/repo.git"),
            ("repo.git", .local(path: "/work/repo.git"), "/work/repo.git"),
            ("../x/./repo.git", .local(path: "/x/repo.git"), "/x/repo.git"),
            ("file:///srv/my%20repo.git", .local(path: "/srv/my repo.git"), "/srv/my repo.git"),
            ("git://host/repo.git", .network(url: "git://host/repo.git"), "git://host/repo.git"),
            ("https://u:tok@host/r.git", .network(url: "https://u:tok@host/r.git"), "https://host/r.git"),
            ("ssh://git@host:22/r.git", .network(url: "ssh://git@host:22/r.git"), "ssh://host:22/r.git"),
            ("git@host:team/r.git", .network(url: "git@host:team/r.git"), "git@host:team/r.git"),
        ])
    func remoteLocation(url: String, expected: RemoteLocation, display: String) {
        let location = RemoteLocation(url, relativeTo: "/work")

        #expect(location == expected)
        #expect(location.displayName == display)
    }

    @Test("an HTTP remote asking for credentials without a token fails naming the variables")
    func missingToken() async throws {
        let scratch = try Scratch()
        let server = try AuthServer(folder: scratch.path)
        let url = "http://127.0.0.1:\(server.port)/repo.git"
        let store = try GitStore(cacheFor: url, in: scratch.folder("cache"))

        let error = await #expect(throws: GitError.self) { try await store.fetch(branch: "main") }

        #expect(
            error?.description
                == "authentication to '\(url)' failed: the remote asks for a user name and password; "
                + "set CHANNELOPS_GIT_TOKEN or GIT_TOKEN to a token")
    }

    @Test("the token is sent as the basic-auth password, once, and never appears in the error")
    func tokenRefused() async throws {
        let scratch = try Scratch()
        let server = try AuthServer(folder: scratch.path)
        let url = "http://127.0.0.1:\(server.port)/repo.git"
        let credentials = GitCredentials(token: "s3cret-token")
        let store = try GitStore(cacheFor: url, in: scratch.folder("cache"), credentials: credentials)

        let error = await #expect(throws: GitError.self) { try await store.fetch(branch: "main") }

        let expected = "Basic " + Data("x-access-token:s3cret-token".utf8).base64EncodedString()
        #expect(try server.authorizations().filter { $0 != "-" } == [expected])
        #expect(
            error?.description
                == "authentication to '\(url)' failed: the remote refused the token from "
                + "CHANNELOPS_GIT_TOKEN or GIT_TOKEN")
    }

    @Test("a password in the remote URL appears in no message")
    func passwordInURL() async throws {
        let scratch = try Scratch()
        let server = try AuthServer(folder: scratch.path)
        let url = "http://someone:pa55word@127.0.0.1:\(server.port)/repo.git"
        let store = try GitStore(cacheFor: url, in: scratch.folder("cache"))

        let error = await #expect(throws: GitError.self) { try await store.fetch(branch: "main") }

        #expect(store.remoteDisplayName == "http://127.0.0.1:\(server.port)/repo.git")
        let text = try #require(error?.description)
        #expect(!text.contains("pa55word"))
        #expect(text.hasPrefix("authentication to 'http://127.0.0.1:\(server.port)/repo.git' failed: "))
    }
}
