/// Where `--repo` clones are kept when `--cache-dir` is not given.
package enum CacheFolder {
    /// `$XDG_CACHE_HOME/channelops/repos/<name>-<hash>`, or below `$HOME/.cache` when
    /// `XDG_CACHE_HOME` is unset; nil when neither is set.
    ///
    /// `<name>` is the last part of the remote's path, made safe for a file name, and `<hash>` a
    /// 64-bit FNV-1a hash of the remote with any `user:password@` part removed, so that the
    /// folder name never holds a credential and each remote gets its own folder. `remote` should
    /// already be absolute when it is a local path.
    package static func defaultFolder(for remote: String, environment: [String: String]) -> String? {
        let base: String
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            base = cache
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.cache"
        } else {
            return nil
        }
        let safe = redacted(remote)
        return "\(base)/channelops/repos/\(name(of: safe))-\(hash(safe))"
    }

    /// The remote without the user-info part of a URL.
    static func redacted(_ remote: String) -> String {
        guard let scheme = remote.firstRange(of: "://") else { return remote }
        let rest = remote[scheme.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<hostEnd].lastIndex(of: "@") else { return remote }
        return String(remote[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
    }

    /// The last path component without `.git`, keeping letters, digits, `-`, `_` and `.`.
    private static func name(of remote: String) -> String {
        var last = remote.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "repo"
        if last.hasSuffix(".git") { last.removeLast(4) }
        let kept = last.filter { character in
            character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
        }
        let text = String(kept.prefix(40))
        return text.isEmpty || text.hasPrefix(".") ? "repo" : text
    }

    private static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
