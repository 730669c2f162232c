import AgeSeal
import ChannelCore
import Reconciler
import Testing

/// age1 and the Bech32 encoding of 32 zero bytes: well formed, but a point of small order,
/// which age refuses to seal for; it passes every check made before `CreateAccessKey`.
private let smallOrderRecipient = "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"

@Suite("Access keys against the fake IAM")
struct AccessKeyReconcileTests {
    /// Reconciles `policy` with the records of the last run; returns the outcome.
    private func run(
        _ world: KeyWorld,
        _ policy: AccessKeyPolicy?,
        delivered: [DeliveredKey]
    ) async throws -> Reconciler.Outcome {
        try await world.engine.reconcile(
            world.desired(policy), options: DriftOptions(deliveredAccessKeys: delivered))
    }

    @Test("a new key is created, sealed at once for the recipient and delivered; it opens to the key's credentials")
    func issue() async throws {
        let world = try KeyWorld()
        let outcome = try await run(world, world.policy(), delivered: [])
        #expect(outcome.isConverged)
        #expect(
            await world.iam.actions == [
                "GetAccountAuthorizationDetails", "CreateUser", "CreatePolicy", "AttachUserPolicy", "CreateAccessKey",
                "GetAccountAuthorizationDetails", "ListAccessKeys", "GetAccessKeyLastUsed",
            ])

        let parcel = try #require(world.delivery.parcels.first)
        #expect(world.delivery.parcels.count == 1)
        #expect((parcel.channel, parcel.user, parcel.accessKeyID) == ("bot", "web", "AKIAFAKE2"))
        let opened = try OpenedKey(parcel, identity: world.identity)
        let secret = try #require(await world.iam.secrets.first)
        #expect(
            opened
                == OpenedKey(
                    accessKeyID: "AKIAFAKE2", secret: secret, user: "web", createDate: "2026-01-01T00:00:00Z"))
        #expect(
            outcome.deliveredKeys == [
                DeliveredKey(
                    user: "web", channel: "bot", accessKeyID: "AKIAFAKE2", createDate: parcel.createDate,
                    issuedAt: world.clock.now)
            ])

        // The next run, given the records, only reads the key and its last use.
        await world.iam.resetLog()
        let again = try await run(world, world.policy(), delivered: outcome.deliveredKeys)
        #expect(again.isConverged)
        #expect(again.plan?.isEmpty == true)
        #expect(
            await world.iam.actions == ["GetAccountAuthorizationDetails", "ListAccessKeys", "GetAccessKeyLastUsed"])
        #expect(again.deliveredKeys == outcome.deliveredKeys)
    }

    @Test("rotation: a new key at rotateAfterDays, the old one active through the grace, deactivated, then deleted")
    func rotation() async throws {
        let world = try KeyWorld()
        var records = try await run(world, world.policy(), delivered: []).deliveredKeys
        var log: [String] = []
        for (day, hours) in [(29, 23), (30, 0), (36, 23), (37, 0), (37, 23), (38, 0), (60, 0)] {
            await world.at(day: day, hours: hours)
            let outcome = try await run(world, world.policy(), delivered: records)
            #expect(outcome.isConverged, "day \(day)")
            records = outcome.deliveredKeys
            log.append("day \(day)+\(hours)h: " + (await world.keys()).joined(separator: ", "))
        }
        #expect(
            log == [
                "day 29+23h: AKIAFAKE2 Active",
                "day 30+0h: AKIAFAKE2 Active, AKIAFAKE3 Active",
                "day 36+23h: AKIAFAKE2 Active, AKIAFAKE3 Active",
                "day 37+0h: AKIAFAKE2 Inactive, AKIAFAKE3 Active",
                "day 37+23h: AKIAFAKE2 Inactive, AKIAFAKE3 Active",
                "day 38+0h: AKIAFAKE3 Active",
                "day 60+0h: AKIAFAKE3 Active, AKIAFAKE4 Active",
            ])
        #expect(world.delivery.parcels.map(\.accessKeyID) == ["AKIAFAKE2", "AKIAFAKE3", "AKIAFAKE4"])
        #expect(await world.iam.maxKeysPerUser == 2)
        #expect(records.map(\.accessKeyID) == ["AKIAFAKE3", "AKIAFAKE4"])
        for parcel in world.delivery.parcels {
            #expect(try OpenedKey(parcel, identity: world.identity).accessKeyID == parcel.accessKeyID)
        }
    }

    @Test("with two keys and a rotation due, one is deleted before the new key, so IAM never refuses a third")
    func neverThree() async throws {
        let world = try KeyWorld()
        let first = try await run(world, world.policy(), delivered: []).deliveredKeys
        await world.at(day: 30)
        let second = try await run(world, world.policy(), delivered: first).deliveredKeys
        // No run in the grace period: at day 61 the old key is still active and the new one due.
        await world.at(day: 61)
        await world.iam.resetLog()
        let outcome = try await run(world, world.policy(), delivered: second)
        #expect(outcome.isConverged)
        #expect(
            await world.iam.calls.filter { !$0.hasPrefix("Get") && !$0.hasPrefix("List") } == [
                "UpdateAccessKey web AKIAFAKE2 Inactive", "DeleteAccessKey web AKIAFAKE2", "CreateAccessKey web",
            ])
        #expect(await world.iam.maxKeysPerUser == 2)
        #expect(await world.keys() == ["AKIAFAKE3 Active", "AKIAFAKE4 Active"])
    }

    @Test("the fake refuses a third key with LimitExceeded, as IAM does")
    func fakeLimit() async throws {
        let iam = FakeIAM()
        try await iam.outOfBandCreateUser("web")
        try await iam.outOfBandCreateAccessKey("web")
        try await iam.outOfBandCreateAccessKey("web")
        await #expect(throws: IAMOperationError.self) { try await iam.createAccessKey(userName: "web") }
        do {
            _ = try await iam.createAccessKey(userName: "web")
        } catch {
            #expect(error.code == "LimitExceeded")
        }
    }

    @Test("a recipient age refuses after CreateAccessKey: the key is deleted again and the channel fails clearly")
    func sealingFails() async throws {
        let world = try KeyWorld()
        let outcome = try await run(world, world.policy(recipients: [smallOrderRecipient]), delivered: [])
        #expect(!outcome.isConverged)
        #expect(
            outcome.applied?.failures["bot"]
                == "access key for user web was created and deleted again because sealing failed: not an age "
                + "recipient: \(smallOrderRecipient): it is a point of small order, whose shared secret anyone "
                + "could compute; expected \"age1\" followed by 58 Bech32 characters, as age-keygen prints for the "
                + "public key")
        #expect(await world.iam.calls.contains("DeleteAccessKey web AKIAFAKE2"))
        #expect(await world.keys() == [])
        #expect(world.delivery.parcels.isEmpty)
        #expect(outcome.deliveredKeys == [])
        #expect(outcome.report().channels.map(\.phase) == [.failed])
    }

    @Test("a delivery that fails after CreateAccessKey: the key is deleted again and the channel fails clearly")
    func deliveryFails() async throws {
        let world = try KeyWorld()
        world.delivery.failing("status/keys/web.age could not be staged: disk full")
        let outcome = try await run(world, world.policy(), delivered: [])
        #expect(
            outcome.applied?.failures["bot"]
                == "access key for user web was created and deleted again because delivery failed: "
                + "status/keys/web.age could not be staged: disk full")
        #expect(await world.keys() == [])
        #expect(outcome.deliveredKeys == [])
    }

    @Test("when deleting the undelivered key fails too, the message names the key, and the next run retires it")
    func deleteFailsToo() async throws {
        let world = try KeyWorld()
        world.delivery.failing("disk full")
        await world.iam.fail("DeleteAccessKey", code: "ServiceFailure", times: 1)
        let outcome = try await run(world, world.policy(), delivered: [])
        #expect(
            outcome.applied?.failures["bot"]
                == "access key AKIAFAKE2 for user web was created but not delivered because delivery failed: disk "
                + "full; deleting it again failed too: DeleteAccessKey web AKIAFAKE2: injected ServiceFailure "
                + "(ServiceFailure); the next run retires it, or delete it now: aws iam delete-access-key "
                + "--user-name web --access-key-id AKIAFAKE2")
        #expect(await world.keys() == ["AKIAFAKE2 Active"])

        world.delivery.failing(nil)
        await world.iam.resetLog()
        let next = try await run(world, world.policy(), delivered: outcome.deliveredKeys)
        #expect(next.isConverged)
        #expect(
            next.initial.channel("bot")?.changes.map(\.summary) == [
                "access key AKIAFAKE2 of user web", "new access key for user web",
            ])
        #expect(await world.keys() == ["AKIAFAKE3 Active"])
    }

    @Test("a recipient with a bad checksum stops the issue before any key is created")
    func badChecksum() async throws {
        let world = try KeyWorld()
        var broken = Array(world.recipient)
        broken[broken.count - 1] = broken[broken.count - 1] == "q" ? "p" : "q"
        let outcome = try await run(world, world.policy(recipients: [String(broken)]), delivered: [])
        let failure = try #require(outcome.applied?.failures["bot"])
        #expect(failure.hasPrefix("access key for user web was not created: accessKey.recipients[0] is unusable: "))
        #expect(await world.iam.count("CreateAccessKey") == 0)
    }

    @Test("without a key delivery no key is created")
    func noDelivery() async throws {
        let world = try KeyWorld(delivers: false)
        let outcome = try await run(world, world.policy(), delivered: [])
        #expect(
            outcome.applied?.failures["bot"]
                == "access key for user web was not created: this run writes no status commit, which is how keys "
                + "are delivered (--no-status, --dry-run, or manifests with uncommitted changes); run with the "
                + "status written")
        #expect(await world.iam.count("CreateAccessKey") == 0)
    }

    @Test("a Secrets Manager secret receives the key before delivery; when it fails the key is deleted again")
    func secretsManager() async throws {
        let world = try KeyWorld()
        let policy = world.policy(secretsManager: "prod/bot/web")
        let outcome = try await run(world, policy, delivered: [])
        #expect(outcome.isConverged)
        #expect(world.store.stored == ["prod/bot/web": "AKIAFAKE2"])

        let failing = try KeyWorld()
        failing.store.failing("AccessDeniedException: not allowed")
        let failed = try await run(failing, policy, delivered: [])
        #expect(
            failed.applied?.failures["bot"]
                == "access key for user web was created and deleted again because writing Secrets Manager secret "
                + "prod/bot/web failed: AccessDeniedException: not allowed")
        #expect(failing.delivery.parcels.isEmpty)
        #expect(await failing.keys() == [])
    }

    @Test("a key a stopped run created but never delivered is found by the next run, reported and retired")
    func undeliveredAfterCrash() async throws {
        let world = try KeyWorld()
        // The first run delivers, but its records never reach the status: the run stopped.
        _ = try await run(world, world.policy(), delivered: [])
        await world.at(day: 1)
        let next = try await run(world, world.policy(), delivered: [])
        let bot = try #require(next.initial.channel("bot"))
        #expect(
            bot.changes.flatMap { [$0.summary] + $0.detailLines } == [
                "access key AKIAFAKE2 of user web",
                "why: not delivered by channelops: made out of band, or created by a run that stopped before "
                    + "delivering it",
                "created 2026-01-01T00:00:00Z",
                "deactivated first, as it is Active",
                "new access key for user web",
                "why: no delivered key exists",
                "sealed for 1 age recipient and delivered",
            ])
        #expect(next.isConverged)
        #expect(await world.keys() == ["AKIAFAKE3 Active"])
        #expect(next.deliveredKeys.map(\.accessKeyID) == ["AKIAFAKE3"])
    }

    @Test("turning enabled off deactivates the key, then deletes it a day later")
    func disable() async throws {
        let world = try KeyWorld()
        let records = try await run(world, world.policy(), delivered: []).deliveredKeys
        let off = AccessKeyPolicy(isEnabled: false, recipients: [world.recipient])

        await world.at(day: 3)
        let first = try await run(world, off, delivered: records)
        #expect(first.isConverged)
        #expect(await world.keys() == ["AKIAFAKE2 Inactive"])
        #expect(first.deliveredKeys.map(\.inactiveSince) == [world.clock.now])

        await world.at(day: 3, hours: 23)
        let waiting = try await run(world, off, delivered: first.deliveredKeys)
        #expect(waiting.plan?.isEmpty == true)

        await world.at(day: 4)
        let last = try await run(world, off, delivered: waiting.deliveredKeys)
        #expect(last.isConverged)
        #expect(await world.keys() == [])
        #expect(last.deliveredKeys == [])
        // With no key and no record left, the user's keys are not read any more.
        await world.iam.resetLog()
        _ = try await run(world, nil, delivered: [])
        #expect(await world.iam.actions == ["GetAccountAuthorizationDetails"])
    }

    @Test("the drift report shows each key's age and last use and flags keys unused for 90 days")
    func report() async throws {
        let world = try KeyWorld()
        let records = try await run(world, world.policy(rotateAfterDays: nil), delivered: []).deliveredKeys
        await world.at(day: 100)
        let drift = try await world.engine.drift(
            world.desired(world.policy(rotateAfterDays: nil)), options: DriftOptions(deliveredAccessKeys: records))
        #expect(
            DriftReport(drift: drift).text().split(separator: "\n").map(String.init) == [
                "access keys:",
                "  bot: user web key AKIAFAKE2: Active, delivered, 100 days old (created 2026-01-01), never used; "
                    + "unused for 100 days",
                "1 channel: 1 InSync; 0 changes; 0 retained; 1 access key unused for 90 days or more",
            ])
        await world.iam.outOfBandUseKey("web", "AKIAFAKE2", at: Timestamp(secondsSince1970: 1_775_000_000))
        let used = try await world.engine.drift(
            world.desired(world.policy(rotateAfterDays: nil)), options: DriftOptions(deliveredAccessKeys: records))
        #expect(
            used.channel("bot")?.accessKeys.map(\.line) == [
                "user web key AKIAFAKE2: Active, delivered, 100 days old (created 2026-01-01), last used 2026-03-31"
            ])
    }

    @Test("the staged delivery keeps one sealed file per user for the status commit, the latest winning")
    func stagedDelivery() async throws {
        let staged = StagedKeyDelivery()
        let world = try KeyWorld()
        let engine = Reconciler(
            operations: world.iam, options: ReconcilerOptions(concurrency: 2), sleep: SleepRecorder().sleep,
            keyDelivery: staged, clock: world.clock.clock)
        let first = try await engine.reconcile(world.desired(world.policy()), options: DriftOptions())
        let sealedFirst = try #require(staged.files["keys/web.age"])
        await world.at(day: 30)
        _ = try await engine.reconcile(
            world.desired(world.policy()), options: DriftOptions(deliveredAccessKeys: first.deliveredKeys))
        #expect(Array(staged.files.keys) == ["keys/web.age"])
        let sealedSecond = try #require(staged.files["keys/web.age"])
        #expect(sealedSecond != sealedFirst)
        let parcel = SealedAccessKey(
            channel: "bot", user: "web", accessKeyID: "", createDate: world.clock.now, sealed: sealedSecond)
        #expect(try OpenedKey(parcel, identity: world.identity).accessKeyID == "AKIAFAKE3")
        #expect(staged.take() == ["keys/web.age": sealedSecond])
        #expect(staged.files.isEmpty)
    }

    @Test("keys of many users are read within the concurrency bound")
    func boundedReads() async throws {
        let world = try KeyWorld()
        var channel = Fixture.channel("many", consumers: (1...20).map { "user-\($0)" })
        for index in channel.consumers.indices { channel.consumers[index].accessKey = world.policy() }
        let outcome = try await world.engine.reconcile(Fixture.desired([channel]), options: DriftOptions())
        #expect(outcome.isConverged)
        #expect(outcome.deliveredKeys.count == 20)
        #expect(await world.iam.count("ListAccessKeys") == 20)
        #expect(await world.iam.maxInFlight <= 4)
    }
}

extension OpenedKey {
    /// The content a sealed key is expected to open to.
    init(accessKeyID: String, secret: String, user: String, createDate: String) {
        self.accessKeyID = accessKeyID
        self.secret = secret
        self.user = user
        self.createDate = createDate
    }
}
