public import ChannelCore

/// Manifests read, validated and rendered: everything a command needs before it talks to AWS.
public struct LoadedManifests: Sendable {
    public var manifests: ManifestSet
    public var rendered: RenderResult

    /// Every problem from validation and rendering, sorted by file, line and column.
    public var diagnostics: [Diagnostic] {
        (manifests.diagnostics + rendered.diagnostics).sorted()
    }

    /// Whether every file was read and every channel is valid.
    public var isValid: Bool { manifests.isValid && rendered.diagnostics.isEmpty }

    /// Parses, validates and renders manifest files for `instance`.
    ///
    /// - Throws: `RenderError` when the instance name itself is invalid.
    public static func load(
        _ files: [(path: String, bytes: [UInt8])],
        instance: String,
        concurrency: Int = 2
    ) async throws(RenderError) -> LoadedManifests {
        let manifests = await ManifestReader.load(files, concurrency: concurrency)
        let rendered = try render(manifests.channels, instance: instance)
        return LoadedManifests(manifests: manifests, rendered: rendered)
    }
}
