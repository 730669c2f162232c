import CCurl
import CCurlShim
import Foundation

/// Owns one libcurl easy handle, its header list and its error buffer; frees them in `deinit`.
///
/// An easy handle keeps its connections open between transfers, so sending requests one after
/// another through the same handle reuses the connection (keep-alive). It is used by one thread
/// at a time: each worker thread of a `CurlTransport` creates its own handle and never passes it
/// on, so the class is not `Sendable`.
final class CurlEasyHandle {
    private let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let share: CurlShare
    private let options: CurlTransport.Options
    private let sink: CurlResponseSink

    /// Creates a handle that uses `share` for DNS and TLS sessions.
    ///
    /// - Throws: `TransportError` of kind `other` when libcurl cannot allocate the handle.
    init(share: CurlShare, options: CurlTransport.Options, endpoint: String) throws(TransportError) {
        guard let easy = curl_easy_init() else {
            throw TransportError(kind: .other, endpoint: endpoint, message: "curl_easy_init failed: out of memory")
        }
        self.easy = easy
        self.share = share
        self.options = options
        self.sink = CurlResponseSink(limit: options.maximumResponseBytes)
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Sends `request` and waits for the whole response; blocks the calling thread.
    func perform(_ request: HTTPRequest, cancellation: CurlCancellation) -> Result<HTTPResponse, TransportError> {
        let endpoint = CurlTransport.endpointLabel(request.url)
        guard !cancellation.isCancelled else {
            return .failure(TransportError(kind: .cancelled, endpoint: endpoint, message: "cancelled before sending"))
        }
        // Reset clears the previous request's options but keeps open connections and caches.
        curl_easy_reset(easy)
        sink.reset()
        errorBuffer[0] = 0
        do throws(TransportError) {
            try configure(for: request, cancellation: cancellation, endpoint: endpoint)
        } catch {
            return .failure(error)
        }

        let code = curl_easy_perform(easy)
        guard code == CURLE_OK else {
            return .failure(failure(code, cancellation: cancellation, endpoint: endpoint))
        }
        var status = 0
        let infoCode = channelops_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        guard infoCode == CURLE_OK else {
            return .failure(
                TransportError(kind: .other, endpoint: endpoint, message: "curl_easy_getinfo: \(message(infoCode))"))
        }
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    /// Sets every option for one request; the handle was reset before.
    private func configure(
        for request: HTTPRequest, cancellation: CurlCancellation, endpoint: String
    ) throws(TransportError) {
        var setter = CurlOptionSetter(easy: easy, endpoint: endpoint, errorBuffer: errorBuffer)
        try setter.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        try setter.string(CURLOPT_URL, request.url.absoluteString)
        try setter.string(CURLOPT_PROTOCOLS_STR, "http,https")
        try setter.long(CURLOPT_NOSIGNAL, 1)
        try setter.long(CURLOPT_TCP_KEEPALIVE, 1)
        try setter.long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout))
        try setter.long(CURLOPT_TIMEOUT_MS, Self.milliseconds(options.requestTimeout))
        // Certificate checks are always on; a CA bundle only changes which CAs are trusted.
        try setter.long(CURLOPT_SSL_VERIFYPEER, 1)
        try setter.long(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle = options.caBundlePath {
            try setter.string(CURLOPT_CAINFO, caBundle)
        }
        try setter.pointer(CURLOPT_SHARE, share.handle)
        if !options.reusesConnections {
            try setter.long(CURLOPT_FORBID_REUSE, 1)
            try setter.long(CURLOPT_FRESH_CONNECT, 1)
        }
        try setCallbacks(&setter, cancellation: cancellation)
        try setHeaders(&setter, request.headers, endpoint: endpoint)
        try setMethodAndBody(&setter, request)
    }

    private func setCallbacks(_ setter: inout CurlOptionSetter, cancellation: CurlCancellation) throws(TransportError) {
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        try setter.callback(CURLOPT_WRITEFUNCTION, curlWriteBody)
        try setter.pointer(CURLOPT_WRITEDATA, sinkPointer)
        try setter.callback(CURLOPT_HEADERFUNCTION, curlWriteHeader)
        try setter.pointer(CURLOPT_HEADERDATA, sinkPointer)
        // The progress callback is how an in-flight transfer notices that its task was cancelled.
        try setter.check("CURLOPT_XFERINFOFUNCTION", channelops_curl_setopt_progress(easy, curlProgress))
        try setter.pointer(CURLOPT_XFERINFODATA, Unmanaged.passUnretained(cancellation).toOpaque())
        try setter.long(CURLOPT_NOPROGRESS, 0)
    }

    private func setHeaders(
        _ setter: inout CurlOptionSetter, _ headers: [(name: String, value: String)], endpoint: String
    ) throws(TransportError) {
        curl_slist_free_all(headerList)
        headerList = nil
        // An empty `Expect:` stops libcurl from waiting for `100 Continue` before the body.
        var lines = ["Expect:"]
        for header in headers {
            guard !header.name.contains(where: \.isNewline), !header.value.contains(where: \.isNewline) else {
                throw TransportError(
                    kind: .other, endpoint: endpoint, message: "header '\(header.name)' contains a line break")
            }
            lines.append("\(header.name): \(header.value)")
        }
        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw TransportError(
                    kind: .other, endpoint: endpoint, message: "curl_slist_append failed: out of memory")
            }
            headerList = extended
        }
        try setter.check("CURLOPT_HTTPHEADER", channelops_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
    }

    private func setMethodAndBody(_ setter: inout CurlOptionSetter, _ request: HTTPRequest) throws(TransportError) {
        switch request.method {
        case "GET":
            try setter.long(CURLOPT_HTTPGET, 1)
        case "POST":
            try setter.long(CURLOPT_POST, 1)
        default:
            try setter.string(CURLOPT_CUSTOMREQUEST, request.method)
        }
        if request.method != "GET" {
            // The size must be set before COPYPOSTFIELDS, which then copies exactly that many bytes.
            try setter.long(CURLOPT_POSTFIELDSIZE, request.body.count)
            let code = request.body.withUnsafeBytes { bytes in
                // An empty body still needs a valid pointer; the size makes libcurl copy nothing.
                let start = UnsafeMutableRawPointer(mutating: bytes.baseAddress) ?? UnsafeMutableRawPointer(errorBuffer)
                return channelops_curl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, start)
            }
            try setter.check("CURLOPT_COPYPOSTFIELDS", code)
        }
    }

    /// Classifies a failed transfer and words its message with libcurl's own text.
    private func failure(_ code: CURLcode, cancellation: CurlCancellation, endpoint: String) -> TransportError {
        var requestBytes = 0
        // Whether any of the request left: if not, repeating it is always safe.
        let sizeCode = channelops_curl_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestBytes)
        let wasSent = sizeCode != CURLE_OK || requestBytes > 0
        let text = message(code)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return TransportError(kind: .connect, endpoint: endpoint, message: "could not connect: \(text)")
        case CURLE_OPERATION_TIMEDOUT:
            return wasSent
                ? TransportError(
                    kind: .timeout, endpoint: endpoint, message: "timed out waiting for the response: \(text)")
                : TransportError(kind: .connect, endpoint: endpoint, message: "timed out connecting: \(text)")
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            return wasSent
                ? TransportError(kind: .connectionReset, endpoint: endpoint, message: "connection dropped: \(text)")
                : TransportError(
                    kind: .connect, endpoint: endpoint, message: "connection dropped before sending: \(text)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
            return TransportError(kind: .tls, endpoint: endpoint, message: tlsMessage(text))
        case CURLE_ABORTED_BY_CALLBACK where cancellation.isCancelled:
            return TransportError(kind: .cancelled, endpoint: endpoint, message: "cancelled while in flight")
        case CURLE_WRITE_ERROR where sink.isOverLimit:
            return TransportError(
                kind: .other, endpoint: endpoint,
                message: "response larger than \(options.maximumResponseBytes) bytes; refused")
        default:
            return TransportError(kind: .other, endpoint: endpoint, message: text)
        }
    }

    private func tlsMessage(_ text: String) -> String {
        let trust =
            options.caBundlePath.map { "the CA bundle \($0) (AWS_CA_BUNDLE or ca_bundle) does not verify it" }
            ?? "if the endpoint uses a private CA, give its certificate in AWS_CA_BUNDLE or ca_bundle"
        return "TLS failed: \(text); certificate checks are never turned off: \(trust)"
    }

    /// `libcurl's summary (curl N): detail`, the detail from the error buffer when present.
    private func message(_ code: CURLcode) -> String {
        let summary = String(cString: curl_easy_strerror(code))
        let detail = String(cString: errorBuffer)
        let suffix = detail.isEmpty || detail == summary ? "" : ": \(detail)"
        return "\(summary) (curl \(code.rawValue))\(suffix)"
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let parts = duration.components
        return max(1, Int(parts.seconds) * 1_000 + Int(parts.attoseconds / 1_000_000_000_000_000))
    }
}

/// Sets options on one easy handle, turning a failed `curl_easy_setopt` into a `TransportError`
/// at once, with the option's name and libcurl's message.
private struct CurlOptionSetter {
    let easy: UnsafeMutableRawPointer
    let endpoint: String
    let errorBuffer: UnsafeMutablePointer<CChar>

    func long(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check("option \(option.rawValue)", channelops_curl_setopt_long(easy, option, value))
    }

    func string(_ option: CURLoption, _ value: String) throws(TransportError) {
        // libcurl copies string options, so the temporary C string may go after the call.
        try check("option \(option.rawValue)", channelops_curl_setopt_string(easy, option, value))
    }

    func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(TransportError) {
        try check("option \(option.rawValue)", channelops_curl_setopt_pointer(easy, option, value))
    }

    func callback(_ option: CURLoption, _ value: channelops_curl_data_callback) throws(TransportError) {
        try check("option \(option.rawValue)", channelops_curl_setopt_callback(easy, option, value))
    }

    func check(_ what: String, _ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(code))
            throw TransportError(
                kind: .other, endpoint: endpoint,
                message: "curl_easy_setopt \(what) failed (curl \(code.rawValue)): \(text)")
        }
    }
}

private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else {
        return 0
    }
    let sink = Unmanaged<CurlResponseSink>.fromOpaque(context).takeUnretainedValue()
    return sink.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else {
        return 0
    }
    let sink = Unmanaged<CurlResponseSink>.fromOpaque(context).takeUnretainedValue()
    sink.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private func curlProgress(
    _ context: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloadNow: curl_off_t,
    _ uploadTotal: curl_off_t, _ uploadNow: curl_off_t
) -> Int32 {
    guard let context else {
        return 0
    }
    return Unmanaged<CurlCancellation>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
}
