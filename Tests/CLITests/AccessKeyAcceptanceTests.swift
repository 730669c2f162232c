import Foundation
import IAMClient
import SigV4
import Testing

/// The signature-checking emulator and its administrator's key, and the age tools.
private enum AuthMoto {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["CHANNELOPS_TEST_AUTH_MOTO_URL"]
    static let keyID = environment["CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID"]
    static let secret = environment["CHANNELOPS_TEST_AUTH_SECRET_ACCESS_KEY"]
    static let hasAge = ["/usr/bin/age", "/usr/bin/age-keygen"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var isAvailable: Bool { url != nil && keyID != nil && secret != nil && hasAge && MotoIAM.isAvailable }
    static let unavailable: Comment =
        "needs the signature-checking emulator (scripts/emulator.sh start, then export .build/emulator/env) and age"
}

/// Runs a program and returns its standard output as bytes; fails the test when it fails.
private func output(_ program: String, _ arguments: [String], in folder: URL) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1"]
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    let problem = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(
        process.terminationStatus == 0,
        "\(program) \(arguments.joined(separator: " ")): \(String(decoding: problem, as: UTF8.self))")
    return data
}

/// One test's keyed channel on the signature-checking emulator, reconciled with `--repo`.
private struct KeyScenario {
    let scenario: EmulatorScenario
    let folder: URL
    let identityFile: URL
    let recipient: String
    let channel: String
    let user: String
    /// Every output of every run, searched for the secrets at the end.
    var outputs: [String] = []

    init() throws {
        scenario = try EmulatorScenario()
        folder = scenario.checkout.folder.url
        identityFile = folder.appendingPathComponent("identity.txt")
        _ = try output("/usr/bin/age-keygen", ["-o", identityFile.path], in: folder)
        let publicKey = try output("/usr/bin/age-keygen", ["-y", identityFile.path], in: folder)
        recipient = String(decoding: publicKey, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        channel = scenario.name("keys")
        user = scenario.name("web")
    }

    /// A channel whose consumer may read IAM (so that its key can run `drift`), with a key.
    func manifest(channel: String, user: String, recipient: String) -> String {
        """
        apiVersion: channelops.io/v1
        kind: Channel
        metadata:
          name: \(channel)
        spec:
          consumers:
            - name: \(user)
              accessKey:
                enabled: true
                rotateAfterDays: 30
                rotationGraceDays: 7
                recipients: [\(recipient)]
          permissions:
            - actions: ["iam:Get*", "iam:List*"]
              resources: ["*"]

        """
    }

    /// Runs channelops against the signature-checking emulator with these keys and clock.
    mutating func run(
        _ command: [String],
        now: String,
        keyID: String? = nil,
        secret: String? = nil
    ) async throws -> CLIResult {
        var runner = scenario.runner
        runner.environment["AWS_ACCESS_KEY_ID"] = keyID ?? AuthMoto.keyID
        runner.environment["AWS_SECRET_ACCESS_KEY"] = secret ?? AuthMoto.secret
        runner.environment["CHANNELOPS_NOW"] = now
        let arguments =
            command + [
                "--repo", scenario.checkout.origin.path, "--endpoint-url", AuthMoto.url ?? "",
                "--instance", scenario.instance, "--log-level", "info",
            ]
        let result = try await runner.run(arguments)
        outputs += [result.standardOutput, result.standardError]
        return result
    }

    /// The file at `path` of the origin's `main`, as bytes.
    func committed(_ path: String) throws -> Data {
        try output("/usr/bin/git", ["--git-dir", scenario.checkout.origin.path, "show", "main:\(path)"], in: folder)
    }

    /// Opens the committed sealed key of `user` with the real `age` and reads its JSON.
    func openKey(of user: String) throws -> (id: String, secret: String, user: String) {
        let sealed = folder.appendingPathComponent("sealed.age")
        try committed("status/keys/\(user).age").write(to: sealed)
        let plain = try output("/usr/bin/age", ["-d", "-i", identityFile.path, sealed.path], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: plain) as? [String: Any])
        #expect(object["Version"] as? Int == 1)
        return (
            try #require(object["AccessKeyId"] as? String), try #require(object["SecretAccessKey"] as? String),
            try #require(object["UserName"] as? String)
        )
    }

    /// The key lines of a drift report: `<id> <status>` for `user`, oldest first.
    func keyLines(_ result: CLIResult, of user: String) -> [String] {
        result.outputLines.compactMap { line in
            guard let range = line.range(of: ": user \(user) key ") else { return nil }
            let rest = line[range.upperBound...]
            let parts = rest.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let status = parts[1].dropFirst().split(separator: ",").first ?? ""
            return "\(parts[0]) \(status)"
        }
    }
}

@Suite(
    "access keys end to end: reconcile, committed sealed key, rotation",
    .enabled(if: AuthMoto.isAvailable, AuthMoto.unavailable))
struct AccessKeyAcceptanceTests {
    @Test("the committed key opens with age and signs calls the emulator accepts; it rotates; no secret leaks")
    func endToEnd() async throws {
        var world = try KeyScenario()
        try world.scenario.checkout.write(
            "channels/keys.yaml", world.manifest(channel: world.channel, user: world.user, recipient: world.recipient))
        try world.scenario.checkout.commit("a channel with an access key")

        // Issue: reconcile converges and commits the sealed key with the status.
        let first = try await world.run(["reconcile", "--once"], now: "2030-01-01T00:00:00Z")
        #expect(first.exitCode == 0, "\(first)")
        let key = try world.openKey(of: world.user)
        #expect(key.user == world.user)
        var secrets = [key.secret]
        let status = String(decoding: try world.committed("status/\(world.channel).yaml"), as: UTF8.self)
        #expect(status.contains("accessKeys:\n  - user: \(world.user)\n    accessKeyId: \(key.id)\n"), "\(status)")
        #expect(status.contains("    status: Active\n"), "\(status)")

        // The key works: drift signed with it is accepted; with a forged secret it is refused.
        let signed = try await world.run(["drift"], now: "2030-01-01T00:00:00Z", keyID: key.id, secret: key.secret)
        #expect(signed.exitCode == 0, "\(signed)")
        #expect(world.keyLines(signed, of: world.user) == ["\(key.id) Active"], "\(signed)")
        let forged = try await world.run(
            ["drift"], now: "2030-01-01T00:00:00Z", keyID: key.id, secret: String(key.secret.reversed()))
        #expect(forged.exitCode == 1, "\(forged)")
        #expect(forged.standardError.contains("SignatureDoesNotMatch"), "\(forged)")

        // Rotation by the clock: a new key at 30 days, the old one active for the 7-day grace,
        // then inactive, then deleted; never more than two keys.
        var seen: [[String]] = []
        var rotated = key
        for now in ["2030-01-31T00:00:00Z", "2030-02-06T23:00:00Z", "2030-02-07T00:00:00Z", "2030-02-08T00:00:00Z"] {
            let run = try await world.run(["reconcile", "--once"], now: now)
            #expect(run.exitCode == 0, "\(now): \(run)")
            let drift = try await world.run(["drift"], now: now)
            #expect(drift.exitCode == 0, "\(now): \(drift)")
            seen.append(world.keyLines(drift, of: world.user))
            rotated = try world.openKey(of: world.user)
            secrets.append(rotated.secret)
        }
        #expect(rotated.id != key.id)
        #expect(
            seen == [
                ["\(key.id) Active", "\(rotated.id) Active"], ["\(key.id) Active", "\(rotated.id) Active"],
                ["\(key.id) Inactive", "\(rotated.id) Active"], ["\(rotated.id) Active"],
            ])
        let later = try await world.run(
            ["drift"], now: "2030-02-08T00:00:00Z", keyID: rotated.id, secret: rotated.secret)
        #expect(later.exitCode == 0, "\(later)")

        // A recipient age refuses after CreateAccessKey: exit 1, a clear error, no key left.
        let failing = world.scenario.name("failing")
        try world.scenario.checkout.write(
            "channels/failing.yaml",
            world.manifest(
                channel: world.scenario.name("fail"), user: failing,
                recipient: "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"))
        try world.scenario.checkout.commit("a channel whose recipient age refuses")
        let failed = try await world.run(["reconcile", "--once"], now: "2030-02-08T00:00:00Z")
        #expect(failed.exitCode == 1, "\(failed)")
        #expect(
            failed.errorLines.contains {
                $0.hasPrefix(
                    "error: channel \(world.scenario.name("fail")): access key for user \(failing) was created and "
                        + "deleted again because sealing failed: not an age recipient: ")
            }, "\(failed)")
        let after = try await world.run(["drift"], now: "2030-02-08T00:00:00Z")
        #expect(world.keyLines(after, of: failing) == [], "\(after)")
        let keyFiles = try output(
            "/usr/bin/git",
            ["--git-dir", world.scenario.checkout.origin.path, "ls-tree", "--name-only", "main:status/keys"],
            in: world.folder)
        #expect(String(decoding: keyFiles, as: UTF8.self) == "\(world.user).age\n")

        // No secret in any output, in the history of any repository, or in any file left.
        try world.scenario.checkout.git(["fetch", "--quiet", "origin"])
        var searched = world.outputs
        for gitDirectory in try gitDirectories(below: world.folder) {
            let history = try output(
                "/usr/bin/git", ["--git-dir", gitDirectory.path, "log", "-p", "--all", "--binary"], in: world.folder)
            searched.append(String(decoding: history, as: UTF8.self))
        }
        #expect(searched.count >= world.outputs.count + 3)
        let files = try filesBelow(world.folder)
        #expect(!files.isEmpty)
        for secret in secrets {
            #expect(!searched.contains { $0.contains(secret) }, "a secret appeared in an output or a history")
            #expect(!files.contains { $0.range(of: Data(secret.utf8)) != nil }, "a secret appeared in a file")
        }
    }
}

extension AccessKeyAcceptanceTests {
    /// Secrets Manager on the signature-checking emulator, as its administrator.
    static func secretsManager() throws -> SecretsManagerService {
        let url = try #require(AuthMoto.url.flatMap { URL(string: $0) })
        let credentials = AWSCredentials(
            accessKeyID: try #require(AuthMoto.keyID), secretAccessKey: try #require(AuthMoto.secret))
        return SecretsManagerService(
            client: AWSClient(
                configuration: .secretsManager(region: "us-east-1", endpoint: url),
                transport: try CurlTransport(options: .init()), credentials: StaticCredentialProvider(credentials)))
    }

    @Test("with secretsManager the key is also written to a tagged secret; a secret made by hand is refused")
    func secretsManagerDelivery() async throws {
        var world = try KeyScenario()
        let secretName = "channelops-test/\(world.scenario.name("secret"))"
        let manifest = world.manifest(channel: world.channel, user: world.user, recipient: world.recipient)
            .replacingOccurrences(
                of: "rotationGraceDays: 7\n", with: "rotationGraceDays: 7\n        secretsManager: {name: \(secretName)}\n")
        try world.scenario.checkout.write("channels/keys.yaml", manifest)
        try world.scenario.checkout.commit("a channel whose key also goes to Secrets Manager")

        let first = try await world.run(["reconcile", "--once"], now: "2030-01-01T00:00:00Z")
        #expect(first.exitCode == 0, "\(first)")
        let sealed = try world.openKey(of: world.user)
        let secretsManager = try Self.secretsManager()
        let stored = try await secretsManager.getSecretValue(secretID: secretName)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        #expect(object["AccessKeyId"] as? String == sealed.id)
        #expect(object["SecretAccessKey"] as? String == sealed.secret)
        #expect(object["UserName"] as? String == world.user)
        let tags = try await secretsManager.describeSecretTags(secretID: secretName)
        #expect(
            Set(tags.map(\.description))
                == ["channelops:managed-by=\(world.scenario.instance)", "channelops:channel=\(world.channel)"])

        // A secret that channelops did not make is never overwritten; the key is deleted again.
        let foreign = "channelops-test/\(world.scenario.name("foreign"))"
        _ = try await secretsManager.createSecret(
            name: foreign, secretString: "someone else's", clientRequestToken: "channelops-test-foreign-0000000001",
            description: "", tags: [])
        let other = world.scenario.name("other")
        try world.scenario.checkout.write(
            "channels/other.yaml",
            world.manifest(channel: world.scenario.name("otherchan"), user: other, recipient: world.recipient)
                .replacingOccurrences(
                    of: "rotationGraceDays: 7\n", with: "rotationGraceDays: 7\n        secretsManager: {name: \(foreign)}\n"))
        try world.scenario.checkout.commit("a channel naming a secret made by hand")
        let refused = try await world.run(["reconcile", "--once"], now: "2030-01-01T00:00:00Z")
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(
            refused.errorLines.contains {
                $0.contains("access key for user \(other) was created and deleted again because writing Secrets "
                    + "Manager secret \(foreign) failed: the secret \(foreign) exists and channelops did not create it")
            }, "\(refused)")
        #expect(try await secretsManager.getSecretValue(secretID: foreign) == "someone else's")
        let after = try await world.run(["drift"], now: "2030-01-01T00:00:00Z")
        #expect(world.keyLines(after, of: other) == [], "\(after)")
        #expect(world.keyLines(after, of: world.user) == ["\(sealed.id) Active"], "\(after)")
        #expect(!world.outputs.contains { $0.contains(sealed.secret) }, "the secret appeared in an output")
    }
}

/// Every git directory below `folder`: bare repositories and the `.git` of checkouts and clones.
private func gitDirectories(below folder: URL) throws -> [URL] {
    var result: [URL] = []
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("HEAD").path),
            FileManager.default.fileExists(atPath: url.appendingPathComponent("objects").path)
        {
            result.append(url)
        }
    }
    return result
}

/// The contents of every regular file below `folder`.
private func filesBelow(_ folder: URL) throws -> [Data] {
    var result: [Data] = []
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            result.append(try Data(contentsOf: url))
        }
    }
    return result
}
