import ChannelCore
import Reconciler

/// `channelops render`: print the IAM resources the manifests declare, without calling AWS.
enum RenderCommand {
    static let spec = CommandSpec(
        name: "render",
        summary: "print the desired IAM users, policies and attachments; no AWS call",
        options: CommonOptions.manifestOptions + [("format", "FORMAT", "json or yaml (default: json)")]
            + CommonOptions.options,
        flags: []
    )

    static func run(_ arguments: ParsedArguments) async throws -> ExitCode {
        let instance = try CommonOptions.instance(arguments)
        let logger = try CommonOptions.logger(arguments)
        let format = try renderFormat(arguments)
        let folder = ManifestFolder.path(arguments)
        guard let loaded = try await ManifestFolder.load(folder, instance: instance, logger: logger) else {
            return .failure
        }
        try printOut(loaded.rendered.state.encoded(as: format))
        return .success
    }

    /// The format named by `--format`, checked before any file is read.
    private static func renderFormat(_ arguments: ParsedArguments) throws(UsageError) -> RenderFormat {
        let name = arguments.value("format") ?? "json"
        switch name {
        case "json": return .json
        case "yaml": return .yaml
        default: throw UsageError(description: "--format: unknown format '\(name)'; use json or yaml")
        }
    }
}
