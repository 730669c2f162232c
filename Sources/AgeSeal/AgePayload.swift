import Digest

/// The encrypted payload of an age file: a 16-byte nonce, then ChaCha20-Poly1305 chunks.
///
/// The plaintext is cut into 64 KiB chunks. Chunk `i` is sealed under the payload key with the
/// nonce `i` (11 bytes, big-endian) followed by 1 for the last chunk and 0 otherwise, so chunks
/// cannot be reordered, dropped or truncated unnoticed. Only an empty plaintext has an empty
/// (last) chunk.
enum AgePayload {
    static let chunkByteCount = 64 * 1024
    static let nonceByteCount = 16

    /// Seals `plaintext` under `fileKey` with a fresh random nonce and appends it to `output`.
    static func seal(
        _ plaintext: [UInt8],
        fileKey: SecretBytes,
        appendingTo output: inout [UInt8]
    ) throws(AgeError) {
        let chunkCount = max(1, (plaintext.count + chunkByteCount - 1) / chunkByteCount)
        let tagsByteCount = chunkCount * ChaCha20Poly1305.tagByteCount
        output.reserveCapacity(output.count + nonceByteCount + plaintext.count + tagsByteCount)
        try withOpenSSL { () throws(DigestError) in
            let nonce = try SecureRandom.bytes(count: nonceByteCount)
            let cipher = try payloadCipher(fileKey: fileKey, nonce: nonce)
            output += nonce
            for index in 0..<chunkCount {
                let start = index * chunkByteCount
                let end = min(start + chunkByteCount, plaintext.count)
                let chunkNonce = Self.chunkNonce(index, isLast: index == chunkCount - 1)
                output += try cipher.seal(plaintext[start..<end], nonce: chunkNonce)
            }
        }
    }

    /// Opens the payload `sealed` (nonce and chunks) under `fileKey`.
    ///
    /// - Throws: `AgeError.malformedFile` for a payload too short to hold a nonce and one chunk
    ///   or ending in an empty chunk; `AgeError.payloadAuthenticationFailed` for the first chunk
    ///   that does not authenticate. No plaintext is returned unless every chunk does.
    static func open(_ sealed: ArraySlice<UInt8>, fileKey: SecretBytes) throws(AgeError) -> [UInt8] {
        guard sealed.count > nonceByteCount else {
            throw AgeError.malformedFile(problem: "the payload is truncated before its first chunk")
        }
        let nonce = Array(sealed.prefix(nonceByteCount))
        let chunks = sealed.dropFirst(nonceByteCount)
        let sealedChunkByteCount = chunkByteCount + ChaCha20Poly1305.tagByteCount
        let chunkCount = (chunks.count + sealedChunkByteCount - 1) / sealedChunkByteCount
        let lastByteCount = chunks.count - (chunkCount - 1) * sealedChunkByteCount
        guard chunkCount == 1 || lastByteCount != ChaCha20Poly1305.tagByteCount else {
            throw AgeError.malformedFile(problem: "the payload ends with an empty chunk, which age never writes")
        }
        let cipher = try withOpenSSL { () throws(DigestError) in
            try payloadCipher(fileKey: fileKey, nonce: nonce)
        }
        // Reserving the exact size up front keeps the plaintext in one allocation, so no
        // partial copies are left behind when the array grows.
        var output = [UInt8]()
        output.reserveCapacity(max(0, chunks.count - chunkCount * ChaCha20Poly1305.tagByteCount))
        for index in 0..<chunkCount {
            let start = chunks.startIndex + index * sealedChunkByteCount
            let end = min(start + sealedChunkByteCount, chunks.endIndex)
            let chunkNonce = Self.chunkNonce(index, isLast: index == chunkCount - 1)
            let opened = try withOpenSSL { () throws(DigestError) in
                try cipher.open(chunks[start..<end], nonce: chunkNonce).map(SecretBytes.init)
            }
            guard let opened else {
                SecureMemory.wipe(&output)
                throw AgeError.payloadAuthenticationFailed(chunkNumber: index + 1)
            }
            output += opened.bytes
        }
        return output
    }

    /// The cipher for the payload key, HKDF-SHA256(file key, salt: nonce, info: "payload").
    private static func payloadCipher(
        fileKey: SecretBytes,
        nonce: [UInt8]
    ) throws(DigestError) -> ChaCha20Poly1305 {
        let key = SecretBytes(
            try HKDFSHA256.derivedKey(
                inputKeyMaterial: fileKey.bytes, salt: nonce, info: "payload".utf8, byteCount: 32))
        return try ChaCha20Poly1305(key: key.bytes)
    }

    /// The 12-byte nonce of chunk `index`: an 11-byte big-endian counter and the last-chunk flag.
    static func chunkNonce(_ index: Int, isLast: Bool) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 3)
        withUnsafeBytes(of: UInt64(index).bigEndian) { nonce += $0 }
        nonce.append(isLast ? 1 : 0)
        return nonce
    }
}
