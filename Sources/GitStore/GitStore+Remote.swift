/// Compare-and-swap updates of refs on the remote.
extension GitStore {
    /// The outcome of a conditional ref update on the remote.
    enum RefUpdate: Equatable {
        /// The ref now holds the new value.
        case updated
        /// The ref held something other than the expected value (nil: it did not exist), and was
        /// left unchanged.
        case moved(current: ObjectID?)
    }

    /// Sets `ref` on the remote to `new` only if it still holds `expected` (nil: absent).
    ///
    /// `new` must be a commit that has `expected` as an ancestor, so the update is also a
    /// fast-forward. For a local remote the objects are copied into it and the ref is swapped
    /// under git's ref lock. For a network remote a non-force push is made whose negotiation step
    /// checks that the advertised value is `expected`; the server then applies the update only if
    /// the ref still holds that advertised value. A refusal for another reason (a hook, a
    /// protected branch) throws `GitError.pushRejected`.
    func updateRemoteRef(_ ref: String, to new: ObjectID, expected: ObjectID?) throws(GitError) -> RefUpdate {
        let outcome: RefUpdate
        switch origin {
        case .local(let path):
            outcome = try updateLocalRemote(at: path, ref: ref, to: new, expected: expected)
        case .network:
            outcome = try updateNetworkRemote(ref: ref, to: new, expected: expected)
        }
        // An identical commit written by an identical earlier request is already in place.
        if outcome == .moved(current: new) {
            return .updated
        }
        return outcome
    }

    /// The value of `ref` on the remote now, nil when it does not exist.
    func remoteRefValue(_ ref: String) throws(GitError) -> ObjectID? {
        switch origin {
        case .local(let path):
            return try Repository(opening: path).referenceTarget(ref)
        case .network:
            let context = RemoteContext(credentials: credentials, url: origin.url)
            return try originRemote().advertisedRefs(context: context)[ref]
        }
    }

    private func updateLocalRemote(
        at path: String,
        ref: String,
        to new: ObjectID,
        expected: ObjectID?
    ) throws(GitError) -> RefUpdate {
        let target = try Repository(opening: path)
        // As git's receive.denyCurrentBranch does by default: moving a branch of a checkout
        // would leave its work tree and index out of step with it.
        if ref.hasPrefix("refs/heads/"), !target.isBare {
            throw .pushRejected(
                ref: ref, remote: remoteDisplayName,
                reason: "the remote is a checkout with a work tree; push to a bare repository")
        }
        try ObjectCopier(source: repository, target: target).copy(reachableFrom: new)
        if try target.compareAndSwapReference(ref, to: new, expected: expected, logMessage: Self.reflogMessage) {
            return .updated
        }
        return .moved(current: try target.referenceTarget(ref))
    }

    private func updateNetworkRemote(ref: String, to new: ObjectID, expected: ObjectID?) throws(GitError) -> RefUpdate {
        let context = RemoteContext(credentials: credentials, url: origin.url)
        context.expectedRemoteValues.updateValue(expected, forKey: ref)
        // libgit2 pushes from a local ref, not an object id, so name the commit for the push.
        let outgoing = "refs/channelops/outgoing/\(new.hex)"
        try repository.setReference(outgoing, to: new, logMessage: Self.reflogMessage)
        var ranPush = false
        var failure: GitError?
        do {
            ranPush = try originRemote().push(["\(outgoing):\(ref)"], context: context)
        } catch {
            failure = error
        }
        try repository.removeReference(outgoing)
        if let failure {
            throw failure
        }
        if let current = context.movedRefs[ref] {
            return .moved(current: current)
        }
        if !ranPush {
            // libgit2 refused before sending: the remote's value is not an ancestor of `new`.
            return .moved(current: try remoteRefValue(ref))
        }
        if let reason = context.rejectedRefs[ref] {
            // The server refused after negotiation; if the ref moved meanwhile, that was the cause.
            let current = try remoteRefValue(ref)
            if current != expected {
                return .moved(current: current)
            }
            throw .pushRejected(ref: ref, remote: remoteDisplayName, reason: reason)
        }
        return .updated
    }
}
