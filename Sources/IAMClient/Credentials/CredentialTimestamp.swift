import Foundation

/// Parses the expiration times credential sources send.
enum CredentialTimestamp {
    /// The moment an ISO 8601 UTC time names, with or without fractional seconds
    /// (`2026-12-03T18:33:07Z`, `2026-12-03T18:33:07.042858Z`); `nil` for anything else.
    static func date(from text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) {
            return date
        }
        // Fractional seconds of any length: drop them, parse the rest, add them back.
        guard let dot = text.firstIndex(of: "."),
            let zone = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." })
        else {
            return nil
        }
        let whole = String(text[..<dot] + text[zone...])
        guard let date = try? Date(whole, strategy: .iso8601), let fraction = Double("0" + text[dot..<zone]) else {
            return nil
        }
        return date.addingTimeInterval(fraction)
    }
}
