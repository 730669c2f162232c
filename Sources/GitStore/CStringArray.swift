internal import CLibGit2

/// Owns C copies of a list of strings, laid out as the `git_strarray` that libgit2 reads.
///
/// libgit2 only reads the array during a call; keep this object alive across that call.
final class CStringArray {
    private let strings: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    /// Copies `values`, each with a terminating NUL.
    init(_ values: [String]) {
        count = values.count
        strings = .allocate(capacity: max(values.count, 1))
        for (index, value) in values.enumerated() {
            let bytes = Array(value.utf8CString)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            copy.initialize(from: bytes, count: bytes.count)
            (strings + index).initialize(to: copy)
        }
    }

    deinit {
        for index in 0..<count {
            strings[index]?.deallocate()
        }
        strings.deinitialize(count: count)
        strings.deallocate()
    }

    /// The array as libgit2 reads it; valid while this object lives.
    var strarray: git_strarray { git_strarray(strings: strings, count: count) }
}
