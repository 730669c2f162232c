import ChannelCore
import Synchronization

/// A `KeyDelivery` that keeps sealed keys in memory for the status commit that follows the run.
///
/// Each delivery stages `status/keys/<user>.age` (see `SealedKeyFiles`); a later one for the
/// same user replaces it. The status writer takes `files` and merges them with what the branch
/// holds (`SealedKeyFiles.merged`). A key staged here counts as delivered; when the commit does
/// not land, the next run finds the key without a record and retires it. Safe to use from
/// several channels at once.
public final class StagedKeyDelivery: KeyDelivery {
    private let staged = Mutex<[String: [UInt8]]>([:])

    /// Creates an empty stage.
    public init() {}

    /// The sealed files staged so far, by path relative to `status/`.
    public var files: [String: [UInt8]] { staged.withLock { $0 } }

    /// Returns the files staged so far and empties the stage, so that an engine kept for many
    /// runs (as `watch` keeps it) hands each status commit only the keys of its own run.
    public func take() -> [String: [UInt8]] {
        staged.withLock { files in
            defer { files = [:] }
            return files
        }
    }

    public func deliver(_ key: SealedAccessKey) async throws(KeyDeliveryError) {
        staged.withLock { $0[SealedKeyFiles.path(forUser: key.user)] = key.sealed }
    }
}
