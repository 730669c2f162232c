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
    func render(_ report: DriftReport, colour: Bool) -> String {
        switch self {
        case .text: return report.text(colour: colour)
        case .json: return report.json()
        case .markdown: return report.markdown()
        case .html: return report.html()
        }
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
    /// terminal colours them, under a heading naming the instance. Every character the page
    /// shows is escaped, so names and documents from the manifests cannot add markup.
    func html() -> String {
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
        for line in text().split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
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
