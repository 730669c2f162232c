/// Finds the nearest known word to a misspelt one, for `did you mean '...'?` hints.
///
/// Words are compared without ASCII case by optimal string alignment distance (insertions,
/// deletions, substitutions and swaps of two neighbouring characters each cost one). A candidate
/// is suggested only when it is close enough to be a plausible typo: at most a third of the
/// word's length, and never more than 3 edits.
package enum Suggestion {
    /// The candidate nearest to `word`, or nil when none is close enough.
    ///
    /// Ties go to the candidate that comes first in `candidates`.
    package static func nearest<C: Collection<String>>(to word: String, in candidates: C) -> String? {
        let input = lowercasedBytes(word)
        let limit = max(1, min(3, input.count / 3))
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let bytes = lowercasedBytes(candidate)
            // A length difference above the limit already rules the candidate out.
            guard abs(bytes.count - input.count) <= limit else {
                continue
            }
            let distance = editDistance(input, bytes)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.word
    }

    /// The optimal string alignment distance between two byte strings.
    package static func editDistance(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        if lhs.isEmpty {
            return rhs.count
        }
        if rhs.isEmpty {
            return lhs.count
        }
        let width = rhs.count + 1
        // Three rolling rows: two rows back is needed for swaps.
        var previous2 = [Int](repeating: 0, count: width)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            swap(&previous2, &previous)
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }

    private static func lowercasedBytes(_ word: String) -> [UInt8] {
        word.utf8.map { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }
    }
}
