/// A logger in the manner of swift-log: a label, a minimum level, metadata carried along, and a
/// handler that writes each event as one line.
///
/// The message is a constant phrase; everything that varies goes into metadata, whose keys are
/// listed in `LogKey`. Never pass a secret in either. `Logger` is a value: `with(_:_:)` returns a
/// copy that carries one more metadata pair, for a channel or a request.
public struct Logger: Sendable {
    public var label: String
    public var level: LogLevel
    public var metadata: [String: String]
    public var handler: any LogHandler

    public init(label: String, level: LogLevel = .info, handler: any LogHandler, metadata: [String: String] = [:]) {
        self.label = label
        self.level = level
        self.handler = handler
        self.metadata = metadata
    }

    /// A logger that drops everything; for callers that do not want logs.
    public static let disabled = Logger(label: "disabled", level: .critical, handler: DiscardingLogHandler())

    /// Returns a copy whose events all carry `key=value` as well.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    /// Whether an event at `level` would be written; lets callers skip building costly metadata.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    public func log(_ level: LogLevel, _ message: String, _ metadata: [String: String] = [:]) {
        guard isEnabled(level) else { return }
        let merged = self.metadata.merging(metadata) { _, new in new }
        handler.write(LogRecord(level: level, label: label, message: message, metadata: merged))
    }

    public func trace(_ message: String, _ metadata: [String: String] = [:]) { log(.trace, message, metadata) }
    public func debug(_ message: String, _ metadata: [String: String] = [:]) { log(.debug, message, metadata) }
    public func info(_ message: String, _ metadata: [String: String] = [:]) { log(.info, message, metadata) }
    public func notice(_ message: String, _ metadata: [String: String] = [:]) { log(.notice, message, metadata) }
    public func warning(_ message: String, _ metadata: [String: String] = [:]) { log(.warning, message, metadata) }
    public func error(_ message: String, _ metadata: [String: String] = [:]) { log(.error, message, metadata) }
    public func critical(_ message: String, _ metadata: [String: String] = [:]) { log(.critical, message, metadata) }
}

/// Drops every record.
public struct DiscardingLogHandler: LogHandler {
    public init() {}

    public func write(_ record: LogRecord) {}
}
