import ChannelLog
import Foundation
import Synchronization
import Testing

/// Collects the lines a handler writes.
final class LineSink: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

private let pinnedDate = Date(timeIntervalSince1970: 1_764_784_800)  // 2025-12-03T18:00:00Z

private func logger(_ format: StreamLogHandler.Format, level: LogLevel = .info) -> (Logger, LineSink) {
    let sink = LineSink()
    let handler = StreamLogHandler(format: format, clock: { pinnedDate }, sink: { sink.append($0) })
    return (Logger(label: "channelops", level: level, handler: handler), sink)
}

@Test("text lines carry time, level, label, sorted metadata, then the message")
func textLineLayout() {
    let (log, sink) = logger(.text)
    log.with("revision", "3f2c1e0").info("planned change", ["user": "alice", "action": "createUser"])
    #expect(
        sink.lines == [
            "2025-12-03T18:00:00Z info channelops action=createUser revision=3f2c1e0 user=alice planned change"
        ])
}

@Test("a metadata value with spaces or quotes is quoted so the line stays parseable")
func textQuotesValues() {
    let (log, sink) = logger(.text)
    log.warning("carrying on", ["error": "say \"hi\" now"])
    #expect(sink.lines == [#"2025-12-03T18:00:00Z warning channelops error="say \"hi\" now" carrying on"#])
}

@Test("json lines are one object with fixed keys first and metadata sorted after")
func jsonLineLayout() throws {
    let (log, sink) = logger(.json)
    log.error("apply failed", ["user": "bob", "action": "deleteUser"])
    let line = try #require(sink.lines.first)
    #expect(
        line == #"{"time":"2025-12-03T18:00:00Z","level":"error","label":"channelops","message":"apply failed","#
            + #""action":"deleteUser","user":"bob"}"#)
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
    #expect(object?["user"] == "bob")
}

@Test("events below the logger's level are dropped")
func levelFiltering() {
    let (log, sink) = logger(.text, level: .warning)
    log.info("hidden")
    log.debug("hidden too")
    log.error("shown")
    #expect(sink.lines.count == 1)
    #expect(sink.lines.first?.hasSuffix("shown") == true)
}

@Test("level names parse without case and unknown names are rejected")
func levelNames() {
    #expect(LogLevel(name: "DEBUG") == .debug)
    #expect(LogLevel(name: "warning") == .warning)
    #expect(LogLevel(name: "verbose") == nil)
}
