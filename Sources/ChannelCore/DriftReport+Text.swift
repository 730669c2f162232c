extension DriftReport {
    /// The report for a terminal or a log: channels that are not in sync or have notes, grouped,
    /// then every access key read with its age and last use, what is retained, the notices, and a
    /// summary line.
    ///
    /// Each channel is a header `<channel>: <Phase>` followed by its lines, indented by two:
    /// `+`, `-` or `~` and the change's summary, with details indented by four more (a policy
    /// document change is a unified diff of the pretty canonical JSON, live against desired);
    /// `! ` before a conflict or an apply error, `note: ` before a note. Channels in sync without
    /// notes are counted in the summary only. Key lines flagged as unused for 90 days end with
    /// `; unused for N days`. With `colour`, ANSI escapes colour additions green, removals
    /// red, changes and conflicts yellow, and headers bold; the caller decides (a terminal, and
    /// `NO_COLOR` unset).
    public func text(colour: Bool = false) -> String {
        let paint = Paint(isEnabled: colour)
        var lines: [String] = []
        for entry in channels where entry.isShown {
            lines.append(paint.bold("\(entry.displayName): \(entry.phase.rawValue)"))
            if entry.phase == .invalid {
                lines.append("  " + paint.yellow("! the manifest is invalid; its resources are left as they are"))
            }
            for conflict in entry.conflicts {
                lines.append("  " + paint.yellow("! \(conflict)"))
            }
            if let error = entry.error {
                lines.append("  " + paint.red("! \(error)"))
            }
            for change in entry.changes {
                lines.append("  " + paint.marked(change.marker, "\(change.marker) \(change.summary)"))
                lines += change.detailLines.map { "      " + paint.detail($0) }
            }
            lines += entry.notes.map { "  note: \($0)" }
        }
        let keyed = channels.filter { !$0.accessKeys.isEmpty }
        if !keyed.isEmpty {
            lines.append(paint.bold("access keys:"))
            for entry in keyed {
                for key in entry.accessKeys {
                    let line = "  \(entry.displayName): \(key.line)"
                    lines.append(key.isUnusedTooLong ? paint.yellow(line) : line)
                }
            }
        }
        if !retained.isEmpty {
            lines.append(paint.bold("retained:"))
            for resource in retained {
                let channel = resource.channel.isEmpty ? "no channel tag" : "channel \(resource.channel)"
                lines.append(
                    "  \(resource.kind.rawValue) \(resource.name) (\(channel)): \(resource.reason.explanation)")
            }
        }
        lines += notices.map { "notice: \($0)" }
        lines.append(summaryLine)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// ANSI colouring that does nothing when disabled.
private struct Paint {
    let isEnabled: Bool

    func wrap(_ code: String, _ text: String) -> String {
        isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func red(_ text: String) -> String { wrap("31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }

    func marked(_ marker: Character, _ text: String) -> String {
        switch marker {
        case "+": return green(text)
        case "-": return red(text)
        default: return yellow(text)
        }
    }

    /// Colours a detail line by its first character, as a unified diff or a tag change starts.
    func detail(_ line: String) -> String {
        if line.hasPrefix("+++") || line.hasPrefix("---") { return bold(line) }
        if line.hasPrefix("@@") { return cyan(line) }
        switch line.first {
        case "+": return green(line)
        case "-": return red(line)
        case "~": return yellow(line)
        default: return line
        }
    }
}
