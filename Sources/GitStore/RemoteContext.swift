internal import CLibGit2

/// The Swift side of libgit2's remote callbacks for one fetch, connect or push.
///
/// libgit2 calls back with an opaque payload pointing at this object, which must stay alive for
/// the whole call (callers hold it in a local variable across the call). It answers credential
/// requests from `GitCredentials`, records each ref the remote refused, and aborts a push whose
/// target ref no longer holds the value the caller expects.
final class RemoteContext {
    /// What is offered when the remote asks for credentials.
    let credentials: GitCredentials
    /// The remote's URL as configured, which may hold a user name and password.
    let url: String
    /// The remote's URL without secrets, for messages.
    let remoteName: String
    /// Why credentials could not be supplied, when a credential request failed.
    private(set) var authenticationFailure: String?
    /// For each ref being pushed, the value it must still hold on the remote (nil: absent).
    var expectedRemoteValues: [String: ObjectID?] = [:]
    /// Refs whose remote value differed from `expectedRemoteValues`, with the value found.
    private(set) var movedRefs: [String: ObjectID?] = [:]
    /// Refs the remote refused to update, with the remote's reason.
    private(set) var rejectedRefs: [String: String] = [:]
    /// A callback argument that could not be read, such as a ref name that is not UTF-8.
    private(set) var callbackFailure: GitError?

    private var offeredToken = false
    private var offeredKeyFile = false
    private var offeredAgent = false
    private var offeredUsername = false

    /// Prepares callbacks that offer `credentials` to the remote at `url`.
    init(credentials: GitCredentials, url: String) {
        self.credentials = credentials
        self.url = url
        self.remoteName = RemoteLocation.redacted(url)
    }

    /// libgit2's callback table pointing back at this object.
    ///
    /// Limitation: no certificate check is set, and libgit2 1.5 checks no ssh host key against
    /// `known_hosts` by itself, so an ssh remote's server is accepted whatever key it shows.
    ///
    /// Valid only while this object is alive; the table holds an unretained pointer to it.
    func callbacks() throws(GitError) -> git_remote_callbacks {
        var table = git_remote_callbacks()
        try LibGit2.check(
            git_remote_init_callbacks(&table, UInt32(GIT_REMOTE_CALLBACKS_VERSION)),
            "git_remote_init_callbacks",
            "prepare the callbacks for '\(remoteName)'"
        )
        table.payload = Unmanaged.passUnretained(self).toOpaque()
        table.credentials = { out, _, userFromURL, allowed, payload in
            guard let out, let payload else { return -1 }
            let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
            return context.supplyCredential(out, userFromURL: userFromURL, allowed: allowed)
        }
        table.push_update_reference = { name, status, payload in
            guard let payload else { return -1 }
            let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
            return context.recordUpdate(name: name, status: status)
        }
        table.push_negotiation = { updates, count, payload in
            guard let payload else { return -1 }
            let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
            return context.checkNegotiation(updates: updates, count: count)
        }
        return table
    }

    /// Answers one credential request, never offering the same kind twice.
    private func supplyCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>,
        userFromURL: UnsafePointer<CChar>?,
        allowed: UInt32
    ) -> Int32 {
        let urlUser = userFromURL.flatMap { String(validatingCString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            return supplySSHKey(out, user: urlUser ?? credentials.username ?? "git")
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            guard let token = credentials.token else {
                return fail(
                    "the remote asks for a user name and password; set "
                        + "\(GitCredentials.tokenVariables.joined(separator: " or ")) to a token")
            }
            guard !offeredToken else {
                return fail(
                    "the remote refused the token from \(GitCredentials.tokenVariables.joined(separator: " or "))")
            }
            offeredToken = true
            let user = urlUser ?? credentials.username ?? GitCredentials.defaultTokenUsername
            return git_credential_userpass_plaintext_new(out, user, token)
        }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0, !offeredUsername {
            offeredUsername = true
            return git_credential_username_new(out, urlUser ?? credentials.username ?? "git")
        }
        return fail("the remote asks for a kind of credentials channelops cannot supply (types \(allowed))")
    }

    /// Offers the key file once, or else the ssh agent once.
    private func supplySSHKey(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, user: String) -> Int32
    {
        if let key = credentials.sshPrivateKeyPath {
            guard !offeredKeyFile else {
                return fail("the remote refused the ssh key \(key) from \(GitCredentials.sshKeyVariable)")
            }
            offeredKeyFile = true
            return git_credential_ssh_key_new(
                out, user, credentials.sshPublicKeyPath, key, credentials.sshPassphrase)
        }
        guard !offeredAgent else {
            return fail(
                "the ssh agent offered no key the remote accepts; "
                    + "set \(GitCredentials.sshKeyVariable) to a private key file")
        }
        offeredAgent = true
        return git_credential_ssh_key_from_agent(out, user)
    }

    private func fail(_ reason: String) -> Int32 {
        authenticationFailure = reason
        return GIT_EAUTH.rawValue
    }

    /// Records the remote's verdict on one ref: a nil status means it was updated.
    private func recordUpdate(name: UnsafePointer<CChar>?, status: UnsafePointer<CChar>?) -> Int32 {
        guard let status else { return 0 }
        guard let name, let ref = String(validatingCString: name) else {
            callbackFailure = .invalidUTF8(operation: "push to '\(remoteName)'", function: "push_update_reference")
            return -1
        }
        rejectedRefs[ref] = String(validatingCString: status) ?? "(the reason is not valid UTF-8)"
        return 0
    }

    /// Aborts the push when a ref's current remote value is not the expected one.
    ///
    /// Smart transports send that current value along with the update, and the server applies it
    /// only if the ref still holds it; so together this check and the server's make the update
    /// a compare-and-swap against the caller's expected value.
    private func checkNegotiation(
        updates: UnsafeMutablePointer<UnsafePointer<git_push_update>?>?,
        count: Int
    ) -> Int32 {
        guard let updates else { return 0 }
        var moved = false
        for index in 0..<count {
            guard let update = updates[index] else { continue }
            guard let raw = update.pointee.dst_refname, let name = String(validatingCString: raw) else {
                callbackFailure = .invalidUTF8(operation: "push to '\(remoteName)'", function: "push_negotiation")
                return -1
            }
            guard let expected = expectedRemoteValues[name] else { continue }
            let current = ObjectID(update.pointee.src)
            let found: ObjectID? = current.isZero ? nil : current
            if found != expected {
                movedRefs[name] = found
                moved = true
            }
        }
        return moved ? GIT_EUSER.rawValue : 0
    }
}
