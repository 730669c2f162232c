internal import CLibGit2

/// Copies the objects reachable from a commit that one repository has and another lacks.
///
/// Used to move commits between this machine's repositories without a transport: from the cache
/// or checkout to a local remote before a ref update, and back when reading a lease. Like git's
/// own transfer, it assumes that an object present in the target brings everything it reaches.
struct ObjectCopier {
    /// Where the objects are read.
    let source: Repository
    /// Where the missing ones are written.
    let target: Repository

    /// Copies every object reachable from `root` that `target` lacks; children are written
    /// before the objects that name them.
    func copy(reachableFrom root: ObjectID) throws(GitError) {
        let sourceObjects = try ObjectDatabase(of: source)
        let targetObjects = try ObjectDatabase(of: target)
        var pending = [root]
        var seen: Set<ObjectID> = []
        var missing: [(id: ObjectID, type: git_object_t, bytes: [UInt8])] = []
        while let id = pending.popLast() {
            guard seen.insert(id).inserted, !targetObjects.contains(id) else { continue }
            let object = try sourceObjects.read(id)
            missing.append((id, object.type, object.bytes))
            pending.append(contentsOf: try children(of: id, type: object.type))
        }
        for object in missing.reversed() {
            let written = try targetObjects.write(object.bytes, type: object.type)
            guard written == object.id else {
                throw .libgit2(
                    operation: "copy object \(object.id.shortHex) to '\(target.path)'", function: "git_odb_write",
                    code: -1, message: "the copy was stored as \(written.shortHex)")
            }
        }
    }

    /// The objects a commit or tree names; submodule commits belong to other repositories.
    private func children(of id: ObjectID, type: git_object_t) throws(GitError) -> [ObjectID] {
        if type == GIT_OBJECT_COMMIT {
            let commit = try Commit(id, in: source)
            return [try commit.treeID()] + (try commit.parentIDs())
        }
        if type == GIT_OBJECT_TREE {
            return try Tree(id, in: source).entries(location: id.shortHex).filter { !$0.isSubmodule }.map(\.id)
        }
        return []
    }
}
