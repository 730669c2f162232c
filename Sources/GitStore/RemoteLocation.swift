import FoundationEssentials

/// Where a remote lives: a repository on this machine, or a server reached over the network.
///
/// Local remotes (a path or a `file://` URL) are updated by opening the repository directly, so a
/// ref update is a true compare-and-swap under git's ref lock; network remotes go through
/// libgit2's transports.
enum RemoteLocation: Equatable {
    /// A repository folder on this machine, as an absolute path.
    case local(path: String)
    /// A URL libgit2 reaches over a transport: `git://`, `http(s)://`, `ssh://` or `user@host:path`.
    case network(url: String)

    /// Classifies `url`, making a relative path absolute against `base`.
    init(_ url: String, relativeTo base: String) {
        if url.hasPrefix("file://") {
            let path = URL(string: url)?.path(percentEncoded: false) ?? String(url.dropFirst("file://".count))
            self = .local(path: path)
        } else if url.contains("://") || Self.isSCPLike(url) {
            self = .network(url: url)
        } else {
            self = .local(path: Self.absolute(url, relativeTo: base))
        }
    }

    /// The URL as stored in the remote's configuration.
    var url: String {
        switch self {
        case .local(let path): return path
        case .network(let url): return url
        }
    }

    /// `url` with any `user:password@` part removed, safe for messages and logs.
    var displayName: String { Self.redacted(url) }

    /// Removes the user-info part of a URL, which may hold a password or token.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<hostEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
    }

    /// True for git's short ssh form `[user@]host:path`, whose colon comes before any slash.
    private static func isSCPLike(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let head = url[..<colon]
        return !head.isEmpty && !head.contains("/")
    }

    /// `path` made absolute against the folder `base`, with `.` and `..` components resolved.
    static func absolute(_ path: String, relativeTo base: String) -> String {
        if path.hasPrefix("/") {
            return normalized(path)
        }
        return normalized(base + "/" + path)
    }

    /// Resolves `.` and `..` components of an absolute path and drops doubled slashes.
    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
