import Foundation
import Testing

@Suite("reconcile's safety rules against the emulator", .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct ReconcileSafetyTests {
    @Test("an unmanaged user with a consumer's name blocks that channel only, and no run touches unmanaged resources")
    func unmanagedResourcesAreConflictsAndUntouched() async throws {
        let scenario = try EmulatorScenario()
        let moto = scenario.moto
        let blocked = ChannelManifest(
            name: scenario.name("blocked"), consumers: [scenario.name("taken"), scenario.name("free")])
        let other = ChannelManifest(name: scenario.name("other"), consumers: [scenario.name("other-app")])
        let pruned = ChannelManifest(name: scenario.name("pruned"), consumers: [scenario.name("pruned-app")])

        // Unmanaged: a user holding a consumer's name, a user and a policy on the channelops path.
        try await moto.createUser(scenario.name("taken"), tags: ["team": "someone-else"])
        try await moto.createUser(scenario.name("stranger"), path: "/channelops/")
        let strangerPolicy = try await moto.createPolicy(
            "channelops-\(scenario.name("stranger"))", path: "/channelops/",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        try await moto.attachUserPolicy(user: scenario.name("stranger"), policyARN: strangerPolicy)
        let unmanagedBefore = try await unmanaged(scenario)

        try scenario.checkout.write(blocked)
        try scenario.checkout.write(other)
        try scenario.checkout.write(pruned)
        try scenario.checkout.commit()
        let first = try await scenario.reconcile()

        // The blocked channel fails with a conflict; the others are created.
        #expect(first.exitCode == 1, "\(first)")
        #expect(
            first.errorLines == [
                "error: channel \(blocked.name): user '\(scenario.name("taken"))' exists but is not managed by "
                    + "channelops instance '\(scenario.instance)' (no tag channelops:managed-by=\(scenario.instance)); "
                    + "rename what the manifest declares, or delete the user or tag it to adopt it"
            ])
        #expect(first.standardOutput.contains("\(blocked.name): Conflict\n"))
        var users = try await scenario.managedUsers()
        #expect(Set(users.keys) == Set(other.consumers + pruned.consumers))

        // Removing a manifest prunes its channel; the unmanaged resources stay exactly as they were.
        try scenario.checkout.remove("channels/\(pruned.name).yaml")
        try scenario.checkout.commit()
        let second = try await scenario.reconcile()
        #expect(second.exitCode == 1, "\(second)")
        users = try await scenario.managedUsers()
        #expect(Set(users.keys) == Set(other.consumers))
        #expect(try await scenario.policies(of: [pruned]).isEmpty)
        #expect(try await unmanaged(scenario) == unmanagedBefore)
    }

    @Test("removing a manifest prunes its resources; --no-prune keeps them and lists them as retained")
    func removedManifestIsPrunedUnlessNoPrune() async throws {
        let scenario = try EmulatorScenario()
        let kept = ChannelManifest(name: scenario.name("kept"), consumers: [scenario.name("kept-app")])
        let gone = ChannelManifest(
            name: scenario.name("gone"), consumers: [scenario.name("gone-app"), scenario.name("gone-web")])
        try scenario.checkout.write(kept)
        try scenario.checkout.write(gone)
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)
        try scenario.checkout.remove("channels/\(gone.name).yaml")
        try scenario.checkout.commit()

        let retained = try await scenario.reconcile(["--no-prune"])

        #expect(retained.exitCode == 0, "\(retained)")
        #expect(retained.outputLines.contains("retained:"))
        for user in gone.consumers {
            #expect(retained.outputLines.contains("  user \(user) (channel \(gone.name)): --no-prune"))
        }
        #expect(Set(try await scenario.managedUsers().keys) == Set(kept.consumers + gone.consumers))

        let pruned = try await scenario.reconcile()

        #expect(pruned.exitCode == 0, "\(pruned)")
        #expect(pruned.outputLines.contains("  \(gone.name):"))
        #expect(pruned.outputLines.contains("    DeleteUser user=\(gone.consumers[0])"))
        #expect(Set(try await scenario.managedUsers().keys) == Set(kept.consumers))
        #expect(Set(try await scenario.policies(of: [kept, gone]).keys) == [kept.policyName])
    }

    @Test("a protected channel keeps a consumer removed from its manifest and lists it as retained")
    func protectedChannelKeepsRemovedConsumer() async throws {
        let scenario = try EmulatorScenario()
        var channel = ChannelManifest(
            name: scenario.name("vault"), consumers: [scenario.name("vault-a"), scenario.name("vault-b")],
            protect: true)
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)
        channel.consumers = [scenario.name("vault-a")]
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()

        let result = try await scenario.reconcile()

        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.outputLines.contains(
                "  user \(scenario.name("vault-b")) (channel \(channel.name)): protect: true"))
        #expect(Set(try await scenario.managedUsers().keys) == [scenario.name("vault-a"), scenario.name("vault-b")])
    }

    @Test("a broken manifest leaves its channel's resources exactly as they are, and the others are reconciled")
    func brokenManifestFreezesItsChannel() async throws {
        let scenario = try EmulatorScenario()
        let frozen = ChannelManifest(name: scenario.name("frozen"), consumers: [scenario.name("frozen-app")])
        var healthy = ChannelManifest(name: scenario.name("healthy"), consumers: [scenario.name("healthy-app")])
        try scenario.checkout.write(frozen)
        try scenario.checkout.write(healthy)
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)

        // An invalid field: the channel is known by name and frozen; its drift is not reverted.
        try await scenario.moto.untagUser(scenario.name("frozen-app"), keys: ["channelops:channel"])
        try await scenario.moto.attachUserPolicy(
            user: scenario.name("frozen-app"), policyARN: MotoIAM.administratorAccess)
        try scenario.checkout.write(
            "channels/\(frozen.name).yaml", frozen.yaml.replacingOccurrences(of: "  consumers:", with: "  consumer:"))
        healthy.consumers.append(scenario.name("healthy-web"))
        try scenario.checkout.write(healthy)
        try scenario.checkout.commit()
        let invalid = try await scenario.reconcile()

        #expect(invalid.exitCode == 1, "\(invalid)")
        #expect(
            invalid.standardErrorLines.contains(
                "channels/\(frozen.name).yaml:6:3: error: unknown field 'consumer' in spec; did you mean "
                    + "'consumers'? allowed: consumers, description, permissions, protect, tags"),
            "\(invalid)")
        var users = try await scenario.moto.users()
        let frozenUser = try #require(users[scenario.name("frozen-app")])
        #expect(frozenUser.attachedPolicyARNs == [scenario.policyARN(frozen), MotoIAM.administratorAccess])
        #expect(frozenUser.tags["channelops:channel"] == nil)
        #expect(users[scenario.name("healthy-web")]?.attachedPolicyARNs == [scenario.policyARN(healthy)])

        // A file that is not even YAML: no channel is known by name, so nothing at all is deleted.
        try scenario.checkout.write("channels/\(frozen.name).yaml", "consumers: [unclosed\n")
        try scenario.checkout.remove("channels/\(healthy.name).yaml")
        try scenario.checkout.commit()
        let unreadable = try await scenario.reconcile()

        #expect(unreadable.exitCode == 1, "\(unreadable)")
        users = try await scenario.moto.users()
        for name in [scenario.name("frozen-app"), scenario.name("healthy-app"), scenario.name("healthy-web")] {
            #expect(users[name] != nil, "user \(name) was deleted")
        }
        #expect(unreadable.outputLines.contains { $0.hasPrefix("notice: 1 manifest file could not be read") })
    }

    @Test("a --path at an empty folder or a missing one never deletes; the guard says how to force it")
    func massDeletionGuardRefusesWrongPath() async throws {
        let scenario = try EmulatorScenario()
        let channel = ChannelManifest(name: scenario.name("solo"), consumers: [scenario.name("solo-app")])
        try scenario.checkout.write(channel)
        try scenario.checkout.write("empty/README.md", "no manifests here\n")
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)

        let empty = try await scenario.reconcile(["--path", "empty"])

        #expect(empty.exitCode == 1, "\(empty)")
        #expect(
            empty.errorLines == [
                "error: refusing to delete 1 of 1 managed users because no channel manifest was found; check that "
                    + "--path names the manifest folder, or pass --allow-mass-delete to delete them"
            ])

        let missing = try await scenario.reconcile(["--path", "chanels"])

        #expect(missing.exitCode == 1, "\(missing)")
        #expect(missing.errorLines.count == 1)
        #expect(
            missing.errorLines.first?.hasPrefix("error: manifest folder 'chanels' does not exist at commit ") == true)
        #expect(Set(try await scenario.managedUsers().keys) == [scenario.name("solo-app")])

        let forced = try await scenario.reconcile(["--path", "empty", "--allow-mass-delete"])

        #expect(forced.exitCode == 0, "\(forced)")
        #expect(try await scenario.managedUsers().isEmpty)
    }

    @Test("deleting more than 10 managed users and more than half of them is refused unless forced")
    func massDeletionGuardRefusesManyDeletions() async throws {
        let scenario = try EmulatorScenario()
        let channels = (0..<12).map { index in
            ChannelManifest(name: scenario.name("many\(index)"), consumers: [scenario.name("many\(index)-app")])
        }
        for channel in channels { try scenario.checkout.write(channel) }
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)
        for channel in channels.dropFirst() { try scenario.checkout.remove("channels/\(channel.name).yaml") }
        try scenario.checkout.commit()

        let refused = try await scenario.reconcile()

        #expect(refused.exitCode == 1, "\(refused)")
        #expect(
            refused.errorLines == [
                "error: refusing to delete 11 of 12 managed users: more than 10 and more than half of them; check "
                    + "that --path names the manifest folder, or pass --allow-mass-delete to delete them"
            ])
        #expect(try await scenario.managedUsers().count == 12)

        let forced = try await scenario.reconcile(["--allow-mass-delete"])

        #expect(forced.exitCode == 0, "\(forced)")
        #expect(Set(try await scenario.managedUsers().keys) == Set(channels[0].consumers))
    }

    @Test("changing one policy seven times in a row leaves at most five versions, the latest the default")
    func sevenPolicyChangesKeepFiveVersions() async throws {
        let scenario = try EmulatorScenario()
        var channel = ChannelManifest(name: scenario.name("churn"), consumers: [scenario.name("churn-app")])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)

        for change in 1...7 {
            channel.actions = ["lex:RecognizeText", "lex:Action\(change)"]
            try scenario.checkout.write(channel)
            try scenario.checkout.commit("change \(change)")
            let result = try await scenario.reconcile()
            try #require(result.exitCode == 0, "change \(change): \(result)")
        }

        let policy = try #require(try await scenario.policies(of: [channel])[channel.policyName])
        #expect(policy.documents.count <= 5)
        #expect(policy.defaultVersion == "v8")
        #expect(try policy.defaultDocument() == channel.document)
    }

    /// The unmanaged users and policies of a scenario, to compare before and after.
    private func unmanaged(_ scenario: EmulatorScenario) async throws -> [String] {
        let names = [scenario.name("taken"), scenario.name("stranger")]
        let users = try await scenario.moto.users()
        let policies = try await scenario.moto.policies(tagsOf: ["channelops-\(scenario.name("stranger"))"])
        return names.map { "\(String(describing: users[$0]))" }
            + ["\(String(describing: policies["channelops-\(scenario.name("stranger"))"]))"]
    }
}
