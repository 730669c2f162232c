import Foundation
import Testing

@Suite("reconcile and drift against the emulator", .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct ReconcileEmulatorTests {
    @Test("reconcile --format json and markdown list the changes applied, as text does")
    func reportsListTheChangesApplied() async throws {
        let scenario = try EmulatorScenario()
        let first = scenario.name("fmt-app")
        let channel = ChannelManifest(name: scenario.name("fmt"), consumers: [first])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()

        let json = try await scenario.reconcile(["--format", "json", "--no-status"])

        #expect(json.exitCode == 0, "\(json)")
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any], "\(json)")
        let applied = try #require(root["applied"] as? [[String: String]], "\(json)")
        #expect(applied.map { $0["action"] } == ["CreateUser", "CreatePolicy", "AttachUserPolicy"])
        #expect(applied.allSatisfy { $0["channel"] == channel.name })
        #expect(applied.first?["summary"] == "CreateUser user=\(first) path=/channelops/")

        let second = scenario.name("fmt-web")
        try scenario.checkout.write(ChannelManifest(name: channel.name, consumers: [first, second]))
        try scenario.checkout.commit()
        let markdown = try await scenario.reconcile(["--format", "markdown", "--no-status"])

        #expect(markdown.exitCode == 0, "\(markdown)")
        #expect(
            Array(markdown.outputLines.prefix(7)) == [
                "### channelops: instance `\(scenario.instance)`", "", "**Applied: 2 changes**", "",
                "| Channel | Action | Change |", "|---|---|---|",
                "| `\(channel.name)` | CreateUser | CreateUser user=\(second) path=/channelops/ |",
            ], "\(markdown)")
        #expect(markdown.outputLines.dropFirst(7).first?.hasPrefix("| `\(channel.name)` | AttachUserPolicy | ") == true)

        // A run with nothing to do says so.
        let nothing = try await scenario.reconcile(["--format", "json", "--no-status"])
        #expect(nothing.standardOutput.hasSuffix(",\n  \"applied\": []\n}\n"), "\(nothing)")
    }

    @Test("from an empty account reconcile creates exactly the rendered resources, and drift then finds none")
    func createsExactlyTheRenderedResources() async throws {
        let scenario = try EmulatorScenario()
        let support = ChannelManifest(
            name: scenario.name("support"),
            consumers: [scenario.name("support-web"), scenario.name("support-app")],
            actions: ["lex:RecognizeText", "lex:RecognizeUtterance"],
            tags: ["cost-center": "4217"],
            description: "Support bot"
        )
        let orders = ChannelManifest(name: scenario.name("orders"), consumers: [scenario.name("orders-mobile")])
        try scenario.checkout.write(support)
        try scenario.checkout.write(orders)
        try scenario.checkout.commit()

        let applied = try await scenario.reconcile()

        #expect(applied.exitCode == 0, "\(applied)")
        #expect(applied.errorLines == [])
        #expect(!applied.standardErrorLines.contains(""), "\(applied)")
        #expect(applied.outputLines.first == "applied 8 changes:")
        #expect(applied.outputLines.dropLast().last?.hasPrefix("2 channels: 2 InSync; 0 changes; 0 retained;") == true)

        // Users: exactly the consumers, on the channelops path, with the rendered tags and policy.
        let users = try await scenario.managedUsers()
        #expect(Set(users.keys) == Set(support.consumers + orders.consumers))
        for channel in [support, orders] {
            for consumer in channel.consumers {
                let user = try #require(users[consumer])
                #expect(user.path == "/channelops/")
                #expect(user.tags == scenario.renderedTags(channel))
                #expect(user.attachedPolicyARNs == [scenario.policyARN(channel)])
                #expect(user.inlinePolicyNames.isEmpty && user.groupNames.isEmpty)
            }
        }

        // Policies: one per channel, its document, path and tags as rendered, one version.
        let policies = try await scenario.policies(of: [support, orders])
        #expect(Set(policies.keys) == [support.policyName, orders.policyName])
        for channel in [support, orders] {
            let policy = try #require(policies[channel.policyName])
            #expect(policy.arn == scenario.policyARN(channel))
            #expect(policy.path == "/channelops/")
            #expect(policy.tags == scenario.renderedTags(channel))
            #expect(try policy.defaultDocument() == channel.document)
            #expect(policy.documents.count == 1)
        }

        // A drift right after reports nothing and exits 0.
        let drift = try await scenario.drift()
        #expect(drift.exitCode == 0, "\(drift)")
        #expect(drift.outputLines.first?.hasPrefix("2 channels: 2 InSync; 0 changes; 0 retained; ") == true)
        #expect(drift.errorLines == [])
    }

    @Test("changes made behind channelops' back are each named by drift and reverted by reconcile")
    func outOfBandChangesAreFoundAndReverted() async throws {
        let scenario = try EmulatorScenario()
        let moto = scenario.moto
        let channel = ChannelManifest(
            name: scenario.name("bot"),
            consumers: [scenario.name("bot-a"), scenario.name("bot-b"), scenario.name("bot-c")],
            tags: ["cost-center": "4217"]
        )
        let (first, second, third) = (channel.consumers[0], channel.consumers[1], channel.consumers[2])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()
        let setUp = try await scenario.reconcile()
        try #require(setUp.exitCode == 0, "\(setUp)")

        // Six changes made directly in IAM. (Not a path change: moto drops a user's tags when
        // UpdateUser moves it, since it keeps tags by ARN, so the user would become unmanaged.)
        let arn = scenario.policyARN(channel)
        let group = scenario.name("admins")
        try await moto.createPolicyVersion(
            arn: arn,
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        try await moto.attachUserPolicy(user: first, policyARN: MotoIAM.administratorAccess)
        try await moto.putUserPolicy(
            user: first, name: "backdoor",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        try await moto.createGroup(group)
        try await moto.addUserToGroup(user: second, group: group)
        try await moto.untagUser(second, keys: ["cost-center"])
        try await moto.detachUserPolicy(user: third, policyARN: arn)
        try await moto.deleteUser(third)

        // Drift names each of them and exits 2.
        let drift = try await scenario.drift()
        #expect(drift.exitCode == 2, "\(drift)")
        let lines = drift.outputLines
        #expect(lines.first == "\(channel.name): Drifted")
        for expected in [
            "  + user \(third) (path /channelops/)",
            "  ~ user \(second) tags",
            "      + cost-center=4217",
            "  ~ policy \(channel.policyName) document",
            "  + attach \(channel.policyName) to user \(third)",
            "  - detach \(MotoIAM.administratorAccess) from user \(first)",
            "  - inline policy backdoor of user \(first)",
            "  - membership of user \(second) in group \(group)",
        ] {
            #expect(lines.contains(expected), "missing '\(expected)' in\n\(drift.standardOutput)")
        }
        #expect(lines.dropLast().last?.hasPrefix("1 channel: 1 Drifted; 7 changes; 0 retained; ") == true)

        // Reconcile reverts every one, and drift is clean again.
        let reconcile = try await scenario.reconcile()
        #expect(reconcile.exitCode == 0, "\(reconcile)")
        let users = try await scenario.managedUsers()
        #expect(Set(users.keys) == Set(channel.consumers))
        for name in channel.consumers {
            let user = try #require(users[name])
            #expect(user.attachedPolicyARNs == [arn], "user \(name)")
            #expect(user.inlinePolicyNames.isEmpty, "user \(name)")
            #expect(user.groupNames.isEmpty, "user \(name)")
            #expect(user.tags == scenario.renderedTags(channel), "user \(name)")
            #expect(user.path == "/channelops/", "user \(name)")
        }
        let policy = try #require(try await scenario.policies(of: [channel])[channel.policyName])
        #expect(try policy.defaultDocument() == channel.document)
        let after = try await scenario.drift()
        #expect(after.exitCode == 0, "\(after)")
    }

    @Test("a tag removed from a policy alone is found and put back only with --verify-policy-tags")
    func policyTagsVerifiedOnRequest() async throws {
        let scenario = try EmulatorScenario()
        let channel = ChannelManifest(
            name: scenario.name("tagged"), consumers: [scenario.name("tagged-a")], tags: ["cost-center": "4217"])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()
        let setUp = try await scenario.reconcile()
        try #require(setUp.exitCode == 0, "\(setUp)")
        try await scenario.moto.untagPolicy(arn: scenario.policyARN(channel), keys: ["cost-center"])

        // The account snapshot has no policy tags, so a plain drift cannot see the edit.
        let plain = try await scenario.drift()
        #expect(plain.exitCode == 0, "\(plain)")
        let verified = try await scenario.drift(["--verify-policy-tags"])
        #expect(verified.exitCode == 2, "\(verified)")
        #expect(
            verified.outputLines.prefix(3) == [
                "\(channel.name): Drifted", "  ~ policy \(channel.policyName) tags", "      + cost-center=4217",
            ])

        let reconcile = try await scenario.reconcile(["--verify-policy-tags"])
        #expect(reconcile.exitCode == 0, "\(reconcile)")
        let policy = try #require(try await scenario.policies(of: [channel])[channel.policyName])
        #expect(policy.tags == scenario.renderedTags(channel))
    }
}
