/// The manifest files of one commit, read from the object database.
package struct ManifestSnapshot: Sendable, Equatable {
    /// The commit the files were read from.
    package var commit: ObjectID
    /// The manifest folder, relative to the top of the repository ("" for the top itself).
    package var folder: String
    /// The id of the folder's tree, or nil when the commit has no such folder.
    ///
    /// Two commits with the same `treeID` have identical manifests, so a caller reconciles again
    /// only when it changes. Nil (folder missing) is different from an empty folder's files: a
    /// caller may refuse to prune everything because of a mistyped `--path`.
    package var treeID: ObjectID?
    /// Every `*.yaml` and `*.yml` file below the folder, at any depth, sorted by path.
    package var files: [RepositoryFile]

    /// A snapshot; `files` should be sorted by path.
    package init(commit: ObjectID, folder: String, treeID: ObjectID?, files: [RepositoryFile]) {
        self.commit = commit
        self.folder = folder
        self.treeID = treeID
        self.files = files
    }
}
