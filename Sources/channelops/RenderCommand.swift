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
        let formatName = arguments.value("format") ?? "json"
        let format: RenderFormat
        switch formatName {
        case "json": format = .json
        case "yaml": format = .yaml
        default: throw UsageError(description: "--format: unknown format '\(formatName)'; use json or yaml")
        }
        let folder = arguments.value("path") ?? "channels"
        let loaded = try await LoadedManifests.load(ManifestReader.readFolder(folder), instance: instance)
        guard loaded.isValid else {
            printDiagnostics(loaded.diagnostics)
            return .failure
        }
        printOut(loaded.rendered.state.encoded(as: format))
        return .success
    }
}
