/// What a run found, ready to print as text, JSON or Markdown.
///
/// Built from a drift, and after an apply from the drift that followed it together with the
/// errors of the channels that failed. Every format is a pure function of the report, so equal
/// reports print byte-identical output.
public struct DriftReport: Sendable, Equatable {
    /// One channel as the report shows it.
    public struct Entry: Sendable, Equatable {
        public var channel: String
        public var phase: ChannelPhase
        public var changes: [Change]
        public var conflicts: [String]
        public var notes: [String]
        /// The apply error that made the channel fail, if any.
        public var error: String?
        /// The access keys read for the channel's users, with age and last use.
        public var accessKeys: [AccessKeyObservation]

        /// Creates an entry.
        public init(
            channel: String,
            phase: ChannelPhase,
            changes: [Change] = [],
            conflicts: [String] = [],
            notes: [String] = [],
            error: String? = nil,
            accessKeys: [AccessKeyObservation] = []
        ) {
            self.channel = channel
            self.phase = phase
            self.changes = changes
            self.conflicts = conflicts
            self.notes = notes
            self.error = error
            self.accessKeys = accessKeys
        }

        /// Whether the text and Markdown reports list the channel: when it is not in sync, or
        /// has notes to show.
        public var isShown: Bool { phase != .inSync || !notes.isEmpty }

        /// The channel's name for people: `(no channel tag)` for the unnamed group.
        public var displayName: String { channel.isEmpty ? "(no channel tag)" : channel }
    }

    public var instance: String
    /// Every channel, sorted by name.
    public var channels: [Entry]
    public var retained: [RetainedResource]
    public var notices: [String]
    /// How many AWS API calls the run made; nil when not counted.
    public var apiCalls: Int?

    /// Builds the report of `drift`; a channel named in `failures` (channel to error message)
    /// is `Failed`, listed even when the drift has nothing for it.
    public init(drift: Drift, failures: [String: String] = [:], apiCalls: Int? = nil) {
        var entries: [String: Entry] = [:]
        for channel in drift.channels {
            entries[channel.channel] = Entry(
                channel: channel.channel,
                phase: channel.phase,
                changes: channel.changes,
                conflicts: channel.conflicts,
                notes: channel.notes,
                accessKeys: channel.accessKeys
            )
        }
        for (channel, error) in failures {
            var entry = entries[channel] ?? Entry(channel: channel, phase: .failed)
            entry.phase = .failed
            entry.error = error
            entries[channel] = entry
        }
        instance = drift.instance
        channels = entries.values.sorted { $0.channel < $1.channel }
        retained = drift.retained
        notices = drift.notices
        self.apiCalls = apiCalls
    }

    /// How many channels are in each phase, in the order of `ChannelPhase.allCases`; phases with
    /// no channel are left out.
    public var phaseCounts: [(phase: ChannelPhase, count: Int)] {
        ChannelPhase.allCases.compactMap { phase in
            let count = channels.filter { $0.phase == phase }.count
            return count == 0 ? nil : (phase, count)
        }
    }

    /// How many changes all channels have together.
    public var changeCount: Int { channels.reduce(0) { $0 + $1.changes.count } }

    /// How many active access keys are unused for 90 days or more.
    public var unusedKeyCount: Int {
        channels.reduce(0) { $0 + $1.accessKeys.filter(\.isUnusedTooLong).count }
    }

    /// The closing summary line, for example
    /// `3 channels: 1 InSync, 1 Drifted, 1 Conflict; 4 changes; 1 retained; 9 API calls`; the
    /// count of access keys unused for 90 days or more comes before the API calls when not 0.
    public var summaryLine: String {
        let plural = channels.count == 1 ? "channel" : "channels"
        var line = "\(channels.count) \(plural)"
        let counts = phaseCounts.map { "\($0.count) \($0.phase.rawValue)" }
        if !counts.isEmpty { line += ": " + counts.joined(separator: ", ") }
        line += "; \(changeCount) " + (changeCount == 1 ? "change" : "changes")
        line += "; \(retained.count) retained"
        let unused = unusedKeyCount
        if unused > 0 {
            line +=
                "; \(unused) access " + (unused == 1 ? "key" : "keys") + " unused for "
                + "\(AccessKeyObservation.unusedDaysFlag) days or more"
        }
        if let apiCalls { line += "; \(apiCalls) API " + (apiCalls == 1 ? "call" : "calls") }
        return line
    }
}

extension Change {
    /// Lines under the summary that say more about the change.
    ///
    /// Tags created, a new policy's tags, description and document (the pretty canonical JSON,
    /// indented by two under `document:`), tag changes, the document diff, what goes with a
    /// deleted user or policy; without marker.
    public var detailLines: [String] {
        switch self {
        case .createUser(_, _, let tags):
            return tags.isEmpty ? [] : ["tags: " + tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")]
        case .createPolicy(let creation):
            var lines: [String] = []
            if !creation.tags.isEmpty {
                lines.append("tags: " + creation.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
            }
            if let description = creation.description { lines.append("description: \(description)") }
            // The permissions the new policy grants, for a reviewer to see before they exist.
            lines.append("document:")
            lines += creation.document.text(.pretty).split(separator: "\n").map { "  " + $0 }
            return lines
        case .updateUserTags(_, let changes), .updatePolicyTags(_, _, let changes):
            return changes.map(\.line)
        case .updatePolicyDocument(let update):
            var lines = LineDiff(
                old: update.live.text(.pretty).split(separator: "\n", omittingEmptySubsequences: false).map(
                    String.init),
                new: update.desired.text(.pretty).split(separator: "\n", omittingEmptySubsequences: false).map(
                    String.init)
            ).unified(oldName: "live", newName: "desired")
            if let version = update.versionToDelete {
                lines.append("(deletes version \(version) first: a policy keeps at most 5 versions)")
            }
            return lines
        case .deleteUser(let removal):
            return removal.user.removalItems.isEmpty
                ? [] : ["also removes: " + removal.user.removalItems.joined(separator: ", ")]
        case .deletePolicy(let removal):
            return removal.attachedUsers.isEmpty
                ? [] : ["detaches it from: " + removal.attachedUsers.map { "user \($0)" }.joined(separator: ", ")]
        case .issueAccessKey(let issue):
            let count = issue.recipients.count
            var lines = [
                "why: \(issue.explanation)",
                "sealed for \(count) age \(count == 1 ? "recipient" : "recipients") and delivered",
            ]
            if let name = issue.secretsManagerName { lines.append("also written to Secrets Manager secret \(name)") }
            return lines
        case .deactivateAccessKey(let change):
            return ["why: \(change.explanation)", "created \(change.key.createDate.rfc3339)"]
        case .deleteAccessKey(let change):
            var lines = ["why: \(change.explanation)", "created \(change.key.createDate.rfc3339)"]
            if change.deactivatesFirst { lines.append("deactivated first, as it is Active") }
            return lines
        case .updateUserPath, .attachPolicy, .detachPolicy, .deleteInlinePolicy, .removeFromGroup:
            return []
        }
    }
}

extension LiveUser {
    /// What must go before the user can be deleted, for the report.
    var removalItems: [String] {
        attachedPolicyARNs.map { "attached \($0)" }
            + inlinePolicyNames.map { "inline policy \($0)" }
            + groupNames.map { "group \($0)" }
            + (accessKeyIDs ?? []).map { "access key \($0)" }
    }
}
