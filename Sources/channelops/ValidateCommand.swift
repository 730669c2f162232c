import ChannelCore
import Reconciler

/// `channelops validate`: parse and validate the manifests, and print every problem found.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "parse and validate the manifests; no AWS call",
        options: CommonOptions.manifestOptions + CommonOptions.options,
        flags: []
    )

    static func run(_ arguments: ParsedArguments) async throws -> ExitCode {
        let instance = try CommonOptions.instance(arguments)
        let logger = try CommonOptions.logger(arguments)
        let folder = ManifestFolder.path(arguments)
        guard let loaded = try await ManifestFolder.load(folder, instance: instance, logger: logger) else {
            return .failure
        }
        let state = loaded.rendered.state
        try printOut(
            "\(folder): \(count(state.policies.count, "channel")) valid "
                + "(\(count(state.users.count, "user")), \(count(state.attachments.count, "attachment")))")
        return .success
    }
}

/// `3 channels`, `1 channel`.
func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
