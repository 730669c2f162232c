internal import CLibGit2

/// The SHA-1 name of a git object (commit, tree or blob), as 40 lower-case hex digits.
///
/// A value type that callers keep and compare freely; two ids are equal exactly when they name
/// the same object.
package struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 40 lower-case hexadecimal digits.
    package let hex: String

    /// Accepts exactly 40 hexadecimal digits, in either case; returns nil for anything else.
    package init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 40, lowered.utf8.allSatisfy({ Self.isHexDigit($0) }) else {
            return nil
        }
        self.hex = lowered
    }

    /// The first seven hex digits, as git abbreviates ids in messages.
    package var shortHex: String { String(hex.prefix(7)) }

    /// The full hex form.
    package var description: String { hex }

    /// Orders ids by their hex form, so sorted lists are stable.
    package static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

extension ObjectID {
    /// Copies a libgit2 id, borrowed or owned, into a Swift value.
    init(_ oid: git_oid) {
        var copy = oid
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(40)
        withUnsafeBytes(of: &copy.id) { raw in
            for byte in raw {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    /// Copies the id behind a borrowed pointer, failing when libgit2 returned none.
    init(_ pointer: UnsafePointer<git_oid>?, _ function: String, _ operation: @autoclosure () -> String)
        throws(GitError)
    {
        guard let pointer else {
            throw .missingValue(operation: operation(), function: function)
        }
        self.init(pointer.pointee)
    }

    /// True for the all-zero id libgit2 uses for "no object".
    var isZero: Bool { hex.utf8.allSatisfy { $0 == UInt8(ascii: "0") } }

    /// The libgit2 form of this id, decoded from the validated hex digits.
    var oid: git_oid {
        var result = git_oid()
        let text = Array(hex.utf8)
        withUnsafeMutableBytes(of: &result.id) { raw in
            for index in 0..<raw.count {
                raw[index] = Self.nibble(text[2 * index]) << 4 | Self.nibble(text[2 * index + 1])
            }
        }
        return result
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10
    }
}
