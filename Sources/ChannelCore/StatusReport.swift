/// The status a reconcile writes back to git: `status/<channel>.yaml` for every channel and
/// `status/REPORT.md` for the run as a whole.
///
/// It describes the state the run left: in sync, drifted, failed, invalid, retained. The changes
/// the run made belong in the commit message (`StatusCommitSummary`), so a run that changes
/// nothing produces the same files apart from the timestamp, and `isUnchanged(comparedWith:)`
/// tells the caller that no commit is needed.
public struct StatusReport: Sendable, Equatable {
    /// A channel as REPORT.md lists it; those with a valid name also get a status file.
    public struct Line: Sendable, Equatable {
        /// The channel's name; empty for managed resources without a channel tag.
        public var channel: String
        /// How the channel stands.
        public var phase: StatusPhase
        /// Why, for people.
        public var message: String
        /// How many users the channel has in IAM.
        public var userCount: Int
        /// The changes that remain, by summary, for a drifted channel.
        public var remainingChanges: [String]
    }

    /// The instance reconciled.
    public var instance: String
    /// The full id of the commit whose manifests were reconciled.
    public var observedCommit: String
    /// When the run ended, RFC 3339 in UTC.
    public var lastReconciled: String
    /// The status files, sorted by channel.
    public var channels: [ChannelStatus]
    /// Every channel the report lists, sorted by name: those of `channels`, and those whose
    /// name cannot be a file name (such as the group of resources without a channel tag).
    public var lines: [Line]
    /// Resources kept although no manifest declares them, sorted.
    public var retained: [RetainedResource]
    /// Run-wide remarks, such as pruning being suspended.
    public var notices: [String]
    /// The sealed key files this run delivered, by path relative to `status/`.
    public var sealedKeyFiles: [String: [UInt8]]

    /// The file name of the run's report in `status/`.
    public static let reportFileName = "REPORT.md"

    /// Builds the status of every channel of the input's report, and of every channel that has
    /// retained resources.
    public init(_ input: StatusInput) {
        instance = input.instance
        observedCommit = input.observedCommit
        lastReconciled = input.lastReconciled
        retained = input.report.retained
        notices = input.report.notices
        sealedKeyFiles = input.sealedKeyFiles

        var entries = Dictionary(uniqueKeysWithValues: input.report.channels.map { ($0.channel, $0) })
        for resource in input.report.retained where entries[resource.channel] == nil {
            entries[resource.channel] = DriftReport.Entry(channel: resource.channel, phase: .inSync)
        }
        let builder = StatusBuilder(input: input)
        var channels: [ChannelStatus] = []
        var lines: [Line] = []
        for name in entries.keys.sorted() {
            guard let entry = entries[name] else { continue }
            let status = builder.status(of: entry)
            lines.append(
                Line(
                    channel: name, phase: status.phase, message: status.message, userCount: status.users.count,
                    remainingChanges: status.reasonIsRemainingDrift ? entry.changes.map(\.summary) : []))
            if ValidationRules.channelNameProblem(name) == nil {
                channels.append(status)
            }
        }
        self.channels = channels
        self.lines = lines
    }

    /// The channels whose status says `protect: true`; the next run passes them as
    /// `protectedWhenLastApplied`.
    public var protectedChannels: Set<String> {
        Set(channels.filter(\.protect).map(\.channel))
    }

    /// The whole content of `status/`, by path relative to it, given the files there now.
    ///
    /// The statuses, REPORT.md, and the sealed key files (`SealedKeyFiles.merged`): for each
    /// user that still holds a delivered key, the file this run delivered, else the one in
    /// `existing`.
    public func files(keeping existing: [String: [UInt8]] = [:]) -> [String: [UInt8]] {
        var files = SealedKeyFiles.merged(
            existing: existing, delivered: sealedKeyFiles, records: channels.flatMap(\.accessKeys))
        files[Self.reportFileName] = Array(markdown().utf8)
        for status in channels {
            files[status.fileName] = Array(status.yamlText().utf8)
        }
        return files
    }

    /// Whether `existing`, the files of `status/` at the branch head, say exactly what this
    /// report says apart from the time of the run, so that no commit is needed.
    ///
    /// Compares with this report rendered at the time `existing` records; files of other names
    /// in `status/` count as a difference, since a commit would remove them.
    public func isUnchanged(comparedWith existing: [String: [UInt8]]) -> Bool {
        guard let recorded = Self.recordedTimestamp(in: existing) else { return false }
        var earlier = self
        earlier.lastReconciled = recorded
        for index in earlier.channels.indices {
            earlier.channels[index].lastReconciled = recorded
        }
        return earlier.files(keeping: existing) == existing
    }

    /// The time of the run recorded in an existing `REPORT.md`, if it has the form this type
    /// writes.
    static func recordedTimestamp(in files: [String: [UInt8]]) -> String? {
        guard let bytes = files[reportFileName] else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(timestampLinePrefix) {
            return String(line.dropFirst(timestampLinePrefix.count))
        }
        return nil
    }

    /// The line of REPORT.md that carries the time of the run, before the time itself.
    static let timestampLinePrefix = "- Last reconciled: "
    /// The line of REPORT.md that names the observed commit, before the quoted id.
    static let commitLinePrefix = "- Commit: `"
}

extension ChannelStatus {
    /// Whether the channel's changes are drift left after the run (rather than changes applied
    /// but unconfirmed).
    fileprivate var reasonIsRemainingDrift: Bool {
        phase == .drifted && conditions.first?.reason != StatusReason.confirmationFailed
            && conditions.first?.reason != StatusReason.cancelled
    }
}

/// Turns the report's entries into channel statuses.
private struct StatusBuilder {
    let input: StatusInput
    let declared: [String: Channel]
    let retainedByChannel: [String: [RetainedResource]]

    init(input: StatusInput) {
        self.input = input
        declared = Dictionary(input.manifests.channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        retainedByChannel = Dictionary(grouping: input.report.retained, by: \.channel)
    }

    func status(of entry: DriftReport.Entry) -> ChannelStatus {
        let name = entry.channel
        let resources = input.live.resources(ofChannel: name, instance: input.instance)
        let verdict = self.verdict(entry)
        let revision = input.observedCommit
        return ChannelStatus(
            channel: name,
            instance: input.instance,
            observedCommit: input.observedCommit,
            phase: verdict.phase,
            message: verdict.message,
            lastReconciled: input.lastReconciled,
            protect: declared[name]?.protect ?? input.protectedWhenLastApplied.contains(name),
            users: resources.users.map { ChannelStatus.Resource(name: $0.name, arn: $0.arn) },
            policies: resources.policies.map { ChannelStatus.Resource(name: $0.name, arn: $0.arn) },
            accessKeys: DeliveredKey.sorted(input.deliveredKeys.filter { $0.channel == name }),
            conditions: [
                StatusCondition(
                    type: StatusConditionType.ready, status: verdict.ready, reason: verdict.reason,
                    message: verdict.message, revision: revision),
                StatusCondition(
                    type: StatusConditionType.synced, status: verdict.synced.status, reason: verdict.synced.reason,
                    message: verdict.synced.message, revision: revision),
            ]
        )
    }

    /// The phase, reason and conditions of one channel.
    private struct Verdict {
        var phase: StatusPhase
        var reason: String
        var message: String
        var ready: StatusCondition.Status
        var synced: (status: StatusCondition.Status, reason: String, message: String)
    }

    private static let nothingLeft = "the last reconcile left nothing undone"

    private func verdict(_ entry: DriftReport.Entry) -> Verdict {
        let done = (StatusCondition.Status.isTrue, StatusReason.reconcileSucceeded, Self.nothingLeft)
        switch entry.phase {
        case .invalid:
            let message =
                "the manifest does not parse, validate or render (run 'channelops validate'); "
                + "the channel's resources are left as they are"
            return Verdict(
                phase: .invalid, reason: StatusReason.invalidManifest, message: message, ready: .unknown,
                synced: (.isFalse, StatusReason.invalidManifest, message))
        case .conflict:
            let message = entry.conflicts.joined(separator: "; ")
            return Verdict(
                phase: .failed, reason: StatusReason.resourceConflict, message: message, ready: .isFalse,
                synced: (.isFalse, StatusReason.resourceConflict, message))
        case .failed:
            let message = entry.error ?? entry.conflicts.joined(separator: "; ")
            var reason = entry.conflicts.isEmpty ? StatusReason.applyFailed : StatusReason.resourceConflict
            if case .cancelled(let stopped) = input.completion, stopped.contains(entry.channel) {
                reason = StatusReason.cancelled
            }
            let matches = entry.changes.isEmpty && entry.conflicts.isEmpty
            return Verdict(
                phase: .failed, reason: reason, message: message, ready: matches ? .isTrue : .isFalse,
                synced: (.isFalse, reason, message))
        case .drifted:
            return drifted(entry)
        case .inSync:
            return Verdict(
                phase: .inSync,
                reason: declared[entry.channel] == nil && retainedByChannel[entry.channel] != nil
                    ? StatusReason.resourcesRetained : StatusReason.reconcileSucceeded,
                message: inSyncMessage(entry.channel), ready: .isTrue, synced: done)
        }
    }

    private func drifted(_ entry: DriftReport.Entry) -> Verdict {
        let count = entry.changes.count == 1 ? "1 change" : "\(entry.changes.count) changes"
        let shown = entry.changes.prefix(3).map(\.summary).joined(separator: ", ")
        let more = entry.changes.count > 3 ? ", …" : ""
        switch input.completion {
        case .refused(let why):
            let message = "nothing was applied (\(why)); \(count) to make: \(shown)\(more)"
            return Verdict(
                phase: .drifted, reason: StatusReason.deletionRefused, message: message, ready: .isFalse,
                synced: (.isFalse, StatusReason.deletionRefused, message))
        case .unconfirmed(let why):
            let message =
                "\(count) were applied but the state could not be read again (\(why)); "
                + "the next run checks it"
            return Verdict(
                phase: .drifted, reason: StatusReason.confirmationFailed, message: message, ready: .unknown,
                synced: (.isTrue, StatusReason.reconcileSucceeded, Self.nothingLeft))
        case .cancelled:
            let message =
                "\(count) were applied but the run was cancelled before they were confirmed; "
                + "the next run checks it"
            return Verdict(
                phase: .drifted, reason: StatusReason.cancelled, message: message, ready: .unknown,
                synced: (.isFalse, StatusReason.cancelled, message))
        case .confirmed:
            let message = "\(count) remain after the apply: \(shown)\(more)"
            return Verdict(
                phase: .drifted, reason: StatusReason.driftRemains, message: message, ready: .isFalse,
                synced: (.isTrue, StatusReason.reconcileSucceeded, Self.nothingLeft))
        }
    }

    /// The message of a channel in sync: plain, or naming what is kept although undeclared.
    private func inSyncMessage(_ channel: String) -> String {
        guard let kept = retainedByChannel[channel], !kept.isEmpty else {
            return "live IAM matches the manifest"
        }
        let items = kept.sorted().map { "\($0.kind.rawValue) \($0.name) (\($0.reason.explanation))" }
        if declared[channel] == nil {
            return "no manifest declares this channel; its resources are kept: " + items.joined(separator: ", ")
        }
        return "live IAM matches the manifest; kept although undeclared: " + items.joined(separator: ", ")
    }
}
