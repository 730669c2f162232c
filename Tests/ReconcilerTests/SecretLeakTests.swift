import AgeSeal
import ChannelCore
import Reconciler
import Testing

@Suite("No secret leaves the engine in clear")
struct SecretLeakTests {
    @Test("the secrets IAM handed out appear in no log line, report, error, plan, outcome or delivered byte")
    func noLeak() async throws {
        let world = try KeyWorld()
        var outputs: [String] = []
        var sealedFiles: [[UInt8]] = []
        func collect(_ outcome: Reconciler.Outcome) {
            let report = outcome.report(apiCalls: 1)
            outputs += [report.text(), report.text(colour: true), report.json(), report.markdown()]
            outputs.append(String(describing: outcome))
            outputs.append(String(reflecting: outcome))
            var dumped = ""
            dump(outcome, to: &dumped)
            outputs.append(dumped)
            outputs += (outcome.plan?.channels.flatMap(\.steps) ?? []).map(\.summary)
            outputs += (outcome.applied?.failures.values).map(Array.init) ?? []
        }

        // Issue, rotate through the grace, fail a delivery, and retire the key at the end.
        var records = try await world.engine.reconcile(
            world.desired(world.policy()), options: DriftOptions()
        ).deliveredKeys
        for day in [30, 37, 38] {
            await world.at(day: day)
            let outcome = try await world.engine.reconcile(
                world.desired(world.policy()), options: DriftOptions(deliveredAccessKeys: records))
            collect(outcome)
            records = outcome.deliveredKeys
        }
        world.delivery.failing("staging failed")
        await world.at(day: 70)
        collect(
            try await world.engine.reconcile(
                world.desired(world.policy()), options: DriftOptions(deliveredAccessKeys: records)))
        collect(
            try await world.engine.reconcile(
                world.desired(
                    world.policy(recipients: ["age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"])),
                options: DriftOptions(deliveredAccessKeys: records)))
        outputs += world.logs.all
        outputs.append(String(describing: records))
        sealedFiles += world.delivery.parcels.map(\.sealed)

        // The planted secrets are real: IAM handed them out and the sealed files hold them.
        let secrets = await world.iam.secrets
        #expect(secrets.count == 4)
        let opened = try world.delivery.parcels.map { try OpenedKey($0, identity: world.identity).secret }
        #expect(opened == Array(secrets.prefix(2)))
        #expect(world.logs.all.contains { $0.contains("created access key") })

        for secret in secrets {
            #expect(!outputs.contains { $0.contains(secret) }, "a secret appeared in an output")
            let bytes = Array(secret.utf8)
            #expect(!sealedFiles.contains { containsSequence($0, bytes) }, "a secret appeared in a sealed file")
        }
    }

    @Test("a new key describes, reflects and dumps itself without its secret")
    func redaction() {
        let key = NewAccessKey(
            accessKeyID: "AKIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            createDate: Timestamp(secondsSince1970: 0))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), dumped, "\([key])"] {
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(text.contains("AKIAEXAMPLE"))
        }
        #expect(
            key.description
                == "NewAccessKey(accessKeyID: AKIAEXAMPLE, createDate: 1970-01-01T00:00:00Z, secretAccessKey: <redacted>)"
        )
    }
}

private func containsSequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<start + needle.count].elementsEqual(needle)
    }
}
