import Foundation

/// The most recently derived signing key of one signer, keyed by scope date.
///
/// A signer's region, service and credentials never change, so the date alone tells keys apart.
/// One entry suffices: requests are signed with the current date, which changes once a day.
final class SigningKeyCache: @unchecked Sendable {
    // Sendable: `entry` is read and written only while `lock` is held.
    private let lock = NSLock()
    // Limitation: the cached key stays in ordinary memory until replaced; it is not wiped.
    private var entry: (day: String, key: [UInt8])?

    /// Returns the key for `day`, calling `derive` only when it is not the cached one.
    ///
    /// Safe to call concurrently; two callers may both derive the same key on a date change.
    func key(
        for day: String,
        derive: (String) throws(SigV4Error) -> [UInt8]
    ) throws(SigV4Error) -> [UInt8] {
        lock.lock()
        let cached = entry
        lock.unlock()
        if let cached, cached.day == day {
            return cached.key
        }
        let key = try derive(day)
        lock.lock()
        entry = (day, key)
        lock.unlock()
        return key
    }
}
