public import ChannelCore

/// Reads manifest files as YAML, with libyaml, into located node trees.
///
/// Every node keeps its file, line and column (counted from 1, columns in characters), and every
/// scalar its exact text and quoting style, so the core decides what a value means. The parser
/// guards against hostile input: it refuses files over `maximumFileSize` before parsing, nesting
/// deeper than `maximumDepth`, and aliases that expand past `maximumAliasNodes` nodes (such as
/// the "billion laughs"). Aliases within those bounds are resolved; the copied nodes keep the
/// location of the anchored original. The parser is pure apart from libyaml's memory and is safe
/// to call concurrently from several threads.
public enum YAMLDocumentParser {
    /// The largest manifest file read, in bytes (1 MiB); channel manifests are a few kilobytes.
    public static let maximumFileSize = 1 << 20
    /// How deeply lists and mappings may nest; a channel manifest needs 6 levels.
    public static let maximumDepth = 64
    /// How many nodes aliases may copy in one file, counting every node of each aliased subtree.
    public static let maximumAliasNodes = 100_000

    /// Parses every document of one file.
    ///
    /// Returns the documents in the order written (an empty file has none; a document with
    /// nothing in it, such as after a trailing `---`, has a nil root). Duplicate keys and keys
    /// that are not strings do not stop parsing: they are recorded in their document's
    /// `diagnostics`, with the later value left out.
    /// - Throws: `YAMLDocumentError` when the file is too large, is not text, is not valid YAML,
    ///   nests too deeply or misuses aliases; then none of its documents can be trusted.
    public static func parse(_ bytes: [UInt8], file: String) throws(YAMLDocumentError) -> [ManifestDocument] {
        guard bytes.count <= maximumFileSize else {
            throw YAMLDocumentError(
                .fileTooLarge,
                at: SourceLocation(file: file, line: 1, column: 1),
                "the file has \(bytes.count) bytes; a manifest file may have at most \(maximumFileSize) (1 MiB), "
                    + "so split it into several files"
            )
        }
        let parser = try LibYAMLParser(bytes: bytes, file: file)
        var builder = TreeBuilder(file: file, maximumDepth: maximumDepth, maximumAliasNodes: maximumAliasNodes)
        while true {
            let event = try parser.nextEvent()
            if case .streamEnd = event {
                return builder.documents
            }
            try builder.add(event)
        }
    }

    /// Parses many files, on up to `maximumConcurrency` tasks at once, into what
    /// `loadManifests(_:)` takes, in the order given.
    ///
    /// The files are split into contiguous runs, one per task, so the cost of a task is paid only
    /// a few times however many files there are.
    public static func manifestFiles(
        _ inputs: [(path: String, bytes: [UInt8])],
        maximumConcurrency: Int
    ) async -> [ManifestFile] {
        let width = max(1, min(maximumConcurrency, inputs.count))
        let runLength = max(1, (inputs.count + width - 1) / width)
        return await withTaskGroup(of: (start: Int, files: [ManifestFile]).self) { group in
            for start in stride(from: 0, to: inputs.count, by: runLength) {
                let run = Array(inputs[start..<min(start + runLength, inputs.count)])
                group.addTask {
                    (start, run.map { manifestFile($0.bytes, path: $0.path) })
                }
            }
            var runs: [(start: Int, files: [ManifestFile])] = []
            for await run in group {
                runs.append(run)
            }
            return runs.sorted { $0.start < $1.start }.flatMap(\.files)
        }
    }

    /// Parses one file into what `loadManifests(_:)` takes: its documents, or, when it cannot be
    /// parsed, the diagnostic that makes it unreadable.
    public static func manifestFile(_ bytes: [UInt8], path: String) -> ManifestFile {
        do {
            return ManifestFile(path: path, documents: try parse(bytes, file: path))
        } catch {
            return ManifestFile(path: path, contents: .unreadable(error.diagnostic))
        }
    }
}
