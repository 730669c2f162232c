import Digest

/// One recipient stanza: a type and its arguments on the `->` line, then a binary body.
struct AgeStanza {
    /// The type (such as `X25519`) followed by its arguments, all printable ASCII.
    var arguments: [String]
    /// The decoded body.
    var body: [UInt8]
}

/// The textual header of an age v1 file: version line, stanzas, and the MAC line.
struct AgeHeader {
    static let versionLine = Array("age-encryption.org/v1".utf8)
    static let armorLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    /// Base64 characters per body line; a shorter line ends the body.
    static let columns = 64

    var stanzas: [AgeStanza]

    /// The header bytes the MAC covers: everything up to and including the `---` of the last line.
    func encodedForMAC() -> [UInt8] {
        var text = Self.versionLine + [newline]
        for stanza in stanzas {
            text += Array("-> ".utf8) + Array(stanza.arguments.joined(separator: " ").utf8) + [newline]
            let body = Base64.encoded(stanza.body)
            var start = 0
            // A body always ends with a line shorter than 64 characters, empty if need be.
            while true {
                let end = min(start + Self.columns, body.count)
                text += body[start..<end] + [newline]
                if end - start < Self.columns {
                    break
                }
                start = end
            }
        }
        return text + Array("---".utf8)
    }

    /// Returns the complete header: the MAC-covered bytes, a space, the MAC and a newline.
    func encoded(fileKey: SecretBytes) throws(AgeError) -> [UInt8] {
        let covered = encodedForMAC()
        let mac = try Self.mac(of: covered, fileKey: fileKey)
        return covered + [UInt8(ascii: " ")] + Base64.encoded(mac) + [newline]
    }

    /// HMAC-SHA256 of `covered` under a key derived from the file key with info `header`.
    static func mac(of covered: some Sequence<UInt8>, fileKey: SecretBytes) throws(AgeError) -> [UInt8] {
        try withOpenSSL { () throws(DigestError) in
            let key = SecretBytes(
                try HKDFSHA256.derivedKey(
                    inputKeyMaterial: fileKey.bytes, salt: [UInt8](), info: "header".utf8, byteCount: 32))
            return try HMACSHA256.authenticationCode(for: covered, key: key.bytes)
        }
    }
}

/// A header read from a file, with what the MAC check and payload need.
struct ParsedAgeHeader {
    var header: AgeHeader
    /// The bytes of the file the MAC covers.
    var covered: ArraySlice<UInt8>
    /// The MAC written in the file.
    var mac: [UInt8]
    /// Where the payload starts in the file.
    var payloadStart: Int

    /// Parses the header at the start of `file`.
    ///
    /// - Throws: `AgeError.malformedFile` naming the line and the problem.
    init(parsing file: [UInt8]) throws(AgeError) {
        var reader = LineReader(bytes: file)
        guard let first = reader.nextLine(), first.elementsEqual(AgeHeader.versionLine) else {
            // Limitation: ASCII-armored files (age -a) are refused, not decoded; AgeEncryptor
            // writes binary files only.
            if file.starts(with: AgeHeader.armorLine) {
                throw AgeError.malformedFile(
                    problem: "it is ASCII-armored; this reader takes binary age files, so seal without armor")
            }
            throw AgeError.malformedFile(problem: "it does not start with the line \"age-encryption.org/v1\"")
        }
        var stanzas: [AgeStanza] = []
        while true {
            let lineStart = reader.position
            guard let line = reader.nextLine() else {
                throw AgeError.malformedFile(problem: "the header ends before its closing \"---\" line")
            }
            if line.starts(with: "-> ".utf8) {
                let arguments = try Self.arguments(line.dropFirst(3), lineNumber: reader.lineNumber)
                stanzas.append(AgeStanza(arguments: arguments, body: try Self.body(from: &reader)))
            } else if line.starts(with: "--- ".utf8) {
                guard let mac = Base64.decoded(line.dropFirst(4)), mac.count == 32 else {
                    throw AgeError.malformedFile(
                        problem: "line \(reader.lineNumber): the header MAC is not 32 bytes of base64")
                }
                header = AgeHeader(stanzas: stanzas)
                covered = file[..<(lineStart + 3)]
                self.mac = mac
                payloadStart = reader.position
                break
            } else {
                throw AgeError.malformedFile(
                    problem: "line \(reader.lineNumber) of the header is neither a stanza (\"-> \") "
                        + "nor the closing \"--- \" line")
            }
        }
        guard !stanzas.isEmpty else {
            throw AgeError.malformedFile(problem: "the header holds no recipient stanza")
        }
    }

    /// Splits a stanza line after `-> ` into its type and arguments.
    private static func arguments(_ text: ArraySlice<UInt8>, lineNumber: Int) throws(AgeError) -> [String] {
        let parts = text.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (33...126).contains($0) } }) else {
            throw AgeError.malformedFile(
                problem: "line \(lineNumber): a stanza argument is empty or not printable ASCII")
        }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads body lines up to and including the first one shorter than 64 characters.
    private static func body(from reader: inout LineReader) throws(AgeError) -> [UInt8] {
        var text: [UInt8] = []
        while true {
            guard let line = reader.nextLine() else {
                throw AgeError.malformedFile(problem: "the header ends inside a stanza body")
            }
            guard line.count <= AgeHeader.columns else {
                throw AgeError.malformedFile(
                    problem: "line \(reader.lineNumber): a stanza body line is longer than 64 characters")
            }
            text += line
            if line.count < AgeHeader.columns {
                break
            }
        }
        guard let body = Base64.decoded(text) else {
            throw AgeError.malformedFile(
                problem: "line \(reader.lineNumber): a stanza body is not canonical unpadded base64")
        }
        return body
    }
}

/// Reads newline-terminated lines from bytes, counting them from 1.
private struct LineReader {
    let bytes: [UInt8]
    private(set) var position = 0
    private(set) var lineNumber = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next line without its newline, or `nil` when no newline follows.
    mutating func nextLine() -> ArraySlice<UInt8>? {
        guard let end = bytes[position...].firstIndex(of: newline) else {
            return nil
        }
        let line = bytes[position..<end]
        position = end + 1
        lineNumber += 1
        return line
    }
}

private let newline = UInt8(ascii: "\n")

/// Runs `body`, reporting an OpenSSL failure as `AgeError.openSSL`.
func withOpenSSL<Value>(_ body: () throws(DigestError) -> Value) throws(AgeError) -> Value {
    do {
        return try body()
    } catch {
        throw AgeError.openSSL(error)
    }
}
