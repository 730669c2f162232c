internal import COpenSSL

/// One value in an OpenSSL parameter list, borrowed only for the duration of `withParameters`.
enum ParameterValue {
    /// A UTF-8 string parameter, such as a digest name.
    case text(String)
    /// An octet-string parameter pointing at caller-owned bytes, such as a key or salt.
    case octets(UnsafeBufferPointer<UInt8>)
}

/// Calls `body` with an `OSSL_PARAM` list holding `entries`, terminated as OpenSSL expects.
///
/// OpenSSL's parameter structs keep pointers to their key and value strings, so every string
/// lives in one buffer that outlives the call to `body`. Octet values must stay valid for the
/// same span; an empty one gets a valid address with length 0 because OpenSSL treats a null
/// pointer as "not given".
func withParameters<Result>(
    _ entries: [(key: String, value: ParameterValue)],
    _ body: (UnsafePointer<OSSL_PARAM>) -> Result
) -> Result {
    var text: [CChar] = [0]
    var offsets: [(key: Int, value: Int)] = []
    for entry in entries {
        let keyOffset = text.count
        text += entry.key.utf8CString
        var valueOffset = 0
        if case .text(let value) = entry.value {
            valueOffset = text.count
            text += value.utf8CString
        }
        offsets.append((keyOffset, valueOffset))
    }
    return text.withUnsafeMutableBufferPointer { characters in
        guard let base = characters.baseAddress else {
            preconditionFailure("withParameters: the text buffer always holds its leading NUL")
        }
        var parameters: [OSSL_PARAM] = []
        for (entry, offset) in zip(entries, offsets) {
            let key = UnsafePointer(base + offset.key)
            switch entry.value {
            case .text:
                parameters.append(OSSL_PARAM_construct_utf8_string(key, base + offset.value, 0))
            case .octets(let bytes):
                let address = UnsafeMutableRawPointer(mutating: bytes.baseAddress) ?? UnsafeMutableRawPointer(base)
                parameters.append(OSSL_PARAM_construct_octet_string(key, address, bytes.count))
            }
        }
        parameters.append(OSSL_PARAM_construct_end())
        return parameters.withUnsafeBufferPointer { list in
            guard let first = list.baseAddress else {
                preconditionFailure("withParameters: an OSSL_PARAM list always holds its end marker")
            }
            return body(first)
        }
    }
}
