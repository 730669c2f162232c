import Foundation
import Testing

/// The fixtures made with the real age tool; see Fixtures/README.md.
enum Fixture {
    /// The public key age-keygen printed for `identity.txt`.
    static let recipient = "age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a5atgxn4cj8sr0casxhgmtc"
    /// The plaintext of `sealed-by-age.age`.
    static let plaintext = Array("hello fixture".utf8)

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            "Fixtures/\(name) is missing from the AgeSealTests bundle")
        return Array(try Data(contentsOf: url))
    }

    /// The `AGE-SECRET-KEY-1...` line of `identity.txt`.
    static func secretKeyLine() throws -> String {
        let text = String(decoding: try bytes("identity.txt"), as: UTF8.self)
        return try #require(text.split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-1") }.map(String.init))
    }
}

/// Runs the real `age` and `age-keygen` from Debian's `age` package, through files only.
enum AgeTool {
    static let age = "/usr/bin/age"
    static let keygen = "/usr/bin/age-keygen"

    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: age) && FileManager.default.isExecutableFile(atPath: keygen)
    }

    /// Runs `executable` with `arguments` in `folder`; returns its exit status and standard error.
    ///
    /// Standard output goes to `stdout.bin` in `folder`. age creates an `-o` file only once it
    /// writes to it, so an empty plaintext is best read from standard output.
    static func run(_ executable: String, _ arguments: [String], in folder: URL) throws -> (
        status: Int32, errors: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let errorFile = folder.appendingPathComponent("stderr.txt")
        try Data().write(to: errorFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let outputFile = folder.appendingPathComponent("stdout.bin")
        try Data().write(to: outputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let errors = try String(contentsOf: errorFile, encoding: .utf8)
        return (process.terminationStatus, "\(executable) \(arguments.joined(separator: " ")): \(errors)")
    }

    /// A fresh empty folder, removed by `remove(_:)`.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agesealtests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func remove(_ folder: URL) {
        // A leftover folder under the temporary directory holds only throwaway test keys.
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Deterministic filler bytes of the given size, different at every offset within a chunk.
func sampleBytes(count: Int, seed: UInt8 = 1) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8 &+ Int(seed)) }
}
