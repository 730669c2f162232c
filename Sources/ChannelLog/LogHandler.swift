/// One log event, ready to be written.
public struct LogRecord: Sendable {
    public var level: LogLevel
    public var label: String
    public var message: String
    /// Metadata as given; handlers print it sorted by key.
    public var metadata: [String: String]

    public init(level: LogLevel, label: String, message: String, metadata: [String: String]) {
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }
}

/// Writes log records somewhere.
///
/// Implementations must be safe to call from any thread and write each record as one unit, so
/// that lines from concurrent tasks never interleave.
public protocol LogHandler: Sendable {
    func write(_ record: LogRecord)
}
