import CCurl
import CCurlShim

/// Owns a libcurl share handle through which every easy handle of one transport shares its
/// DNS cache and TLS session cache; freed in `deinit`.
///
/// Each `CurlEasyHandle` that uses it keeps a strong reference, so the share outlives them all
/// and `curl_share_cleanup` never meets a handle still in use. The share locks itself (the C
/// shim gives it mutexes), so it may be used from several threads; it is immutable after
/// `init`, hence `@unchecked Sendable`.
final class CurlShare: @unchecked Sendable {
    /// The C share; valid until `deinit`.
    let share: OpaquePointer

    /// Creates the share.
    ///
    /// - Throws: `TransportError` of kind `other` naming the C call that failed.
    init(endpoint: String) throws(TransportError) {
        var failedCall: UnsafePointer<CChar>?
        guard let share = channelops_curl_share_create(&failedCall) else {
            let call = failedCall.map { String(cString: $0) } ?? "channelops_curl_share_create"
            throw TransportError(
                kind: .other, endpoint: endpoint, message: "\(call) failed: out of memory or resources")
        }
        self.share = share
    }

    /// The libcurl share handle for `CURLOPT_SHARE`.
    var handle: UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(channelops_curl_share_handle(share))
    }

    deinit {
        // Every easy handle holds a reference to this object and is cleaned up first, so the
        // only failure, CURLSHE_IN_USE, cannot happen; if it did, the share is leaked rather
        // than freed under a live handle, and debug builds stop here.
        let code = channelops_curl_share_destroy(share)
        assert(code == CURLSHE_OK, "curl_share_cleanup failed (\(code.rawValue)) with easy handles in use")
    }
}
