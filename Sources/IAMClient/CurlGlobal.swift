import CCurl

/// The one place that initialises libcurl for the process.
///
/// `curl_global_init` must run once before any other libcurl call and is not safe to race
/// with one, so it runs in the initialiser of a `static let`, which Swift runs exactly once,
/// thread-safely, the first time a `CurlTransport` is created. `curl_global_cleanup` is never
/// called: libcurl stays initialised for the life of the process.
enum CurlGlobal {
    /// `nil` once libcurl is initialised; otherwise the failure, with libcurl's message.
    static let initializationFailure: String? = {
        let code = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        guard code == CURLE_OK else {
            return "curl_global_init failed (\(code.rawValue)): \(String(cString: curl_easy_strerror(code)))"
        }
        return nil
    }()
}
