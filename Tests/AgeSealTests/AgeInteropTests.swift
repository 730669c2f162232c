import AgeSeal
import Foundation
import Testing

@Suite(
    "Interoperability with the real age tool",
    .enabled(if: AgeTool.isInstalled, "needs /usr/bin/age and /usr/bin/age-keygen (Debian package age)"))
struct AgeInteropTests {
    static let sizes = [0, 1, 65536, 65537, 200_000]

    @Test("age -d decrypts what we seal for an age-keygen identity", arguments: sizes)
    func ageOpensOurs(size: Int) throws {
        let folder = try AgeTool.temporaryFolder()
        defer { AgeTool.remove(folder) }
        try Self.succeed(AgeTool.run(AgeTool.keygen, ["-o", "key.txt"], in: folder))
        let identity = try identity(in: folder)
        let plaintext = sampleBytes(count: size, seed: 11)
        let other = try AgeIdentity().recipient
        let file = try AgeEncryptor.seal(plaintext, to: [other, identity.recipient])
        try Data(file).write(to: folder.appendingPathComponent("sealed.age"))

        try Self.succeed(AgeTool.run(AgeTool.age, ["-d", "-i", "key.txt", "sealed.age"], in: folder))
        let opened = try Data(contentsOf: folder.appendingPathComponent("stdout.bin"))
        #expect(Array(opened) == plaintext)
    }

    @Test("we open what age -r seals for an age-keygen identity", arguments: sizes)
    func weOpenAges(size: Int) throws {
        let folder = try AgeTool.temporaryFolder()
        defer { AgeTool.remove(folder) }
        try Self.succeed(AgeTool.run(AgeTool.keygen, ["-o", "key.txt"], in: folder))
        let identity = try identity(in: folder)
        let plaintext = sampleBytes(count: size, seed: 13)
        try Data(plaintext).write(to: folder.appendingPathComponent("plain"))
        let recipients = ["-r", identity.recipient.description, "-r", try AgeIdentity().recipient.description]

        try Self.succeed(AgeTool.run(AgeTool.age, recipients + ["-o", "sealed.age", "plain"], in: folder))
        let file = try Data(contentsOf: folder.appendingPathComponent("sealed.age"))
        #expect(try AgeDecryptor.open(Array(file), identity: identity) == plaintext)
    }

    @Test("age refuses a file of ours whose payload was altered")
    func ageRejectsTampering() throws {
        let folder = try AgeTool.temporaryFolder()
        defer { AgeTool.remove(folder) }
        try Self.succeed(AgeTool.run(AgeTool.keygen, ["-o", "key.txt"], in: folder))
        var file = try AgeEncryptor.seal(sampleBytes(count: 100), to: [try identity(in: folder).recipient])
        file[file.count - 1] ^= 0x01
        try Data(file).write(to: folder.appendingPathComponent("sealed.age"))
        let result = try AgeTool.run(AgeTool.age, ["-d", "-i", "key.txt", "sealed.age"], in: folder)
        #expect(result.status != 0)
        #expect(result.errors.contains("failed to decrypt and authenticate payload chunk"), "\(result.errors)")
    }

    /// Requires a tool run to have exited with 0, showing its standard error otherwise.
    static func succeed(_ result: (status: Int32, errors: String)) throws {
        try #require(result.status == 0, "\(result.errors)")
    }

    /// The identity age-keygen wrote to `key.txt` in `folder`, checked against `age-keygen -y`.
    func identity(in folder: URL) throws -> AgeIdentity {
        let text = try String(contentsOf: folder.appendingPathComponent("key.txt"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-1") })
        let identity = try AgeIdentity(String(line))
        let publicLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("# public key: ") })
        #expect(identity.recipient.description == publicLine.dropFirst("# public key: ".count))
        return identity
    }
}
