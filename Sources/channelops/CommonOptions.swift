import ChannelCore
import ChannelLog
import Foundation
import IAMClient
import Reconciler

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

    /// A logger writing to standard error at the level and in the format asked for; `sink`
    /// replaces the plain write of each line, as a progress indicator needs.
    static func logger(
        _ arguments: ParsedArguments,
        sink: (@Sendable (String) -> Void)? = nil
    ) throws(UsageError) -> Logger {
        let levelName = arguments.value("log-level") ?? "info"
        guard let level = LogLevel(name: levelName) else {
            let names = LogLevel.allCases.map(\.description).joined(separator: ", ")
            throw UsageError(description: "--log-level: unknown level '\(levelName)'; use one of \(names)")
        }
        let formatName = arguments.value("log-format") ?? "text"
        guard let format = StreamLogHandler.Format(rawValue: formatName) else {
            throw UsageError(description: "--log-format: unknown format '\(formatName)'; use text or json")
        }
        let handler = StreamLogHandler(format: format, sink: sink ?? StreamLogHandler.standardError)
        return Logger(label: "channelops", level: level, handler: handler)
    }
}

/// Options of the commands that talk to AWS: where the manifests come from, and how many calls
/// run at once.
enum RunOptions {
    /// The source options: a remote (`--repo`), or the checkout holding the current folder.
    static let sourceOptions: [(name: String, value: String, help: String)] = [
        ("repo", "URL_OR_PATH", "a config repository to clone and fetch into a cache folder, instead of the checkout"),
        ("branch", "NAME", "the config branch (default: main): read with --repo, and where status is pushed"),
        (
            "path", "DIR",
            "the manifest folder: from the current folder, or from the top with --repo (default: channels)"
        ),
        ("cache-dir", "DIR", "the folder of the --repo clone (default: below XDG_CACHE_HOME or ~/.cache)"),
    ]

    /// `--branch`, or `main`.
    static func branch(_ arguments: ParsedArguments) -> String {
        arguments.value("branch") ?? "main"
    }

    /// The folder named by `--path`, or `channels`.
    static func path(_ arguments: ParsedArguments) -> String {
        arguments.value("path") ?? "channels"
    }

    /// `--concurrency`.
    static let concurrencyOption: (name: String, value: String, help: String) = (
        "concurrency", "N", "at most N IAM calls in flight (default: \(ReconcilerOptions.defaultConcurrency))"
    )

    /// `--verify-policy-tags`, shared by `drift` and `reconcile`.
    static let verifyPolicyTagsFlag: (name: String, help: String) = (
        "verify-policy-tags",
        "also read each channelops policy's tags, to find tags edited on a policy alone "
            + "(costs one ListPolicyTags call per policy)"
    )

    /// The largest `--concurrency` accepted: each call in flight holds a thread and a connection.
    static let maximumConcurrency = 64

    /// The value of `--concurrency`, checked.
    static func concurrency(_ arguments: ParsedArguments) throws(UsageError) -> Int {
        guard let text = arguments.value("concurrency") else { return ReconcilerOptions.defaultConcurrency }
        guard let value = Int(text), (1...maximumConcurrency).contains(value) else {
            throw UsageError(
                description: "--concurrency: '\(text)' is not a whole number from 1 to \(maximumConcurrency)")
        }
        return value
    }

    /// The AWS settings given on the command line; the rest comes from the environment and files.
    static func configuration(_ arguments: ParsedArguments) -> ConfigurationOptions {
        ConfigurationOptions(
            profile: arguments.value("profile"),
            region: arguments.value("region"),
            endpointURL: arguments.value("endpoint-url")
        )
    }
}
