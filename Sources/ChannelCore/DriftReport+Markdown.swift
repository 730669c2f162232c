extension DriftReport {
    /// The report as GitHub-flavoured Markdown, for a pull-request comment.
    ///
    /// A heading, a table of the channels that are not in sync or have notes (channel, phase,
    /// number of changes, first problem), then for each of them with changes or notes a collapsed
    /// `<details>` block holding the text report's lines for that channel in a `diff` code block,
    /// so additions and removals are coloured. Then the access keys read, with status, age and
    /// last use (a key unused for 90 days or more is marked in bold), and the retained resources,
    /// as tables; the notices, and the summary line.
    public func markdown() -> String {
        var lines = ["### channelops: instance `\(instance)`", ""]
        let listed = channels.filter(\.isShown)
        if listed.isEmpty {
            lines += ["All \(channels.count) channels are in sync.", ""]
        } else {
            lines += ["| Channel | Phase | Changes | Problem |", "|---|---|---:|---|"]
            for entry in listed {
                let problem =
                    entry.error ?? entry.conflicts.first ?? (entry.phase == .invalid ? "invalid manifest" : "")
                lines.append(
                    "| `\(entry.displayName)` | \(entry.phase.rawValue) | \(entry.changes.count) | \(cell(problem)) |"
                )
            }
            lines.append("")
            for entry in listed where !entry.changes.isEmpty || !entry.notes.isEmpty {
                lines += details(entry)
            }
        }
        let keyed = channels.filter { !$0.accessKeys.isEmpty }
        if !keyed.isEmpty {
            lines += [
                "**Access keys**", "", "| Channel | User | Key | Status | Age | Last used |",
                "|---|---|---|---|---:|---|",
            ]
            for entry in keyed {
                for key in entry.accessKeys {
                    lines.append(
                        "| `\(entry.displayName)` | `\(key.user)` | `\(key.key.id)` | \(key.markdownStatus) | "
                            + "\(key.ageDays.map(AccessKeyIssue.days) ?? "") | \(key.markdownLastUse) |"
                    )
                }
            }
            lines.append("")
        }
        if !retained.isEmpty {
            lines += ["**Retained**", "", "| Resource | Channel | Reason |", "|---|---|---|"]
            for resource in retained {
                lines.append(
                    "| \(resource.kind.rawValue) `\(resource.name)` | `\(resource.channel)` | "
                        + "\(cell(resource.reason.explanation)) |"
                )
            }
            lines.append("")
        }
        lines += notices.map { "> \($0)" }
        if !notices.isEmpty { lines.append("") }
        lines.append("_\(summaryLine)_")
        return lines.joined(separator: "\n") + "\n"
    }

    private func details(_ entry: Entry) -> [String] {
        var count = entry.changes.count == 1 ? "1 change" : "\(entry.changes.count) changes"
        if entry.changes.isEmpty { count = entry.notes.count == 1 ? "1 note" : "\(entry.notes.count) notes" }
        var lines = ["<details><summary><code>\(entry.displayName)</code>: \(count)</summary>", "", "```diff"]
        for change in entry.changes {
            lines.append("\(change.marker) \(change.summary)")
            // A diff block colours by the first column: unified diff lines and tag changes keep
            // their marker there; other details are indented like context.
            lines += change.detailLines.map { line in
                guard let first = line.first, "+-~@ ".contains(first) else { return "  " + line }
                return line
            }
        }
        lines += entry.notes.map { "  note: \($0)" }
        lines += ["```", "", "</details>", ""]
        return lines
    }

    /// Text made safe for a table cell: no line breaks, `|` escaped.
    private func cell(_ text: String) -> String {
        text.replacingPipesAndNewlines()
    }
}

extension AccessKeyObservation {
    fileprivate var markdownStatus: String {
        key.status.rawValue + (isDelivered ? "" : ", not delivered")
    }

    fileprivate var markdownLastUse: String {
        var text: String
        switch key.lastUse {
        case .none: text = ""
        case .never?: text = "never"
        case .at(let date)?: text = date.date
        }
        if isUnusedTooLong, let unusedDays {
            text += " **unused for \(AccessKeyIssue.days(unusedDays))**"
        }
        return text
    }
}

extension String {
    fileprivate func replacingPipesAndNewlines() -> String {
        var result = ""
        for character in self {
            switch character {
            case "|": result += "\\|"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
