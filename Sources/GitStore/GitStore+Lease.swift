internal import CLibGit2
package import FoundationEssentials

/// The lease that lets several watchers of one instance take turns, kept on the remote.
///
/// The ref `refs/channelops/lease/<instance>` on the remote points to a lease commit whose tree
/// holds one file, `lease`, naming the holder and the expiry. Every change (acquire, take over,
/// renew, release) writes a new lease commit whose parent is the commit the writer last saw, and
/// moves the ref to it only if the ref still points at that commit: a compare-and-swap. For a
/// remote on this machine the swap is made under git's ref lock; over the network it is a
/// non-force push whose negotiation checks the remote's value, and the server applies the
/// update only if the ref still holds the value it advertised. Because the new commit descends
/// from the old one, the update is also a fast-forward, so even a plain push by an older client
/// cannot replace a lease it has not seen. Of two watchers that saw the same lease, exactly one
/// wins; the other learns that it lost and must read again.
///
/// Limits: expiry compares wall clocks of different machines, so clocks must agree to well
/// within the lease duration; a holder that stalls past its expiry (suspended, partitioned)
/// does not notice until its next renewal fails, so it must renew well before expiry and stop
/// applying changes as soon as a renewal reports `.lost`; the lease only coordinates watchers
/// that use it, not people or other tools changing AWS.
/// Limitation: every renewal adds a small commit to the lease ref's history, which is never
/// pruned while the ref exists; delete the ref while no watcher runs to start afresh.
extension GitStore {
    /// The ref that holds the lease of `instance`: `refs/channelops/lease/<instance>`.
    ///
    /// Throws `GitError.invalidArgument` when the instance name cannot be part of a ref name.
    package static func leaseRef(for instance: String) throws(GitError) -> String {
        let name = "refs/channelops/lease/\(instance)"
        guard !instance.isEmpty, !instance.contains("/"), try Repository.isValidReferenceName(name) else {
            throw .invalidArgument(
                what: "instance name", value: instance, reason: "it must be usable as one component of a git ref name")
        }
        return name
    }

    /// The lease of `instance` as the remote holds it now; nil when there is none.
    ///
    /// Throws `GitError.invalidLease` when the ref points to something this module did not write.
    package func readLease(instance: String) throws(GitError) -> Lease? {
        let ref = try Self.leaseRef(for: instance)
        let current: ObjectID?
        switch origin {
        case .local(let path):
            let remote = try Repository(opening: path)
            current = try remote.referenceTarget(ref)
            if let current {
                try ObjectCopier(source: remote, target: repository).copy(reachableFrom: current)
            }
        case .network:
            let remote = try originRemote()
            let context = RemoteContext(credentials: credentials, url: origin.url)
            try remote.fetch(["+\(ref):refs/channelops/remote-lease/\(instance)"], context: context)
            current = try remote.listHeads(remoteName: remoteDisplayName)[ref]
        }
        guard let current else { return nil }
        return try lease(at: current, instance: instance, ref: ref)
    }

    /// Reads the lease of `instance` and takes it for `holder` if it is free, expired or already
    /// `holder`'s; see `takeLease` for the outcomes.
    package func acquireLease(
        instance: String,
        holder: String,
        now: Date,
        duration: Duration
    ) throws(GitError) -> LeaseAcquisition {
        let seen = try readLease(instance: instance)
        return try takeLease(instance: instance, holder: holder, now: now, duration: duration, replacing: seen)
    }

    /// Takes the lease for `holder` until `now + duration`, replacing `seen`, the lease last read
    /// (nil: there was none).
    ///
    /// Returns `.heldByOther` without writing when `seen` belongs to another holder and has not
    /// expired at `now`; `.lostRace` when the ref no longer points at `seen` (someone else wrote
    /// first); `.acquired` otherwise. `holder` must be one line without surrounding spaces and
    /// unique to one process.
    package func takeLease(
        instance: String,
        holder: String,
        now: Date,
        duration: Duration,
        replacing seen: Lease?
    ) throws(GitError) -> LeaseAcquisition {
        let ref = try Self.leaseRef(for: instance)
        if let seen, seen.holder != holder, !seen.isExpired(at: now) {
            return .heldByOther(seen)
        }
        let expires = now.addingTimeInterval(try Self.seconds(of: duration))
        let lease = try writeLease(instance: instance, holder: holder, expires: expires, now: now, parent: seen?.commit)
        switch try updateRemoteRef(ref, to: lease.commit, expected: seen?.commit) {
        case .updated:
            return .acquired(lease)
        case .moved:
            return .lostRace(current: try readLease(instance: instance))
        }
    }

    /// Extends `lease` to `now + duration`, if the remote still holds exactly `lease`.
    ///
    /// `.lost` means another holder took over: stop acting as the holder at once.
    package func renewLease(_ lease: Lease, now: Date, duration: Duration) throws(GitError) -> LeaseUpdate {
        let expires = now.addingTimeInterval(try Self.seconds(of: duration))
        return try replaceLease(lease, expires: expires, now: now)
    }

    /// Ends `lease` at `now`, so another watcher can take it without waiting for the expiry.
    ///
    /// `.lost` means someone else already held it; nothing was changed.
    package func releaseLease(_ lease: Lease, now: Date) throws(GitError) -> LeaseUpdate {
        try replaceLease(lease, expires: now, now: now)
    }

    private func replaceLease(_ lease: Lease, expires: Date, now: Date) throws(GitError) -> LeaseUpdate {
        let ref = try Self.leaseRef(for: lease.instance)
        let next = try writeLease(
            instance: lease.instance, holder: lease.holder, expires: expires, now: now, parent: lease.commit)
        switch try updateRemoteRef(ref, to: next.commit, expected: lease.commit) {
        case .updated:
            return .updated(next)
        case .moved:
            return .lost(current: try readLease(instance: lease.instance))
        }
    }

    /// Writes a lease commit on `parent` to the local object database.
    private func writeLease(
        instance: String,
        holder: String,
        expires: Date,
        now: Date,
        parent: ObjectID?
    ) throws(GitError) -> Lease {
        guard !holder.isEmpty, !holder.contains(where: \.isNewline), holder.first != " ", holder.last != " " else {
            throw .invalidArgument(
                what: "lease holder", value: holder, reason: "it must be one line without surrounding spaces")
        }
        let document = LeaseDocument(holder: holder, expires: expires)
        let builder = try TreeBuilder(in: repository, startingFrom: nil)
        try builder.insert(
            LeaseDocument.fileName, id: try repository.createBlob(document.bytes), mode: GIT_FILEMODE_BLOB)
        let tree = try Tree(try builder.write(), in: repository)
        let parents = try parent.map { (id) throws(GitError) in [try Commit(id, in: repository)] } ?? []
        let signature = try Signature(
            name: GitSignature.channelops.name, email: GitSignature.channelops.email,
            seconds: Int64(now.timeIntervalSince1970.rounded(.down)))
        let message = "lease \(instance): \(holder) until \(document.expires.formatted(Date.ISO8601FormatStyle()))\n"
        let commit = try repository.createCommit(
            tree: tree, parents: parents, author: signature, committer: signature, message: message)
        return Lease(instance: instance, holder: document.holder, expires: document.expires, commit: commit)
    }

    /// Parses the lease commit `id`, which must be in the local object database.
    private func lease(at id: ObjectID, instance: String, ref: String) throws(GitError) -> Lease {
        let entries: [TreeEntry]
        do {
            entries = try Commit(id, in: repository).tree().entries(location: "/")
        } catch {
            throw .invalidLease(ref: ref, commit: id, reason: "it is not a commit with a tree (\(error))")
        }
        guard let file = entries.first(where: { $0.name == LeaseDocument.fileName && $0.isRegularFile }) else {
            throw .invalidLease(ref: ref, commit: id, reason: "its tree has no '\(LeaseDocument.fileName)' file")
        }
        do {
            let document = try LeaseDocument(parsing: try Blob(file.id, in: repository).bytes())
            return Lease(instance: instance, holder: document.holder, expires: document.expires, commit: id)
        } catch let failure as LeaseDocumentError {
            throw .invalidLease(ref: ref, commit: id, reason: failure.reason)
        } catch {
            throw .invalidLease(ref: ref, commit: id, reason: "\(error)")
        }
    }

    private static func seconds(of duration: Duration) throws(GitError) -> TimeInterval {
        let parts = duration.components
        let seconds = TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
        guard seconds > 0 else {
            throw .invalidArgument(what: "lease duration", value: "\(duration)", reason: "it must be positive")
        }
        return seconds
    }
}
