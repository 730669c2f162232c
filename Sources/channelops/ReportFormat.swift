import ChannelCore
import Foundation
import Glibc

/// The formats a drift report is printed in (`--format`).
enum ReportFormat: String, CaseIterable {
    case text
    case json
    case markdown
    case html

    /// `--format` and `--output`, as drift and reconcile take them.
    static let options: [(name: String, value: String, help: String)] = [
        ("format", "FORMAT", "the report as text, json, markdown or html (default: text)"),
        ("output", "FILE", "write the report to FILE instead of standard output"),
    ]

    /// The format named by `--format`, text by default.
    static func parse(_ arguments: ParsedArguments) throws(UsageError) -> ReportFormat {
        let name = arguments.value("format") ?? "text"
        guard let format = ReportFormat(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError(description: "--format: unknown format '\(name)'; use one of \(names)")
        }
        return format
    }

    /// The report in this format; `colour` applies to text only.
    ///
    /// `applied`, the changes a reconcile applied (nil for `drift` and a dry run), comes first
    /// in text and HTML (when there are any), as the JSON member `applied` and as a Markdown
    /// section after the heading.
    func render(_ report: DriftReport, colour: Bool, applied: [AppliedChange]? = nil) -> String {
        switch (self, applied) {
        case (.text, nil): return report.text(colour: colour)
        case (.text, let applied?):
            let text = report.text(colour: colour)
            return applied.isEmpty ? text : Self.appliedSummary(applied) + "\n" + text
        case (.json, nil): return report.json()
        case (.json, let applied?): return report.json(applied: applied)
        case (.markdown, nil): return report.markdown()
        case (.markdown, let applied?): return report.markdown(applied: applied)
        case (.html, let applied?) where !applied.isEmpty:
            return report.html(leading: Self.appliedSummary(applied) + "\n")
        case (.html, _): return report.html()
        }
    }

    /// The changes applied, channel by channel, as the text and HTML reports list them.
    static func appliedSummary(_ applied: [AppliedChange]) -> String {
        let count = applied.count
        var lines = ["applied \(count) \(count == 1 ? "change" : "changes"):"]
        var channel: String?
        for change in applied {
            if change.channel != channel {
                lines.append("  \(change.channel.isEmpty ? "(no channel tag)" : change.channel):")
                channel = change.channel
            }
            lines.append("    \(change.summary)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Where a report goes: standard output, or the file named by `--output`.
struct ReportDestination {
    /// The file, or nil for standard output.
    var file: String?

    /// Checks that the report file can be written, before the run reads or changes anything, so
    /// that a mistyped path is found before the apply rather than after it.
    ///
    /// - Throws: `ReportFileError` when the file is a folder or not writable, or its folder does
    ///   not exist or is not writable.
    func check() throws(ReportFileError) {
        guard let file else { return }
        var info = stat()
        if stat(file, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                throw ReportFileError(path: file, reason: "it is a folder")
            }
            if access(file, W_OK) != 0 {
                throw ReportFileError(path: file, reason: Self.systemMessage(errno))
            }
            return
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        if stat(folder, &info) != 0 {
            throw ReportFileError(path: file, reason: "its folder '\(folder)': \(Self.systemMessage(errno))")
        }
        if info.st_mode & S_IFMT != S_IFDIR {
            throw ReportFileError(path: file, reason: "'\(folder)' is not a folder")
        }
        if access(folder, W_OK | X_OK) != 0 {
            throw ReportFileError(path: file, reason: "its folder '\(folder)': \(Self.systemMessage(errno))")
        }
    }

    /// Writes `text` whole.
    ///
    /// - Throws: `OutputError` when standard output fails, `ReportFileError` when the file
    ///   cannot be written.
    func write(_ text: String) throws {
        guard let file else {
            try printOut(text)
            return
        }
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ReportFileError(path: file, reason: Self.systemMessage(errno))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw ReportFileError(path: file, reason: "the write failed (\(Self.systemMessage(errno)))")
        }
    }

    /// Whether a text report may be coloured: on a terminal only, never in a file.
    var allowsColour: Bool { file == nil && Terminal.allowsColour }

    /// The C library's text for `code`, such as `No such file or directory`.
    private static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// The report file named by `--output` could not be written.
struct ReportFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String {
        "cannot write the report to '\(path)': \(reason); pass --output a file in an existing, writable folder"
    }
}

extension DriftReport {
    /// The text report as a standalone HTML page, for a browser or a CI artefact.
    ///
    /// The text report's lines in a `<pre>` block, each coloured by its marker the way the
    /// terminal colours them, under a heading naming the instance, after the lines of
    /// `leading` (such as the changes a reconcile applied). Every character the page shows is
    /// escaped, so names and documents from the manifests cannot add markup.
    func html(leading: String = "") -> String {
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>channelops drift: \(htmlEscaped(instance))</title>",
            "<style>",
            "body { font-family: sans-serif; margin: 2em; }",
            "pre { font-family: monospace; line-height: 1.35; }",
            ".add { color: #116611; } .remove { color: #aa1111; } .change { color: #8a6d00; }",
            ".head { font-weight: bold; } .hunk { color: #11667a; }",
            "</style>",
            "</head>",
            "<body>",
            "<h1>channelops: instance <code>\(htmlEscaped(instance))</code></h1>",
            "<pre>",
        ]
        for line in (leading + text()).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let escaped = htmlEscaped(String(line))
            if let style = htmlClass(of: line) {
                lines.append("<span class=\"\(style)\">\(escaped)</span>")
            } else {
                lines.append(escaped)
            }
        }
        lines += ["</pre>", "</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The colour class of a text report line, by its first character after the indentation.
    private func htmlClass(of line: Substring) -> String? {
        if !line.hasPrefix(" ") { return line.hasPrefix("notice:") ? nil : "head" }
        let content = line.drop { $0 == " " }
        if content.hasPrefix("+++") || content.hasPrefix("---") { return "head" }
        if content.hasPrefix("@@") { return "hunk" }
        switch content.first {
        case "+": return "add"
        case "-": return "remove"
        case "~", "!": return "change"
        default: return nil
        }
    }
}

/// `text` with `&`, `<`, `>` and `"` written as character references.
private func htmlEscaped(_ text: String) -> String {
    var escaped = ""
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        default: escaped.append(character)
        }
    }
    return escaped
}
