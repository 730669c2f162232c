extension StatusReport {
    /// The text of `status/REPORT.md`: the state the run left, for people browsing the repository.
    ///
    /// A list naming the instance, the commit, the time and the phase counts; a table of every
    /// channel with its phase, user count and message; the changes that remain for drifted
    /// channels; the retained resources; the notices. The same report gives the same bytes.
    public func markdown() -> String {
        var text = [
            "# channelops status", "",
            "- Instance: `\(instance)`",
            Self.commitLinePrefix + observedCommit + "`",
            Self.timestampLinePrefix + lastReconciled,
            "- " + summaryLine, "",
        ]
        if lines.isEmpty {
            text += ["No channel is declared and no managed resource exists.", ""]
        } else {
            text += ["| Channel | Phase | Users | Message |", "|---|---|---:|---|"]
            for line in lines {
                let name = line.channel.isEmpty ? "(no channel tag)" : "`\(line.channel)`"
                text.append("| \(name) | \(line.phase.rawValue) | \(line.userCount) | \(cell(line.message)) |")
            }
            text.append("")
        }
        let drifted = lines.filter { !$0.remainingChanges.isEmpty }
        if !drifted.isEmpty {
            text += ["## Remaining drift", ""]
            for line in drifted {
                let name = line.channel.isEmpty ? "(no channel tag)" : line.channel
                text += line.remainingChanges.map { "- \(name): \($0)" }
            }
            text.append("")
        }
        if !retained.isEmpty {
            text += ["## Retained", "", "| Resource | Channel | Reason |", "|---|---|---|"]
            for resource in retained {
                text.append(
                    "| \(resource.kind.rawValue) `\(resource.name)` | `\(resource.channel)` | "
                        + "\(cell(resource.reason.explanation)) |")
            }
            text.append("")
        }
        if !notices.isEmpty {
            text += ["## Notices", ""] + notices.map { "> \(cell($0))" } + [""]
        }
        while text.last == "" { text.removeLast() }
        return text.joined(separator: "\n") + "\n"
    }

    /// `3 channels: 2 InSync, 1 Failed; 1 retained`.
    public var summaryLine: String {
        var text = lines.count == 1 ? "1 channel" : "\(lines.count) channels"
        let counts = StatusPhase.allCases.compactMap { phase -> String? in
            let count = lines.filter { $0.phase == phase }.count
            return count == 0 ? nil : "\(count) \(phase.rawValue)"
        }
        if !counts.isEmpty { text += ": " + counts.joined(separator: ", ") }
        return text + "; \(retained.count) retained"
    }

    /// Text made safe for one table cell or quote line: no line break, `|` escaped.
    private func cell(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "|": result += "\\|"
            case "\n", "\r", "\r\n": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
