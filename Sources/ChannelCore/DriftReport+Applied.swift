/// One change a reconcile applied, for the reports of `reconcile`.
public struct AppliedChange: Sendable, Equatable {
    /// The channel the change belongs to; empty for resources without a channel tag.
    public var channel: String
    /// The IAM action called, as AWS spells it (`CreateUser`).
    public var action: String
    /// The change in words, as the text report shows it.
    public var summary: String

    /// Creates a record.
    public init(channel: String, action: String, summary: String) {
        self.channel = channel
        self.action = action
        self.summary = summary
    }

    /// Records the steps a channel applied, in order.
    public static func of(channel: String, steps: [PlanStep]) -> [AppliedChange] {
        steps.map { AppliedChange(channel: channel, action: $0.action, summary: $0.summary) }
    }
}

extension DriftReport {
    /// The JSON report (`json()`) with the changes applied as the last top-level member:
    /// `"applied": [{"channel": "...", "action": "CreateUser", "summary": "..."}]`, in the
    /// order they were applied, channel by channel.
    public func json(applied: [AppliedChange]) -> String {
        let plain = json()
        // `json()` ends with the root object's closing brace on a line of its own.
        guard plain.hasSuffix("\n}\n") else { return plain }
        let list: JSONValue = .array(
            applied.map { change in
                .object([
                    .init("channel", .string(change.channel)),
                    .init("action", .string(change.action)),
                    .init("summary", .string(change.summary)),
                ])
            })
        var member: [UInt8] = Array(",\n  \"applied\": ".utf8)
        list.write(to: &member, layout: .pretty, indent: 1)
        return String(plain.dropLast(3)) + String(decoding: member, as: UTF8.self) + "\n}\n"
    }

    /// The Markdown report (`markdown()`) with a section listing the changes applied, after the
    /// heading: a count, then a table of channel, IAM action and change.
    public func markdown(applied: [AppliedChange]) -> String {
        var lines = markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let count = applied.count == 1 ? "1 change" : "\(applied.count) changes"
        var section = ["**Applied: \(count)**", ""]
        if !applied.isEmpty {
            section += ["| Channel | Action | Change |", "|---|---|---|"]
            for change in applied {
                let channel = change.channel.isEmpty ? "(no channel tag)" : "`\(change.channel)`"
                section.append("| \(channel) | \(change.action) | \(markdownCell(change.summary)) |")
            }
            section.append("")
        }
        // After the heading and the blank line that follows it.
        lines.insert(contentsOf: section, at: min(2, lines.count))
        return lines.joined(separator: "\n")
    }

    /// Text made safe for a table cell: no line breaks, `|` escaped.
    private func markdownCell(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "|": result += "\\|"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
