/// The message of a status commit: it names the reconciled commit and lists the changes the run
/// applied, which the status files themselves leave out.
///
/// The caller adds the trailer that marks a status commit (`Channelops-Status: true`).
public struct StatusCommitSummary: Sendable, Equatable {
    /// The trailer key naming the reconciled commit.
    public static let observedCommitTrailer = "Channelops-Observed-Commit"
    /// The trailer key naming the instance.
    public static let instanceTrailer = "Channelops-Instance"
    /// The most applied steps listed one by one; the rest are counted.
    public static let listedStepLimit = 200

    /// `status: reconciled 3f2c1e0, 4 changes applied`.
    public var subject: String
    /// The applied steps by channel, the channels that failed, and the phase counts.
    public var body: String
    /// `Channelops-Observed-Commit` and `Channelops-Instance`.
    public var trailers: [KeyValue]

    /// Summarises a run: `status` is the state it left, `applied` each channel with the steps
    /// that took effect in the order applied, and `failures` channel name to what stopped it.
    public init(status: StatusReport, applied: [ChannelPlan], failures: [String: String]) {
        let short = String(status.observedCommit.prefix(7))
        let count = applied.reduce(0) { $0 + $1.steps.count }
        var subject = "status: reconciled \(short), "
        subject += count == 0 ? "no change applied" : count == 1 ? "1 change applied" : "\(count) changes applied"
        if !failures.isEmpty {
            subject += failures.count == 1 ? ", 1 channel failed" : ", \(failures.count) channels failed"
        }
        self.subject = subject

        var lines: [String] = []
        if count > 0 {
            lines.append("Applied:")
            var listed = 0
            for channel in applied {
                for step in channel.steps where listed < Self.listedStepLimit {
                    lines.append("- \(channel.channel): \(step.summary)")
                    listed += 1
                }
            }
            if count > listed { lines.append("- … and \(count - listed) more") }
            lines.append("")
        }
        if !failures.isEmpty {
            lines.append("Not applied:")
            lines += failures.keys.sorted().map { "- \($0): \(Self.oneLine(failures[$0] ?? ""))" }
            lines.append("")
        }
        lines.append("State: " + status.summaryLine)
        body = lines.joined(separator: "\n")
        trailers = [
            KeyValue(Self.observedCommitTrailer, status.observedCommit),
            KeyValue(Self.instanceTrailer, status.instance),
        ]
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
