import AgeSeal
import ChannelCore
import ChannelLog
import Foundation
import IAMClient
import Reconciler
import Synchronization
import Testing

/// The signature-checking emulator, its administrator's key, and the `age` tool.
private enum AuthEmulator {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["CHANNELOPS_TEST_AUTH_MOTO_URL"]
    static let keyID = environment["CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID"]
    static let secret = environment["CHANNELOPS_TEST_AUTH_SECRET_ACCESS_KEY"]
    static let age = ["/usr/bin/age", "/usr/local/bin/age"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { url != nil && keyID != nil && secret != nil && age != nil }

    /// A connection to the emulator signed with these keys.
    static func connection(keyID: String, secret: String) throws -> IAMConnection {
        try IAMConnection.open(
            options: .init(endpointURL: url ?? ""),
            environment: .init(
                variables: ["AWS_ACCESS_KEY_ID": keyID, "AWS_SECRET_ACCESS_KEY": secret, "AWS_MAX_ATTEMPTS": "6"],
                homeDirectory: nil,
                readFile: { _ in nil }),
            logger: .disabled)
    }
}

/// Writes each sealed key to `status/keys/<user>.age` under a folder, as the status commit does.
private final class FolderDelivery: KeyDelivery {
    let folder: URL

    init(folder: URL) {
        self.folder = folder
    }

    func file(of user: String) -> URL {
        folder.appending(path: "status/keys/\(user).age")
    }

    func deliver(_ key: SealedAccessKey) async throws(KeyDeliveryError) {
        do {
            try FileManager.default.createDirectory(
                at: file(of: key.user).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(key.sealed).write(to: file(of: key.user))
        } catch {
            throw KeyDeliveryError("cannot write \(file(of: key.user).path): \(error)")
        }
    }
}

@Suite(
    "Access keys against the signature-checking emulator",
    .enabled(
        if: AuthEmulator.isAvailable,
        "needs the signature-checking emulator (scripts/emulator.sh start, then export .build/emulator/env) and age"))
struct EmulatorKeyTests {
    /// Decrypts a sealed file with the real `age` tool and returns the key id and secret.
    private func openWithAge(_ file: URL, identityFile: URL) throws -> (id: String, secret: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(AuthEmulator.age))
        process.arguments = ["-d", "-i", identityFile.path, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let value = try JSONValue(parsing: String(decoding: data, as: UTF8.self))
        return (try #require(value["AccessKeyId"]?.stringValue), try #require(value["SecretAccessKey"]?.stringValue))
    }

    @Test("a key sealed, opened with age, signs a call that the emulator accepts; rotation and failure behave")
    func endToEnd() async throws {
        let token = String(UUID().uuidString.lowercased().filter(\.isNumber).prefix(6))
        let user = "keyed-\(token)"
        let folder = FileManager.default.temporaryDirectory.appending(path: "channelops-keys-\(token)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let identity = try AgeIdentity()
        let identityFile = folder.appending(path: "identity.txt")
        try Data((try identity.encodedSecretKey() + "\n").utf8).write(to: identityFile)

        // The channel lets its user read users, so a call signed with its key can succeed. (moto
        // checks the permission against an ARN without the user's path, so it is not narrowed to
        // the user's own ARN here.)
        let admin = try AuthEmulator.connection(
            keyID: try #require(AuthEmulator.keyID), secret: try #require(AuthEmulator.secret))
        let delivery = FolderDelivery(folder: folder)
        let logs = CapturingLogHandler()
        let clock = TestClock()
        clock.set(Timestamp(Date.now))
        let engine = Reconciler(
            operations: admin.operations, logger: Logger(label: "test", level: .trace, handler: logs),
            keyDelivery: delivery, clock: clock.clock)
        var channel = Fixture.channel(
            "keys-\(token)", consumers: [user], actions: ["iam:GetUser"])
        channel.consumers[0].accessKey = AccessKeyPolicy(
            isEnabled: true, rotateAfterDays: 30, rotationGraceDays: 7, recipients: [identity.recipient.description])
        let desired = Fixture.desired([channel], instance: "keys-\(token)")
        var reports: [String] = []

        // Issue: the committed file opens with age and its key signs a call the emulator accepts.
        let first = try await engine.reconcile(desired, options: DriftOptions())
        #expect(first.isConverged)
        reports.append(first.report().text() + first.report().json())
        let opened = try openWithAge(delivery.file(of: user), identityFile: identityFile)
        #expect(first.deliveredKeys.map(\.accessKeyID) == [opened.id])
        let signed = try AuthEmulator.connection(keyID: opened.id, secret: opened.secret)
        #expect(try await signed.operations.service.getUser(name: user).userName == user)
        let forged = try AuthEmulator.connection(keyID: opened.id, secret: "not-" + opened.secret)
        await #expect(throws: IAMError.self) { try await forged.operations.service.getUser(name: user) }

        // Rotation: a new key at 30 days, the old one active through the grace, then retired.
        var records = first.deliveredKeys
        var seen: [String] = []
        var secrets = [opened.secret]
        for days in [30, 37, 38] {
            clock.set(clock.now.adding(days: days == 30 ? 30 : days == 37 ? 7 : 1))
            let outcome = try await engine.reconcile(desired, options: DriftOptions(deliveredAccessKeys: records))
            #expect(outcome.isConverged, "day \(days)")
            reports.append(outcome.report().text() + outcome.report().markdown())
            records = outcome.deliveredKeys
            let keys = try await admin.operations.listAccessKeys(userName: user)
            seen.append(
                keys.map { "\($0.id == opened.id ? "old" : "new") \($0.status.rawValue)" }.joined(separator: ","))
        }
        #expect(seen == ["old Active,new Active", "old Inactive,new Active", "new Active"])
        let rotated = try openWithAge(delivery.file(of: user), identityFile: identityFile)
        secrets.append(rotated.secret)
        #expect(rotated.id != opened.id)
        let rotatedConnection = try AuthEmulator.connection(keyID: rotated.id, secret: rotated.secret)
        #expect(try await rotatedConnection.operations.service.getUser(name: user).userName == user)

        // A recipient age refuses after CreateAccessKey: the key is deleted again, none is left.
        let failing = "failing-\(token)"
        var broken = Fixture.channel("fail-\(token)", consumers: [failing])
        broken.consumers[0].accessKey = AccessKeyPolicy(
            isEnabled: true,
            recipients: ["age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"])
        let failed = try await engine.reconcile(
            Fixture.desired([broken], instance: "keys-\(token)"), options: DriftOptions())
        #expect(!failed.isConverged)
        let message = try #require(failed.applied?.failures["fail-\(token)"])
        #expect(
            message.hasPrefix(
                "access key for user \(failing) was created and deleted again because sealing failed: not an age "
                    + "recipient"))
        #expect(try await admin.operations.listAccessKeys(userName: failing).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: delivery.file(of: failing).path))
        reports.append(failed.report().text())

        // No secret in any file written, log line or report.
        var written: [Data] = []
        for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let url = folder.appending(path: file)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                written.append(try Data(contentsOf: url))
            }
        }
        for secret in secrets {
            #expect(!written.contains { $0.range(of: Data(secret.utf8)) != nil })
            #expect(!logs.all.contains { $0.contains(secret) })
            #expect(!reports.contains { $0.contains(secret) })
        }
    }
}
