internal import COpenSSL

/// A failed OpenSSL call, with the function's name and OpenSSL's own explanation.
///
/// OpenSSL fails only when it is broken or misconfigured (a provider that does not load, memory
/// exhausted), so the message points there. It never holds key or message bytes.
public struct DigestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The OpenSSL function that failed, for example `EVP_DigestUpdate`.
    public var function: String
    /// OpenSSL's packed error code, or 0 when OpenSSL queued no error.
    public var code: UInt
    /// OpenSSL's error string for `code`, such as `error:0308010C:digital envelope routines::unsupported`.
    public var reason: String

    /// Creates an error value; library code builds them from OpenSSL's error queue instead.
    ///
    /// Exists so that callers and tests can construct expected values.
    public init(function: String, code: UInt, reason: String) {
        self.function = function
        self.code = code
        self.reason = reason
    }

    public var description: String {
        "OpenSSL \(function) failed: \(reason); check that libcrypto 3 and its default provider "
            + "load (see OPENSSL_CONF and OPENSSL_MODULES)"
    }

    /// Takes the oldest error from this thread's OpenSSL error queue and empties the queue.
    ///
    /// Call it right after the failing call, in the same synchronous function: the queue is
    /// thread-local and later OpenSSL calls may add to it.
    static func fromQueue(function: String) -> DigestError {
        let code = ERR_get_error()
        var reason = "OpenSSL queued no error"
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            reason = String(decoding: bytes, as: UTF8.self)
        }
        // Older entries describe the same failure; leaving them would blame a later call.
        ERR_clear_error()
        return DigestError(function: function, code: UInt(code), reason: reason)
    }
}
