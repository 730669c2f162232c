/// One problem found in the manifests, tied to the place that causes it.
///
/// Diagnostics are collected, not thrown one at a time, so that a single run reports every problem
/// in every file. `description` is the compiler-style line printed on standard error.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var location: SourceLocation
    /// What is wrong and what is allowed, without the location; for example
    /// `unknown field 'consumer'; did you mean 'consumers'?`.
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.message) < (rhs.location, rhs.message)
    }
}
