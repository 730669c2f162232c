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
        let folder = arguments.value("path") ?? "channels"
        let loaded = try await LoadedManifests.load(ManifestReader.readFolder(folder), instance: instance)
        guard loaded.isValid else {
            printDiagnostics(loaded.diagnostics)
            return .failure
        }
        let state = loaded.rendered.state
        printOut(
            "\(folder): \(count(state.policies.count, "channel")) valid "
                + "(\(count(state.users.count, "user")), \(count(state.attachments.count, "attachment")))")
        return .success
    }
}

/// Prints one `file:line:column: error: ...` line per problem on standard error, and nothing else,
/// so that editors and CI annotators can parse every line.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    printError(diagnostics.map(\.description).joined(separator: "\n"))
}

/// `3 channels`, `1 channel`.
func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
