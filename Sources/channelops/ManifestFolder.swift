import ChannelCore
import ChannelLog
import Reconciler

/// The manifest folder a command reads: named by `--path`, loaded, and checked.
enum ManifestFolder {
    /// The folder named by `--path`, or `channels`.
    static func path(_ arguments: ParsedArguments) -> String {
        arguments.value("path") ?? "channels"
    }

    /// Reads, validates and renders the manifests under `folder` for `instance`.
    ///
    /// Returns nil after printing every problem on standard error when a manifest is invalid, or
    /// when the files hold no channel at all (only empty documents), which is far more likely a
    /// wrong folder than an intent.
    /// - Throws: `ManifestReadError` when the folder cannot be read, `RenderError` for a bad
    ///   instance name.
    static func load(_ folder: String, instance: String, logger: Logger) async throws -> LoadedManifests? {
        let files = try ManifestReader.readFolder(folder)
        logger.debug("read manifest folder", [LogKey.count: "\(files.count)", LogKey.instance: instance])
        let loaded = try await LoadedManifests.load(files, instance: instance)
        guard loaded.isValid else {
            printErrorLines(loaded.diagnostics.map(\.description))
            return nil
        }
        guard !loaded.manifests.channels.isEmpty else {
            printError(
                "error: no channels found under '\(folder)': its manifest files hold only empty documents; "
                    + "write a Channel manifest there, or pass the folder that holds them with --path")
            return nil
        }
        return loaded
    }
}
