import Foundation
import GitStore

/// Manifest files read for a command, and where they came from.
public struct ManifestFiles: Sendable {
    /// The files, sorted by path; paths start with the folder as the user named it.
    public var files: [(path: String, bytes: [UInt8])]
    /// Where the files were read, for logs: `commit 1a2b3c4 of /repo`, `the work tree of /repo`
    /// or `the folder channels, read as it is (not through git)`.
    public var origin: String
    /// The commit checked out, when the files came from a git checkout that has one.
    public var revision: String?
    /// True when the files include uncommitted changes (`--allow-dirty` with a dirty folder), so
    /// that they are not what `revision` holds.
    public var hasUncommittedChanges = false
}

/// Why the manifests could not be read from their source.
public struct ManifestSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    /// Creates an error with the whole message.
    public init(_ description: String) {
        self.description = description
    }
}

/// Pipeline mode: reads the manifests from the git checkout that holds the current folder.
///
/// `folder` (`--path`) is taken from the current folder, like any path on a command line, and
/// must lie inside the checkout. Git reads it: files git ignores are passed over, as they would
/// be in a commit. `currentFolder` defaults to the process's.
public enum ManifestSource {
    /// The manifests as they are in the work tree now, for `drift`: uncommitted edits included.
    ///
    /// A folder outside any git checkout (or outside the one holding the current folder, or in a
    /// checkout without an `origin`) is read as it is, every `*.yaml` and `*.yml` file in it.
    /// An empty folder inside a checkout gives no files: every managed resource then shows as
    /// one to delete.
    ///
    /// - Throws: `ManifestSourceError` when the folder does not exist or cannot be read.
    public static func workTree(
        folder: String,
        currentFolder: String? = nil
    ) async throws(ManifestSourceError) -> ManifestFiles {
        let currentFolder = currentFolder ?? FileManager.default.currentDirectoryPath
        guard let checkout = try openCheckout(containing: currentFolder, required: false),
            let relative = checkout.relativePath(of: folder, from: currentFolder)
        else {
            return try plainFolder(folder)
        }
        let found: [RepositoryFile]?
        let revision: String?
        do {
            found = try await checkout.store.workTreeManifests(folder: relative)
            // A checkout before its first commit has no revision: nil is the answer then.
            revision = try? await checkout.store.headCommit().hex
        } catch {
            throw ManifestSourceError(error.description)
        }
        guard let found else {
            throw ManifestSourceError(
                "manifest folder '\(folder)' does not exist in the checkout at '\(checkout.top)'; "
                    + "pass the folder with --path")
        }
        return ManifestFiles(
            files: checkout.named(found, folder: folder, relative: relative),
            origin: "the work tree of \(checkout.top)",
            revision: revision
        )
    }

    /// The manifests as committed at `HEAD`, for `reconcile`: what is applied must be in git.
    ///
    /// Refuses when the work tree or index holds uncommitted changes below the folder, naming
    /// them, unless `allowDirty`; then it reads the work tree as it is instead. A folder that
    /// exists but holds no manifest gives no files, which the mass-deletion guard then weighs;
    /// a folder missing from the commit is an error, since it is far more likely a wrong
    /// `--path` than an intent.
    ///
    /// - Throws: `ManifestSourceError` outside a checkout, for uncommitted changes, for a folder
    ///   missing from the commit, and when git cannot read the repository.
    public static func committed(
        folder: String,
        allowDirty: Bool,
        currentFolder: String? = nil
    ) async throws(ManifestSourceError) -> ManifestFiles {
        let currentFolder = currentFolder ?? FileManager.default.currentDirectoryPath
        guard let checkout = try openCheckout(containing: currentFolder, required: true) else {
            throw ManifestSourceError("no git checkout holds the current folder '\(currentFolder)'")
        }
        guard let relative = checkout.relativePath(of: folder, from: currentFolder) else {
            throw ManifestSourceError(
                "manifest folder '\(folder)' is outside the checkout at '\(checkout.top)' that holds the "
                    + "current folder; reconcile applies the manifests of that checkout: pass a folder inside it")
        }

        // Refuse what is not committed, unless told to take the work tree as it is.
        let changes: [WorkTreeChange]
        do {
            changes = try await checkout.store.uncommittedChanges(under: relative)
        } catch {
            throw ManifestSourceError(error.description)
        }
        if !changes.isEmpty {
            guard allowDirty else { throw uncommitted(changes, folder: folder) }
            var files = try await workTree(folder: folder, currentFolder: currentFolder)
            files.origin += " (uncommitted changes allowed)"
            files.hasUncommittedChanges = true
            return files
        }

        // Read the folder at the commit checked out.
        let head: ObjectID
        let snapshot: ManifestSnapshot
        do {
            head = try await checkout.store.headCommit()
            snapshot = try await checkout.store.manifests(at: head, folder: relative)
        } catch {
            throw ManifestSourceError(error.description)
        }
        guard snapshot.treeID != nil else {
            throw ManifestSourceError(
                "manifest folder '\(folder)' does not exist at commit \(head.shortHex) of "
                    + "'\(checkout.top)'; pass the folder with --path")
        }
        return ManifestFiles(
            files: checkout.named(snapshot.files, folder: folder, relative: relative),
            origin: "commit \(head.shortHex) of \(checkout.top)",
            revision: head.hex
        )
    }

    /// The message refusing uncommitted changes, naming the first few.
    private static func uncommitted(_ changes: [WorkTreeChange], folder: String) -> ManifestSourceError {
        let shown = changes.prefix(5).map(\.description).joined(separator: ", ")
        let more = changes.count > 5 ? " and \(changes.count - 5) more" : ""
        return ManifestSourceError(
            "uncommitted changes under '\(folder)': \(shown)\(more); reconcile applies only what is "
                + "committed: commit the changes, or pass --allow-dirty to apply the work tree as it is")
    }

    /// Every manifest file of a folder that no git checkout is asked about.
    private static func plainFolder(_ folder: String) throws(ManifestSourceError) -> ManifestFiles {
        do {
            return ManifestFiles(
                files: try ManifestReader.readFolder(folder),
                origin: "the folder \(folder), read as it is (not through git)",
                revision: nil
            )
        } catch {
            throw ManifestSourceError(error.description)
        }
    }

    /// The checkout holding `folder`, or nil when there is none and none is `required`.
    private static func openCheckout(
        containing folder: String,
        required: Bool
    ) throws(ManifestSourceError) -> Checkout? {
        do {
            let store = try GitStore(checkoutContaining: folder)
            guard let top = store.workTreePath else { return nil }
            return Checkout(store: store, top: String(top.dropLast(top.hasSuffix("/") ? 1 : 0)))
        } catch {
            switch error {
            case .noCheckout, .noWorkTree, .noOrigin:
                guard required else { return nil }
                if case .noCheckout = error {
                    throw ManifestSourceError(
                        "no git checkout holds the current folder '\(folder)'; reconcile applies only "
                            + "committed manifests: run it inside the config repository's checkout")
                }
                throw ManifestSourceError(error.description)
            default:
                throw ManifestSourceError(error.description)
            }
        }
    }
}

/// An open checkout and the top of its work tree, without a trailing slash.
private struct Checkout {
    let store: GitStore
    let top: String

    /// `folder` (relative to `currentFolder` unless absolute) as a path from the top of the work
    /// tree (`""` for the top itself), or nil when it lies outside the work tree.
    func relativePath(of folder: String, from currentFolder: String) -> String? {
        let absolute = folder.hasPrefix("/") ? folder : currentFolder + "/" + folder
        let resolved = Self.resolved(absolute)
        let root = Self.resolved(top)
        if resolved == root { return "" }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard resolved.hasPrefix(prefix) else { return nil }
        return String(resolved.dropFirst(prefix.count))
    }

    /// Renames files from paths below the top of the work tree to paths below `folder` as the
    /// user wrote it, so messages name files as the user named the folder.
    func named(_ files: [RepositoryFile], folder: String, relative: String) -> [(path: String, bytes: [UInt8])] {
        let userPrefix = folder.hasSuffix("/") ? folder : folder + "/"
        let gitPrefix = relative.isEmpty ? "" : relative + "/"
        return files.map { file in
            let inside = file.path.hasPrefix(gitPrefix) ? String(file.path.dropFirst(gitPrefix.count)) : file.path
            return (userPrefix + inside, file.contents)
        }
    }

    /// The path with links resolved when it exists, else with `.` and `..` removed by name.
    private static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            let text = String(cString: real)
            free(real)
            return text
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
