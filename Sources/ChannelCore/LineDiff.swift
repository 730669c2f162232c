/// A line-by-line comparison of two texts, printed in the unified format of `diff -u`.
///
/// The drift report shows a policy document change this way: the live document's pretty
/// canonical JSON against the desired one. The comparison finds a longest common subsequence of
/// lines, so the result is minimal and the same for the same inputs. It is quadratic in the
/// number of lines, which is fine for IAM policy documents (at most 6,144 characters).
package struct LineDiff: Sendable, Equatable {
    /// One line of the edit script: kept, removed from the old text, or added by the new one.
    package enum Line: Sendable, Equatable {
        case context(String)
        case removed(String)
        case added(String)
    }

    /// A run of changed lines with up to `context` unchanged lines around it.
    package struct Hunk: Sendable, Equatable {
        /// First line of the hunk in the old text, counted from 1.
        package var oldStart: Int
        package var oldCount: Int
        /// First line of the hunk in the new text, counted from 1.
        package var newStart: Int
        package var newCount: Int
        package var lines: [Line]

        /// The `@@ -a,b +c,d @@` line, with `diff -u`'s conventions for counts of 0 and 1.
        package var header: String {
            "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@"
        }

        private static func range(_ start: Int, _ count: Int) -> String {
            switch count {
            case 0: return "\(start - 1),0"
            case 1: return "\(start)"
            default: return "\(start),\(count)"
            }
        }
    }

    /// The whole edit script, every line of both texts in order.
    package var lines: [Line]

    /// Compares `old` with `new`, line by line.
    ///
    /// Where several minimal scripts exist, removals come before additions at each change, as
    /// `diff` prints them.
    package init(old: [String], new: [String]) {
        lines = Self.editScript(old, new)
    }

    /// Whether the texts differ.
    package var hasChanges: Bool {
        lines.contains { if case .context = $0 { false } else { true } }
    }

    /// The changed runs with `context` unchanged lines on each side; runs whose context would
    /// touch or overlap are merged into one hunk.
    package func hunks(context: Int = 3) -> [Hunk] {
        var changed: [Int] = []
        for (index, line) in lines.enumerated() {
            if case .context = line { continue }
            changed.append(index)
        }
        guard let first = changed.first else { return [] }

        // Group the changed lines whose gaps are small enough to share context.
        var groups: [(start: Int, end: Int)] = [(first, first)]
        for index in changed.dropFirst() {
            let last = groups[groups.count - 1]
            if index - last.end - 1 <= 2 * context {
                groups[groups.count - 1].end = index
            } else {
                groups.append((index, index))
            }
        }
        return groups.map { hunk(from: max(0, $0.start - context), to: min(lines.count - 1, $0.end + context)) }
    }

    /// The unified diff text: `---` and `+++` headers, then each hunk; empty when nothing differs.
    package func unified(oldName: String, newName: String, context: Int = 3) -> [String] {
        let hunks = hunks(context: context)
        guard !hunks.isEmpty else { return [] }
        var output = ["--- \(oldName)", "+++ \(newName)"]
        for hunk in hunks {
            output.append(hunk.header)
            for line in hunk.lines {
                switch line {
                case .context(let text): output.append(" " + text)
                case .removed(let text): output.append("-" + text)
                case .added(let text): output.append("+" + text)
                }
            }
        }
        return output
    }

    private func hunk(from start: Int, to end: Int) -> Hunk {
        // Line numbers before `start` in each text.
        var oldLine = 0
        var newLine = 0
        for line in lines[..<start] {
            switch line {
            case .context:
                oldLine += 1
                newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        let slice = Array(lines[start...end])
        var oldCount = 0
        var newCount = 0
        for line in slice {
            switch line {
            case .context:
                oldCount += 1
                newCount += 1
            case .removed: oldCount += 1
            case .added: newCount += 1
            }
        }
        return Hunk(oldStart: oldLine + 1, oldCount: oldCount, newStart: newLine + 1, newCount: newCount, lines: slice)
    }

    private static func editScript(_ old: [String], _ new: [String]) -> [Line] {
        // suffix[i][j]: length of a longest common subsequence of old[i...] and new[j...].
        let width = new.count + 1
        var suffix = [Int](repeating: 0, count: (old.count + 1) * width)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                suffix[i * width + j] =
                    old[i] == new[j]
                    ? suffix[(i + 1) * width + j + 1] + 1
                    : max(suffix[(i + 1) * width + j], suffix[i * width + j + 1])
            }
        }

        // Walk forward, keeping common lines and preferring removal when both choices are minimal.
        var script: [Line] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                script.append(.context(old[i]))
                i += 1
                j += 1
            } else if i < old.count, j == new.count || suffix[(i + 1) * width + j] >= suffix[i * width + j + 1] {
                script.append(.removed(old[i]))
                i += 1
            } else {
                script.append(.added(new[j]))
                j += 1
            }
        }
        return script
    }
}
