import FoundationEssentials

/// The text of a lease: the `lease` file in the tree of a lease commit.
///
/// Two lines, `holder: <id>` and `expires: <RFC 3339 UTC time>`, so that `git show` on the ref
/// is readable by people.
struct LeaseDocument: Equatable {
    /// The name of the file holding the document in the lease commit's tree.
    static let fileName = "lease"

    /// Who holds the lease.
    var holder: String
    /// When it ends, a whole number of seconds since 1970.
    var expires: Date

    /// The file's bytes.
    var bytes: [UInt8] {
        Array("holder: \(holder)\nexpires: \(expires.formatted(Date.ISO8601FormatStyle()))\n".utf8)
    }

    /// A document; `expires` is rounded down to the second, as it is written.
    init(holder: String, expires: Date) {
        self.holder = holder
        self.expires = Date(timeIntervalSince1970: expires.timeIntervalSince1970.rounded(.down))
    }

    /// Parses the file, or explains what is wrong with it.
    init(parsing bytes: [UInt8]) throws(LeaseDocumentError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LeaseDocumentError(reason: "the lease file is not UTF-8 text")
        }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else {
                throw LeaseDocumentError(reason: "the line '\(line)' is not 'key: value'")
            }
            let key = String(line[..<colon])
            let value = String(line[line.index(after: colon)...].drop { $0 == " " })
            fields[key] = value
        }
        guard let holder = fields["holder"], !holder.isEmpty else {
            throw LeaseDocumentError(reason: "the lease file has no holder")
        }
        guard let expiry = fields["expires"] else {
            throw LeaseDocumentError(reason: "the lease file has no expiry")
        }
        let expires: Date
        do {
            expires = try Date.ISO8601FormatStyle().parse(expiry)
        } catch {
            throw LeaseDocumentError(reason: "the expiry '\(expiry)' is not an RFC 3339 time")
        }
        self.init(holder: holder, expires: expires)
    }
}

/// Why a lease file could not be parsed.
struct LeaseDocumentError: Error {
    /// What is wrong, for `GitError.invalidLease`.
    var reason: String
}
