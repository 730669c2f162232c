import Foundation

/// A temporary folder that is removed with everything in it when the value goes away.
final class Scratch {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("gitstore-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // A folder left behind in the temporary directory is harmless; the test already ran.
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    func folder(_ name: String) -> String { path + "/" + name }
}
