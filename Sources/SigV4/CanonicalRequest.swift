/// The canonical form of a request that Signature Version 4 hashes and signs.
///
/// Built as bytes, in AWS's layout: method, canonical URI, canonical query string, one
/// `name:value` line per header, a blank line, the signed header names, and the payload hash.
struct CanonicalRequest {
    /// The canonical request itself; secret-equivalent, so it is never printed or logged.
    let bytes: [UInt8]
    /// Lower-case header names joined by `;`, in the order they were signed.
    let signedHeaders: String

    /// Canonicalizes a request whose headers are already the complete signed set.
    ///
    /// `target` is the path and query as on the HTTP request line; `headers` keep their order.
    init(method: String, target: String, headers: [(name: String, value: String)], payloadHash: String) {
        let newline = UInt8(ascii: "\n")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + target.utf8.count + payloadHash.utf8.count)

        bytes.append(contentsOf: method.utf8)
        bytes.append(newline)
        let path: Substring.UTF8View
        let query: Substring.UTF8View
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = target.utf8[..<mark]
            query = target.utf8[target.utf8.index(after: mark)...]
        } else {
            path = target.utf8[...]
            query = Substring().utf8
        }
        Self.appendCanonicalURI(path, to: &bytes)
        bytes.append(newline)
        Self.appendCanonicalQuery(query, to: &bytes)
        bytes.append(newline)

        let canonicalHeaders = Self.canonicalHeaders(headers)
        var names: [UInt8] = []
        for (index, header) in canonicalHeaders.enumerated() {
            bytes.append(contentsOf: header.name)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: header.value)
            bytes.append(newline)
            if index > 0 {
                names.append(UInt8(ascii: ";"))
            }
            names.append(contentsOf: header.name)
        }
        bytes.append(newline)
        bytes.append(contentsOf: names)
        bytes.append(newline)
        bytes.append(contentsOf: payloadHash.utf8)

        self.bytes = bytes
        self.signedHeaders = String(decoding: names, as: UTF8.self)
    }

    // MARK: URI

    /// Appends the normalized, URI-encoded path; an empty path is `/`.
    ///
    /// Normalization follows RFC 3986 (`.` and `..` removed) and also drops empty segments, as
    /// every AWS service but S3 expects. The path is encoded as sent, so an escape already in it
    /// is encoded again (`%20` becomes `%2520`): that is what AWS computes on its side.
    private static func appendCanonicalURI(_ path: Substring.UTF8View, to bytes: inout [UInt8]) {
        let slash = UInt8(ascii: "/")
        let rawSegments = path.split(separator: slash, omittingEmptySubsequences: true)
        var segments: [Substring.UTF8View] = []
        segments.reserveCapacity(rawSegments.count)
        for segment in rawSegments {
            if segment.elementsEqual(".".utf8) {
                continue
            }
            if segment.elementsEqual("..".utf8) {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }

        // A path ending in a slash, or in a dot segment, names a directory: keep the slash.
        let last = rawSegments.last
        let namesDirectory =
            path.last == slash || last.map { $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) } == true
        bytes.append(slash)
        for (index, segment) in segments.enumerated() {
            if index > 0 {
                bytes.append(slash)
            }
            appendURIEncoded(segment, to: &bytes)
        }
        if namesDirectory && !segments.isEmpty {
            bytes.append(slash)
        }
    }

    /// Appends the query parameters decoded, re-encoded and sorted by key, then by value.
    ///
    /// A parameter without `=` gets an empty value; empty parameters (`a=1&&b=2`) are dropped.
    // Limitation: a `+` is signed as a literal plus sign, not a space; callers encode spaces as %20.
    private static func appendCanonicalQuery(_ query: Substring.UTF8View, to bytes: inout [UInt8]) {
        let equals = UInt8(ascii: "=")
        var parameters: [(key: [UInt8], value: [UInt8])] = []
        for parameter in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            var key: [UInt8] = []
            var value: [UInt8] = []
            if let mark = parameter.firstIndex(of: equals) {
                appendURIEncoded(percentDecoded(parameter[..<mark]), to: &key)
                appendURIEncoded(percentDecoded(parameter[parameter.index(after: mark)...]), to: &value)
            } else {
                appendURIEncoded(percentDecoded(parameter), to: &key)
            }
            parameters.append((key, value))
        }
        parameters.sort { left, right in
            left.key == right.key
                ? left.value.lexicographicallyPrecedes(right.value)
                : left.key.lexicographicallyPrecedes(right.key)
        }
        for (index, parameter) in parameters.enumerated() {
            if index > 0 {
                bytes.append(UInt8(ascii: "&"))
            }
            bytes.append(contentsOf: parameter.key)
            bytes.append(equals)
            bytes.append(contentsOf: parameter.value)
        }
    }

    /// Appends `raw` with every byte but RFC 3986's unreserved characters as upper-case `%XX`.
    private static func appendURIEncoded(_ raw: some Sequence<UInt8>, to bytes: inout [UInt8]) {
        for byte in raw {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(upperHexDigit(byte >> 4))
                bytes.append(upperHexDigit(byte & 0x0F))
            }
        }
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
    private static func percentDecoded(_ encoded: Substring.UTF8View) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index != encoded.endIndex {
            let byte = encoded[index]
            let first = encoded.index(after: index)
            if byte == UInt8(ascii: "%"), first != encoded.endIndex {
                let second = encoded.index(after: first)
                if second != encoded.endIndex, let high = hexValue(encoded[first]),
                    let low = hexValue(encoded[second])
                {
                    decoded.append(high << 4 | low)
                    index = encoded.index(after: second)
                    continue
                }
            }
            decoded.append(byte)
            index = first
        }
        return decoded
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func upperHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    // MARK: Headers

    /// Returns headers with lower-case names, sorted by name, values of one name joined by `,`.
    ///
    /// Each value is trimmed and every run of whitespace inside it, line breaks of a folded
    /// header included, becomes one space.
    private static func canonicalHeaders(
        _ headers: [(name: String, value: String)]
    ) -> [(name: [UInt8], value: [UInt8])] {
        var merged: [(name: [UInt8], value: [UInt8])] = []
        var positions: [[UInt8]: Int] = [:]
        for header in headers {
            let name = header.name.utf8.map(asciiLowercased)
            if let position = positions[name] {
                merged[position].value.append(UInt8(ascii: ","))
                appendFolded(header.value, to: &merged[position].value)
            } else {
                var value: [UInt8] = []
                appendFolded(header.value, to: &value)
                positions[name] = merged.count
                merged.append((name, value))
            }
        }
        merged.sort { $0.name.lexicographicallyPrecedes($1.name) }
        return merged
    }

    /// Appends `value` trimmed, with each inner run of whitespace collapsed to one space.
    private static func appendFolded(_ value: String, to bytes: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                pendingSpace = wroteAny
                continue
            }
            if pendingSpace {
                bytes.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            bytes.append(byte)
            wroteAny = true
        }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
