public import Foundation
import Synchronization

/// Writes each record as one line to standard error (or any sink), as text or as JSON.
///
/// Text: `2026-12-03T18:00:00Z info channelops action=createUser user=alice message`, timestamp,
/// level, label, metadata sorted by key, then the message. JSON: one object per line with the keys
/// `time`, `level`, `label`, `message` and the metadata. The clock is injected for tests.
public final class StreamLogHandler: LogHandler {
    public enum Format: String, Sendable {
        case text
        case json
    }

    private let format: Format
    private let clock: @Sendable () -> Date
    private let sink: @Sendable (String) -> Void
    private let lock = Mutex(())

    public init(
        format: Format = .text,
        clock: @escaping @Sendable () -> Date = { Date() },
        sink: @escaping @Sendable (String) -> Void = StreamLogHandler.standardError
    ) {
        self.format = format
        self.clock = clock
        self.sink = sink
    }

    /// Writes a line to standard error in one `write` call.
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { FileHandle.standardError.write(Data($0)) }
    }

    public func write(_ record: LogRecord) {
        let line = format == .text ? textLine(record) : jsonLine(record)
        lock.withLock { _ in sink(line) }
    }

    func textLine(_ record: LogRecord) -> String {
        var line = "\(timestamp()) \(record.level) \(record.label)"
        for key in record.metadata.keys.sorted() {
            line += " \(key)=\(Self.quotedIfNeeded(record.metadata[key] ?? ""))"
        }
        return line + " " + record.message
    }

    func jsonLine(_ record: LogRecord) -> String {
        var fields = [
            ("time", timestamp()), ("level", record.level.description), ("label", record.label),
            ("message", record.message),
        ]
        for key in record.metadata.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            fields.append((key, record.metadata[key] ?? ""))
        }
        return "{" + fields.map { "\(Self.jsonString($0.0)):\(Self.jsonString($0.1))" }.joined(separator: ",") + "}"
    }

    private func timestamp() -> String {
        clock().formatted(.iso8601)
    }

    /// Quotes a metadata value that holds a space, a quote or `=`, so that a line stays parseable.
    static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 == 0x20 || $0 == 0x22 || $0 == 0x3D || $0 < 0x20 }
        return needsQuotes ? jsonString(value) : value
    }

    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
