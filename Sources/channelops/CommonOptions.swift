import ChannelCore
import ChannelLog
import Foundation

/// Options every command accepts, as the contract lists them.
enum CommonOptions {
    static let options: [(name: String, value: String, help: String)] = [
        ("instance", "NAME", "the instance whose resources are managed (default: default)"),
        ("endpoint-url", "URL", "the IAM endpoint, overriding AWS_ENDPOINT_URL and profiles"),
        ("region", "REGION", "the AWS region (IAM itself is signed for us-east-1)"),
        ("profile", "NAME", "the profile in the AWS config and credentials files"),
        ("log-level", "LEVEL", "trace, debug, info, notice, warning, error or critical (default: info)"),
        ("log-format", "FORMAT", "text or json (default: text)"),
    ]

    static let manifestOptions: [(name: String, value: String, help: String)] = [
        ("path", "DIR", "the folder holding the manifests (default: channels)")
    ]

    /// The instance name, checked against the naming rule.
    static func instance(_ arguments: ParsedArguments) throws(UsageError) -> String {
        let instance = arguments.value("instance") ?? Rendering.defaultInstance
        do {
            try Rendering.checkInstanceName(instance)
        } catch {
            throw UsageError(description: "--instance: \(error)")
        }
        return instance
    }

    /// A logger writing to standard error at the level and in the format asked for.
    static func logger(_ arguments: ParsedArguments) throws(UsageError) -> Logger {
        let levelName = arguments.value("log-level") ?? "info"
        guard let level = LogLevel(name: levelName) else {
            let names = LogLevel.allCases.map(\.description).joined(separator: ", ")
            throw UsageError(description: "--log-level: unknown level '\(levelName)'; use one of \(names)")
        }
        let formatName = arguments.value("log-format") ?? "text"
        guard let format = StreamLogHandler.Format(rawValue: formatName) else {
            throw UsageError(description: "--log-format: unknown format '\(formatName)'; use text or json")
        }
        return Logger(label: "channelops", level: level, handler: StreamLogHandler(format: format))
    }
}
