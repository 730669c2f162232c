/// One AWS call before it is signed: the action, its parameters, the resource it is about and
/// whether it may be repeated when its outcome is unknown.
///
/// For the Query API, parameters keep the order they were added in and lists use its encoding:
/// `Name.member.1`, `Name.member.2`, and tags `Tags.member.N.Key` / `Tags.member.N.Value`. For
/// the JSON protocol the caller sets `jsonBody`, the whole JSON object sent.
package struct AWSRequest: Sendable {
    /// What the client does when the connection fails after the request was sent.
    package enum UnknownOutcomeHandling: Sendable, Equatable {
        /// Send it again: repeating the call is harmless, or the caller checks the answer of the
        /// repeat (`IAMError.followedUnknownOutcome` tells it so).
        case repeatRequest
        /// Stop at once with `IAMError.Reason.outcomeUnknown`: a repeat could do the change twice.
        case surface
    }

    /// The action as AWS spells it (`CreateUser`).
    package var action: String
    /// The parameters in the order they are sent, `Action` and `Version` excluded.
    package var parameters: [(name: String, value: String)]
    /// The resource the call is about as `key=value` pairs, used in errors and logs.
    package var resource: String
    /// What to do when the outcome of an attempt is unknown.
    package var unknownOutcome: UnknownOutcomeHandling
    /// The body of a JSON-protocol call; unused by the Query API. It may hold a secret (a
    /// secret's value), so like every body it is never logged or put into an error.
    package var jsonBody: [UInt8] = []

    /// Creates a request without parameters.
    package init(action: String, resource: String = "", unknownOutcome: UnknownOutcomeHandling = .repeatRequest) {
        self.action = action
        self.parameters = []
        self.resource = resource
        self.unknownOutcome = unknownOutcome
    }

    /// Adds a parameter; a `nil` value adds nothing.
    package mutating func add(_ name: String, _ value: String?) {
        if let value {
            parameters.append((name, value))
        }
    }

    /// Adds a list as `name.member.1`, `name.member.2`, ...; an empty list adds nothing.
    package mutating func addList(_ name: String, _ values: [String]) {
        for (offset, value) in values.enumerated() {
            parameters.append(("\(name).member.\(offset + 1)", value))
        }
    }

    /// Adds tags as `Tags.member.N.Key` and `Tags.member.N.Value`, in the order given.
    package mutating func addTags(_ tags: [IAMTag]) {
        for (offset, tag) in tags.enumerated() {
            parameters.append(("Tags.member.\(offset + 1).Key", tag.key))
            parameters.append(("Tags.member.\(offset + 1).Value", tag.value))
        }
    }

    /// The `application/x-www-form-urlencoded` body: `Action`, `Version`, then the parameters.
    package func formBody(version: String) -> [UInt8] {
        var pairs = [("Action", action), ("Version", version)]
        pairs.append(contentsOf: parameters.map { ($0.name, $0.value) })
        let text = pairs.map { "\(Self.percentEncoded($0.0))=\(Self.percentEncoded($0.1))" }
        return Array(text.joined(separator: "&").utf8)
    }

    /// Form-encodes a name or value: every byte of the UTF-8 form is percent-encoded except the
    /// unreserved characters `A-Z a-z 0-9 - _ . ~`, and a space becomes `+`.
    ///
    /// This is byte for byte what botocore sends. AWS accepts `%20` as well, but the emulator
    /// checks a signature against the form re-encoded this way, not against the body received.
    package static func percentEncoded(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                output.append(byte)
            case UInt8(ascii: " "):
                output.append(UInt8(ascii: "+"))
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `%XX` escapes, leaving `+` as it is.
    ///
    /// Returns `nil` for a malformed escape or bytes that are not UTF-8.
    package static func percentDecoded(_ value: String) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var bytes = value.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                continue
            }
            guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else {
                return nil
            }
            output.append(high << 4 | low)
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
