import Testing

@testable import ChannelCore

/// Statuses built from drifts: the phase, message and conditions of each channel, the files, and
/// the comparison that ignores only the time of the run.
struct StatusReportTests {
    static let commit = "3f2c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"
    static let time = "2024-05-01T12:00:00Z"

    /// The status of `channels` reconciled into `live`, with `failures` and `completion`.
    static func report(
        _ channels: [Channel],
        live: LiveState,
        failures: [String: String] = [:],
        invalid: Set<String> = [],
        protectedBefore: Set<String> = [],
        prune: Bool = true,
        completion: StatusInput.Completion = .confirmed,
        time: String = StatusReportTests.time
    ) -> StatusReport {
        let manifests = ManifestSet(channels: channels, invalidChannelNames: invalid)
        let desired = Sample.desired(channels)
        let options = DriftOptions(
            prune: prune,
            protectedChannels: Set(channels.filter(\.protect).map(\.name)).union(protectedBefore),
            invalidChannels: invalid)
        let drift = Drift(desired: desired, live: live, options: options)
        return StatusReport(
            StatusInput(
                instance: "default", observedCommit: commit, lastReconciled: time,
                report: DriftReport(drift: drift, failures: failures), live: live, manifests: manifests,
                protectedWhenLastApplied: protectedBefore, completion: completion))
    }

    static let alpha = Sample.channel("alpha", consumers: ["alpha-app"])
    static let beta = Sample.channel("beta", consumers: ["beta-app", "beta-web"], protect: true)

    @Test("a converged channel is InSync with the ARNs of its users and policy")
    func inSync() throws {
        let report = Self.report([Self.alpha], live: Sample.converged(Sample.desired([Self.alpha])))
        let status = try #require(report.channels.first)
        #expect(report.channels.count == 1)
        #expect(status.phase == .inSync)
        #expect(status.users == [.init(name: "alpha-app", arn: Sample.userARN("alpha-app"))])
        #expect(status.policies == [.init(name: "channelops-alpha", arn: Sample.policyARN("channelops-alpha"))])
        #expect(status.message == "live IAM matches the manifest")
        #expect(status.conditions.map(\.reason) == [StatusReason.reconcileSucceeded, StatusReason.reconcileSucceeded])
        #expect(status.conditions.map(\.status) == [.isTrue, .isTrue])
        #expect(status.conditions.map(\.revision) == [Self.commit, Self.commit])
    }

    @Test("the status file is a fixed YAML text")
    func yamlText() throws {
        let report = Self.report([Self.alpha], live: Sample.converged(Sample.desired([Self.alpha])))
        let status = try #require(report.channels.first)
        #expect(
            status.yamlText() == """
                apiVersion: channelops.io/v1
                kind: ChannelStatus
                channel: alpha
                instance: default
                observedCommit: "3f2c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"
                phase: InSync
                message: "live IAM matches the manifest"
                lastReconciled: "2024-05-01T12:00:00Z"
                protect: false
                users:
                  - name: alpha-app
                    arn: arn:aws:iam::123456789012:user/channelops/alpha-app
                policies:
                  - name: channelops-alpha
                    arn: arn:aws:iam::123456789012:policy/channelops/channelops-alpha
                conditions:
                  - type: Ready
                    status: "True"
                    reason: ReconcileSucceeded
                    message: "live IAM matches the manifest"
                    revision: "3f2c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"
                  - type: Synced
                    status: "True"
                    reason: ReconcileSucceeded
                    message: "the last reconcile left nothing undone"
                    revision: "3f2c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"

                """)
    }

    @Test("REPORT.md lists every channel's phase, the retained resources and the counts")
    func markdown() {
        // beta's manifest is gone, but it was protect: true when last applied.
        var live = Sample.converged(Sample.desired([Self.alpha, Self.beta]))
        live = LiveState(
            users: Array(live.users.values),
            policies: live.policies.values.map { policy in
                var known = policy
                known.tags = .known(
                    Sample.desired([Self.alpha, Self.beta]).policies.first { $0.name == policy.name }?.tags ?? [])
                return known
            })
        let report = Self.report([Self.alpha], live: live, protectedBefore: ["beta"])
        #expect(
            report.markdown() == """
                # channelops status

                - Instance: `default`
                - Commit: `3f2c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e`
                - Last reconciled: 2024-05-01T12:00:00Z
                - 2 channels: 2 InSync; 3 retained

                | Channel | Phase | Users | Message |
                |---|---|---:|---|
                | `alpha` | InSync | 1 | live IAM matches the manifest |
                | `beta` | InSync | 2 | no manifest declares this channel; its resources are kept: \
                policy channelops-beta (protect: true), user beta-app (protect: true), user beta-web (protect: true) |

                ## Retained

                | Resource | Channel | Reason |
                |---|---|---|
                | policy `channelops-beta` | `beta` | protect: true |
                | user `beta-app` | `beta` | protect: true |
                | user `beta-web` | `beta` | protect: true |

                """)
        let beta = report.channels.first { $0.channel == "beta" }
        #expect(beta?.protect == true)
        #expect(beta?.conditions.first?.reason == StatusReason.resourcesRetained)
        #expect(report.protectedChannels == ["beta"])
    }
}

/// One row of the phase table: how a channel's situation is recorded.
struct PhaseCase: Sendable, CustomTestStringConvertible {
    var reason: String
    var report: @Sendable () -> StatusReport
    var phase: StatusPhase
    var statusReason: String
    var ready: StatusCondition.Status
    var synced: StatusCondition.Status
    var message: String

    var testDescription: String { reason }
}

extension StatusReportTests {
    static let conflictLive = LiveState(users: [Sample.unmanagedUser("alpha-app")], policies: [])

    static let phaseCases: [PhaseCase] = [
        PhaseCase(
            reason: "a name held by an unmanaged user is a conflict, recorded as Failed",
            report: { report([alpha], live: conflictLive) },
            phase: .failed, statusReason: StatusReason.resourceConflict, ready: .isFalse, synced: .isFalse,
            message: "user 'alpha-app' exists but is not managed by channelops instance 'default' (no tag "
                + "channelops:managed-by=default); rename what the manifest declares, or delete the user or tag "
                + "it to adopt it"),
        PhaseCase(
            reason: "a failed step is Failed with the step's error",
            report: {
                report(
                    [alpha], live: LiveState(users: [], policies: []),
                    failures: ["alpha": "CreateUser user=alpha-app failed: AccessDenied"])
            },
            phase: .failed, statusReason: StatusReason.applyFailed, ready: .isFalse, synced: .isFalse,
            message: "CreateUser user=alpha-app failed: AccessDenied"),
        PhaseCase(
            reason: "an invalid manifest is Invalid and its readiness unknown",
            report: { report([], live: LiveState(users: [], policies: []), invalid: ["alpha"]) },
            phase: .invalid, statusReason: StatusReason.invalidManifest, ready: .unknown, synced: .isFalse,
            message: "the manifest does not parse, validate or render (run 'channelops validate'); the channel's "
                + "resources are left as they are"),
        PhaseCase(
            reason: "a refused plan leaves the channel Drifted, nothing applied",
            report: {
                report([alpha], live: LiveState(users: [], policies: []), completion: .refused("too many deletions"))
            },
            phase: .drifted, statusReason: StatusReason.deletionRefused, ready: .isFalse, synced: .isFalse,
            message: "nothing was applied (too many deletions); 3 changes to make: user alpha-app (path "
                + "/channelops/), policy channelops-alpha (path /channelops/), attach channelops-alpha to user "
                + "alpha-app"),
        PhaseCase(
            reason: "an apply that could not be confirmed is Drifted, readiness unknown",
            report: {
                report([alpha], live: LiveState(users: [], policies: []), completion: .unconfirmed("read failed"))
            },
            phase: .drifted, statusReason: StatusReason.confirmationFailed, ready: .unknown, synced: .isTrue,
            message: "3 changes were applied but the state could not be read again (read failed); the next run "
                + "checks it"),
        PhaseCase(
            reason: "a channel a signal stopped halfway is Failed, reason Cancelled",
            report: {
                report(
                    [alpha], live: LiveState(users: [], policies: []),
                    failures: ["alpha": "cancelled after 1 of 3 steps"], completion: .cancelled(["alpha"]))
            },
            phase: .failed, statusReason: StatusReason.cancelled, ready: .isFalse, synced: .isFalse,
            message: "cancelled after 1 of 3 steps"),
        PhaseCase(
            reason: "a channel applied whole before a signal stopped the run is Drifted, reason Cancelled",
            report: {
                report([alpha], live: LiveState(users: [], policies: []), completion: .cancelled(["beta"]))
            },
            phase: .drifted, statusReason: StatusReason.cancelled, ready: .unknown, synced: .isFalse,
            message: "3 changes were applied but the run was cancelled before they were confirmed; the next run "
                + "checks it"),
        PhaseCase(
            reason: "drift left after a complete apply is Drifted",
            report: { report([alpha], live: LiveState(users: [], policies: [])) },
            phase: .drifted, statusReason: StatusReason.driftRemains, ready: .isFalse, synced: .isTrue,
            message: "3 changes remain after the apply: user alpha-app (path /channelops/), policy channelops-alpha "
                + "(path /channelops/), attach channelops-alpha to user alpha-app"),
    ]

    @Test("each situation gets its phase, reason, conditions and message", arguments: phaseCases)
    func phases(_ row: PhaseCase) throws {
        let status = try #require(row.report().channels.first)
        #expect(status.phase == row.phase)
        #expect(status.conditions.map(\.type) == [StatusConditionType.ready, StatusConditionType.synced])
        #expect(status.conditions.first?.reason == row.statusReason)
        #expect(status.conditions.first?.status == row.ready)
        #expect(status.conditions.last?.status == row.synced)
        #expect(status.message == row.message)
    }

    @Test("an invalid channel keeps the protect flag of its last status")
    func invalidKeepsProtect() throws {
        let report = Self.report(
            [], live: LiveState(users: [], policies: []), invalid: ["beta"], protectedBefore: ["beta"])
        #expect(try #require(report.channels.first).protect)
        let declared = Self.report(
            [Sample.channel("beta", consumers: ["beta-app"])], live: LiveState(users: [], policies: []),
            protectedBefore: ["beta"])
        #expect(try #require(declared.channels.first).protect == false)
    }

    @Test("a run that leaves the same state differs only in time, which the comparison ignores")
    func unchangedIgnoresTime() {
        let live = Sample.converged(Sample.desired([Self.alpha]))
        let first = Self.report([Self.alpha], live: live, time: "2024-05-01T12:00:00Z")
        let second = Self.report([Self.alpha], live: live, time: "2024-05-01T12:10:00Z")
        #expect(first.files() != second.files())
        #expect(second.isUnchanged(comparedWith: first.files()))
        #expect(first.isUnchanged(comparedWith: first.files()))

        // A changed phase, an extra file or a missing report each need a commit.
        let failed = Self.report(
            [Self.alpha], live: live, failures: ["alpha": "TagUser failed"], time: "2024-05-01T12:10:00Z")
        #expect(!failed.isUnchanged(comparedWith: first.files()))
        var extra = first.files()
        extra["old.yaml"] = Array("channel: old\n".utf8)
        #expect(!second.isUnchanged(comparedWith: extra))
        var noReport = first.files()
        noReport[StatusReport.reportFileName] = nil
        #expect(!second.isUnchanged(comparedWith: noReport))
    }

    @Test("resources without a channel tag are listed in REPORT.md but get no status file")
    func unnamedGroup() {
        let stray = LiveUser(
            name: "stray", path: Rendering.path, arn: Sample.userARN("stray"),
            tags: [KeyValue(Rendering.managedByTagKey, "default")])
        let report = Self.report([], live: LiveState(users: [stray], policies: []))
        #expect(report.channels.isEmpty)
        #expect(report.lines.map(\.channel) == [""])
        #expect(report.markdown().contains("| (no channel tag) | Drifted | 0 |"))
        #expect(report.markdown().contains("- (no channel tag): user stray"))
        #expect(Set(report.files().keys) == [StatusReport.reportFileName])
    }

    @Test("no status file names an access key, even for a user to delete")
    func noAccessKeys() {
        let key = "AKIAIOSFODNN7EXAMPLE"
        let live = LiveState(
            users: [Sample.managedUser("alpha-app", channel: "alpha", accessKeys: [key])],
            policies: [Sample.managedPolicy(channel: "alpha")])
        let report = Self.report([], live: live, completion: .refused("no manifest at all"))
        let text = report.files().values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(report.channels.map(\.phase) == [.drifted])
        #expect(!text.contains(key))
    }

    @Test("the commit message names the commit and lists the applied steps and the failures")
    func commitSummary() {
        let report = Self.report(
            [Self.alpha, Sample.channel("gamma", consumers: ["gamma-app"])],
            live: Sample.converged(Sample.desired([Self.alpha])),
            failures: ["gamma": "CreateUser user=gamma-app failed: AccessDenied\nsecond line"])
        let summary = StatusCommitSummary(
            status: report,
            applied: [
                ChannelPlan(
                    channel: "alpha",
                    steps: [
                        .createUser(name: "alpha-app", path: Rendering.path, tags: []),
                        .attachUserPolicy(userName: "alpha-app", policyName: "channelops-alpha", policyARN: nil),
                    ])
            ],
            failures: ["gamma": "CreateUser user=gamma-app failed: AccessDenied\nsecond line"])
        #expect(summary.subject == "status: reconciled 3f2c1e0, 2 changes applied, 1 channel failed")
        #expect(
            summary.body == """
                Applied:
                - alpha: CreateUser user=alpha-app path=/channelops/
                - alpha: AttachUserPolicy user=alpha-app policy=channelops-alpha

                Not applied:
                - gamma: CreateUser user=gamma-app failed: AccessDenied second line

                State: 2 channels: 1 InSync, 1 Failed; 0 retained
                """)
        #expect(
            summary.trailers == [
                KeyValue("Channelops-Observed-Commit", Self.commit), KeyValue("Channelops-Instance", "default"),
            ])
        let quiet = StatusCommitSummary(status: report, applied: [], failures: [:])
        #expect(quiet.subject == "status: reconciled 3f2c1e0, no change applied")
        #expect(quiet.body == "State: 2 channels: 1 InSync, 1 Failed; 0 retained")
    }

    @Test("the commit message lists at most the step limit and counts the rest")
    func commitSummaryLimit() {
        let report = Self.report([Self.alpha], live: Sample.converged(Sample.desired([Self.alpha])))
        let steps = (0..<(StatusCommitSummary.listedStepLimit + 5)).map {
            PlanStep.deleteUser(name: "user-\($0)")
        }
        let summary = StatusCommitSummary(
            status: report, applied: [ChannelPlan(channel: "alpha", steps: steps)], failures: [:])
        let lines = summary.body.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("- alpha: DeleteUser") }.count == StatusCommitSummary.listedStepLimit)
        #expect(lines.contains("- … and 5 more"))
    }
}
