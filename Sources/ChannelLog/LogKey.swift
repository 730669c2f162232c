/// The metadata keys used in log events, kept in one place so that every module spells them alike.
public enum LogKey {
    public static let action = "action"
    public static let attempt = "attempt"
    public static let calls = "calls"
    public static let changes = "changes"
    public static let channel = "channel"
    public static let count = "count"
    public static let durationMS = "duration_ms"
    public static let error = "error"
    public static let file = "file"
    public static let instance = "instance"
    public static let policy = "policy"
    public static let requestID = "request_id"
    public static let revision = "revision"
    public static let status = "status"
    public static let user = "user"
}
