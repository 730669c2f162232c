import ChannelCore
import Testing
import YAMLDocument

/// A small seeded generator (SplitMix64), so that every run tries the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Parses and validates bytes the way the command line will, and checks that the outcome is
/// well-formed: either documents, or an error placed inside the input with a message.
func checkSurvives(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    // libyaml also breaks lines at CR, NEL (C2 85), LS and PS (E2 80 A8/A9): bound from above.
    let lineCount = bytes.reduce(1) { $0 + ([0x0A, 0x0D, 0x85, 0xA8, 0xA9].contains($1) ? 1 : 0) }
    do {
        let documents = try YAMLDocumentParser.parse(bytes, file: "f.yaml")
        let set = loadManifests([ManifestFile(path: "f.yaml", documents: documents)])
        for diagnostic in set.diagnostics {
            #expect(diagnostic.location.line >= 1, sourceLocation: sourceLocation)
            #expect(!diagnostic.message.isEmpty, sourceLocation: sourceLocation)
        }
    } catch {
        #expect(error.location.file == "f.yaml", sourceLocation: sourceLocation)
        #expect((1...lineCount + 1).contains(error.location.line), "\(error)", sourceLocation: sourceLocation)
        #expect(error.location.column >= 1, sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }
}

func parseError(_ bytes: [UInt8]) -> YAMLDocumentError? {
    do {
        _ = try YAMLDocumentParser.parse(bytes, file: "f.yaml")
        return nil
    } catch {
        return error
    }
}

@Suite("hostile and broken input")
struct RobustnessTests {
    @Test("a 10 MB file is refused before parsing, quickly")
    func tenMegabytes() throws {
        let line = Array("key: value with some text\n".utf8)
        let bytes = Array(repeating: line, count: 10_000_000 / line.count + 1).flatMap { $0 }
        let clock = ContinuousClock()
        var error: YAMLDocumentError?
        let elapsed = clock.measure { error = parseError(bytes) }
        #expect(try #require(error).kind == .fileTooLarge)
        #expect(error?.location == ChannelCore.SourceLocation(file: "f.yaml", line: 1, column: 1))
        // Generous for a loaded machine; parsing 10 MB instead of refusing it would take longer.
        #expect(elapsed < .seconds(10))
    }

    @Test("a file of exactly 1 MiB is read; one byte more is refused")
    func sizeBoundary() throws {
        let manifest = Array(manifest().utf8)
        let padding = YAMLDocumentParser.maximumFileSize - manifest.count - 2
        let atLimit = manifest + Array("#".utf8) + Array(repeating: UInt8(ascii: "x"), count: padding) + [0x0A]
        #expect(atLimit.count == 1_048_576)
        let set = loadManifests([YAMLDocumentParser.manifestFile(atLimit, path: "f.yaml")])
        #expect(set.channels.map(\.name) == ["support-bot"])
        #expect(parseError(atLimit + [0x0A])?.kind == .fileTooLarge)
    }

    @Test(
        "nesting 10,000 levels deep is refused at level 65, in every style",
        arguments: [
            (String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), 1, 65),
            (String(repeating: "{a: ", count: 10_000) + "b" + String(repeating: "}", count: 10_000), 1, 257),
            (String(repeating: "- ", count: 10_000) + "a", 1, 129),
        ])
    func deepNesting(_ text: String, _ line: Int, _ column: Int) throws {
        let error = try #require(parseError(Array(text.utf8)))
        #expect(error.kind == .nestingTooDeep)
        #expect(error.location == ChannelCore.SourceLocation(file: "f.yaml", line: line, column: column))
    }

    @Test("64 levels of nesting are read")
    func depthBoundary() throws {
        let text = String(repeating: "[", count: 64) + "x" + String(repeating: "]", count: 64)
        var node = try #require(try YAMLDocumentParser.parse(Array(text.utf8), file: "f.yaml").first?.root)
        var depth = 0
        while case .sequence(let items) = node.content, let first = items.first {
            depth += 1
            node = first
        }
        #expect(depth == 64)
        #expect(node.content == .scalar("x", .plain))
    }

    @Test("the billion laughs stops at the alias budget, quickly")
    func billionLaughs() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let clock = ContinuousClock()
        var error: YAMLDocumentError?
        let elapsed = clock.measure { error = parseError(Array(lines.joined(separator: "\n").utf8)) }
        #expect(try #require(error).kind == .aliasExpansionTooLarge)
        // Generous for a loaded machine; the unbounded expansion (10^9 nodes) would never end.
        #expect(elapsed < .seconds(30))
    }

    @Test("aliases may copy exactly 100,000 nodes in a file, not one more")
    func aliasBoundary() throws {
        func anchoredList(_ count: Int, aliases: Int) -> [UInt8] {
            let items = Array(repeating: "a", count: count).joined(separator: ",")
            return Array(("x: &x [\(items)]\n" + (0..<aliases).map { "y\($0): *x\n" }.joined()).utf8)
        }
        // A list of n items is n + 1 nodes.
        let exact = try YAMLDocumentParser.parse(anchoredList(99_999, aliases: 1), file: "f.yaml")
        #expect(exact.count == 1)
        #expect(parseError(anchoredList(100_000, aliases: 1))?.kind == .aliasExpansionTooLarge)
        #expect(parseError(anchoredList(49_999, aliases: 3))?.kind == .aliasExpansionTooLarge)
    }

    @Test("random bytes never crash or hang the reader and validator")
    func randomBytes() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<1_500 {
            let count = Int.random(in: 0...600, using: &random)
            checkSurvives((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) })
        }
    }

    @Test("random YAML punctuation never crashes or hangs the reader and validator")
    func randomSyntax() {
        let alphabet = Array("[]{}:,-?!&*|>'\"#%@`~\\ \n\t\r0aZ.".utf8) + Array("\n  - ".utf8)
        var random = SeededGenerator(seed: 2)
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...200, using: &random)
            checkSurvives((0..<count).map { _ in alphabet.randomElement(using: &random) ?? 0 })
        }
    }

    @Test("random damage to a valid manifest never crashes the reader and validator")
    func mutatedManifests() {
        let base = Array(
            manifest(
                permission: ["conditions: {StringEquals: {aws:RequestedRegion: [us-east-1]}}"],
                spec: ["tags: {cost-center: '4217'}", "protect: false", "description: |", "  text"]
            ).utf8)
        var random = SeededGenerator(seed: 3)
        for _ in 0..<1_500 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1:
                    bytes.insert(base.randomElement(using: &random) ?? 0, at: index)
                default:
                    bytes.remove(at: index)
                }
            }
            checkSurvives(bytes)
        }
    }

    @Test("binary files are refused as not text")
    func binary() throws {
        let allBytes = (0...255).map { UInt8($0) }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        let zeros = [UInt8](repeating: 0, count: 4096)
        for bytes in [allBytes, png, zeros] {
            let error = try #require(parseError(bytes))
            #expect(error.kind == .notText)
        }
    }

    @Test(
        "malformed UTF-8 is refused, whatever the flaw",
        arguments: [
            [0xC0, 0x80],  // overlong NUL
            [0xED, 0xA0, 0x80],  // an encoded surrogate
            [0xF8, 0x88, 0x80, 0x80, 0x80],  // a five-byte sequence
            [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
            [0xE2, 0x82],  // cut off at the end
        ] as [[UInt8]])
    func malformedUTF8(_ flaw: [UInt8]) throws {
        let error = try #require(parseError(Array("a: ".utf8) + flaw))
        #expect(error.kind == .notText)
        #expect(error.location == ChannelCore.SourceLocation(file: "f.yaml", line: 1, column: 4))
    }

    @Test("an empty file has no documents and is valid")
    func empty() throws {
        #expect(try YAMLDocumentParser.parse([], file: "f.yaml") == [])
        #expect(loadManifests([YAMLDocumentParser.manifestFile([], path: "f.yaml")]) == ManifestSet())
    }

    @Test("a mapping of 40,000 keys with a late duplicate is read and the duplicate found")
    func bigMapping() throws {
        let lines = (0..<40_000).map { "k\($0): v" } + ["k7: again"]
        let document = try #require(
            try YAMLDocumentParser.parse(Array(lines.joined(separator: "\n").utf8), file: "f.yaml").first)
        #expect(
            document.diagnostics.map(\.message) == [
                "duplicate key 'k7', first written at f.yaml:8:1; a key may appear only once in a mapping"
            ])
    }

    @Test("parsing many files concurrently gives the same files in the same order as one by one")
    func parallelFiles() async {
        let inputs = (0..<37).map { index in
            (path: "c\(index).yaml", bytes: Array((index == 5 ? "a: [" : manifest(name: "c\(index)")).utf8))
        }
        let sequential = inputs.map { YAMLDocumentParser.manifestFile($0.bytes, path: $0.path) }
        for width in [1, 2, 3, 64] {
            let parallel = await YAMLDocumentParser.manifestFiles(inputs, maximumConcurrency: width)
            #expect(parallel == sequential)
        }
        #expect(await YAMLDocumentParser.manifestFiles([], maximumConcurrency: 2) == [])
    }

    @Test("files can be parsed from many tasks at once")
    func concurrentParsing() async {
        let inputs = (0..<64).map { Array(manifest(name: "c\($0)", consumer: "u\($0)").utf8) }
        let files = await withTaskGroup(of: ManifestFile.self) { group in
            for (index, bytes) in inputs.enumerated() {
                group.addTask { YAMLDocumentParser.manifestFile(bytes, path: "c\(index).yaml") }
            }
            var files: [ManifestFile] = []
            for await file in group {
                files.append(file)
            }
            return files
        }
        let set = loadManifests(files)
        #expect(set.diagnostics == [])
        #expect(set.channels.count == 64)
    }
}
