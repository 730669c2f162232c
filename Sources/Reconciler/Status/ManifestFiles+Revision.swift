extension ManifestFiles {
    /// The manifests of a revision read from the object database, named by their path from the
    /// top of the repository.
    package init(revision: ConfigRevision, source: ConfigSource) {
        let place: String
        switch source.kind {
        case .remote(let url, _): place = url
        case .checkout(let workTree): place = workTree
        }
        self.init(
            files: revision.files.map { ($0.path, $0.contents) },
            origin: "commit \(revision.commit.shortHex) of branch \(source.branch) of \(place)",
            revision: revision.commit.hex)
    }
}
