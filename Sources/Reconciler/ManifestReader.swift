public import ChannelCore
import Glibc
import YAMLDocument

/// A manifest folder that cannot be read at all.
public struct ManifestReadError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Reads channel manifests from a folder on disk or from file contents taken out of git, and
/// turns them into a validated `ManifestSet`.
public enum ManifestReader {
    /// Every `*.yaml` and `*.yml` file below `folder`, recursively, sorted by path; hidden files and
    /// folders (names starting with `.`) are passed over.
    ///
    /// Paths are `folder` joined with the path inside it, so messages name files the way the user
    /// named the folder.
    ///
    /// Links are followed, but a folder already listed (a link back up the tree, or a second link
    /// to the same folder) is not listed again.
    /// - Throws: `ManifestReadError` when the folder does not exist, is not a folder, a file cannot
    ///   be read, a manifest name belongs to something other than a regular file (such as a pipe,
    ///   which would block the read, or a broken link), or no manifest is found.
    public static func readFolder(_ folder: String) throws(ManifestReadError) -> [(path: String, bytes: [UInt8])] {
        var info = stat()
        guard stat(folder, &info) == 0 else {
            guard errno == ENOENT || errno == ENOTDIR else {
                throw ManifestReadError("cannot read manifest folder '\(folder)': \(String(cString: strerror(errno)))")
            }
            throw ManifestReadError("manifest folder '\(folder)' does not exist; pass the folder with --path")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw ManifestReadError(
                "'\(folder)' is a file, not a folder; --path takes the folder that holds the manifests")
        }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var relativePaths: [String] = []
        var listed: Set<FolderIdentity> = [FolderIdentity(info)]
        try collectManifestPaths(in: prefix, relative: "", listed: &listed, into: &relativePaths)
        guard !relativePaths.isEmpty else {
            throw ManifestReadError("no manifests (*.yaml or *.yml files) found under '\(folder)'")
        }
        relativePaths.sort()
        var files: [(path: String, bytes: [UInt8])] = []
        files.reserveCapacity(relativePaths.count)
        for relative in relativePaths {
            let path = prefix + relative
            files.append((path, try readFile(path)))
        }
        return files
    }

    /// Parses and validates manifest files, using up to `concurrency` parsers at once.
    ///
    /// Files are parsed and decoded in `concurrency` runs of consecutive files, side by side; the
    /// repository-wide checks then run once over the results, in the files' order.
    public static func load(_ files: [(path: String, bytes: [UInt8])], concurrency: Int = 2) async -> ManifestSet {
        let width = max(1, min(concurrency, files.count))
        let runLength = max(1, (files.count + width - 1) / width)
        let runs = await withTaskGroup(of: (start: Int, files: [DecodedManifestFile]).self) { group in
            for start in stride(from: 0, to: files.count, by: runLength) {
                let run = files[start..<min(start + runLength, files.count)]
                group.addTask {
                    (start, run.map { decodeManifestFile(YAMLDocumentParser.manifestFile($0.bytes, path: $0.path)) })
                }
            }
            var runs: [(start: Int, files: [DecodedManifestFile])] = []
            for await run in group { runs.append(run) }
            return runs
        }
        return loadManifests(decoded: runs.sorted { $0.start < $1.start }.flatMap(\.files))
    }

    /// Whether a file name is a manifest's.
    public static func isManifestName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// Walks a folder with the C library's directory calls: Foundation's enumerator costs more
    /// than parsing does on a folder of ten thousand manifests.
    ///
    /// `listed` holds the folders listed so far; one reached again through a link is passed over,
    /// since listing it again would read its files twice and report each of their channels as a
    /// duplicate of itself, or never end for a link that points back up the tree.
    private static func collectManifestPaths(
        in root: String, relative: String, listed: inout Set<FolderIdentity>, into paths: inout [String]
    ) throws(ManifestReadError) {
        guard let directory = opendir(root + relative) else {
            throw ManifestReadError("cannot list '\(root + relative)': \(String(cString: strerror(errno)))")
        }
        var subfolders: [String] = []
        var failure: ManifestReadError?
        while failure == nil {
            // readdir answers nil both at the end and on an error; only errno tells them apart.
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 {
                    failure = ManifestReadError(
                        "cannot list '\(root + relative)': \(String(cString: strerror(errno)))")
                }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let kind = Int32(entry.pointee.d_type)
            if kind == Int32(DT_DIR) {
                subfolders.append(relative + name + "/")
            } else if kind == Int32(DT_REG) {
                if isManifestName(name) { paths.append(relative + name) }
            } else if kind == Int32(DT_UNKNOWN) || kind == Int32(DT_LNK) || isManifestName(name) {
                // The file system did not say, it is a link, or a manifest name is on something
                // that is not a plain file: ask for what the path leads to.
                do throws(ManifestReadError) {
                    if let subfolder = try classify(root: root, relative: relative + name) {
                        subfolders.append(subfolder)
                    } else if isManifestName(name) {
                        paths.append(relative + name)
                    }
                } catch {
                    failure = error
                }
            }
        }
        closedir(directory)
        if let failure { throw failure }
        for subfolder in subfolders {
            var info = stat()
            guard stat(root + subfolder, &info) == 0 else {
                throw ManifestReadError("cannot list '\(root + subfolder)': \(String(cString: strerror(errno)))")
            }
            guard listed.insert(FolderIdentity(info)).inserted else { continue }
            try collectManifestPaths(in: root, relative: subfolder, listed: &listed, into: &paths)
        }
    }

    /// What a link or an entry of unknown kind leads to: the folder path (ending in `/`) for a
    /// folder, nil for a regular file or for something else not named like a manifest.
    ///
    /// - Throws: `ManifestReadError` when a manifest name leads nowhere or to something that is not
    ///   a regular file, such as a pipe, which would block the read.
    private static func classify(root: String, relative: String) throws(ManifestReadError) -> String? {
        let isManifest = isManifestName(relative)
        var info = stat()
        guard stat(root + relative, &info) == 0 else {
            guard isManifest else { return nil }
            throw ManifestReadError("cannot read '\(root + relative)': \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return relative + "/"
        case S_IFREG:
            return nil
        default:
            guard isManifest else { return nil }
            throw ManifestReadError(
                "cannot read '\(root + relative)': it is not a regular file; a manifest must be a plain file")
        }
    }

    /// The whole contents of a file.
    private static func readFile(_ path: String) throws(ManifestReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ManifestReadError("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        let contents = readAll(descriptor)
        close(descriptor)
        guard let bytes = contents else {
            throw ManifestReadError("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Reads to the end of a file; nil on a read error, with `errno` telling which.
    private static func readAll(_ descriptor: Int32) -> [UInt8]? {
        var info = stat()
        let expected = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expected + 1)
        var chunk = [UInt8](repeating: 0, count: max(4096, min(expected + 1, 1 << 20)))
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// A folder's identity on disk, so that a folder reached twice through links is listed once.
private struct FolderIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
