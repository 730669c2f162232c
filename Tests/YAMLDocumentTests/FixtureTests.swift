import ChannelCore
import Foundation
import Testing
import YAMLDocument

/// Reads every `*.yaml` and `*.yml` file below a fixture folder, as the command line will read a
/// manifest folder, with paths relative to `Fixtures/`.
func loadFixtureFolder(_ folder: String) throws -> ManifestSet {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let base = root.appendingPathComponent(folder)
    let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
    var paths: [String] = []
    for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
        paths.append(String(url.path.dropFirst(root.path.count + 1)))
    }
    let files = try paths.sorted().map { path in
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(path)))
        return YAMLDocumentParser.manifestFile(bytes, path: path)
    }
    return loadManifests(files)
}

@Suite("fixture folders")
struct FixtureTests {
    @Test("the valid fixtures load into the channels they declare")
    func valid() throws {
        let set = try loadFixtureFolder("valid")
        #expect(set.diagnostics == [])
        #expect(set.isValid)
        #expect(set.channels.map(\.name) == ["booking-bot", "research-agent", "support-bot"])
        let booking = set.channels[0]
        #expect(booking.tags == [KeyValue("on-call", "yes"), KeyValue("owner", "travel")])
        #expect(booking.permissions.map(\.actions) == [["lex:RecognizeText", "lex:RecognizeUtterance"]])
        let research = set.channels[1]
        #expect(research.labels == [KeyValue("tier", "0123")])
        #expect(research.consumers.map(\.name) == ["research-portal", "research-batch"])
        #expect(research.description == "Bedrock agent used by the research portal and its nightly batch.\n")
        #expect(research.protect)
        #expect(research.permissions[0].conditions.map(\.name) == ["StringEquals", "IpAddress"])
        #expect(research.location == ChannelCore.SourceLocation(file: "valid/assistants.yaml", line: 17, column: 1))
        let support = set.channels[2]
        #expect(support.permissions[0].actions == ["lex:PostText", "lex:PostContent"])
        #expect(support.permissions[0].resources == ["arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"])
        #expect(support.tags == [KeyValue("cost-center", "4217")])
    }

    @Test("the broken fixtures give every problem of every file, as the folder's README lists them")
    func broken() throws {
        let set = try loadFixtureFolder("broken")
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let readme = try String(contentsOf: root.appendingPathComponent("broken/README.md"), encoding: .utf8)
        // The README lists the expected lines, each indented by four spaces.
        let expected = readme.split(separator: "\n").filter { $0.hasPrefix("    broken/") }.map {
            String($0.dropFirst(4))
        }
        #expect(expected.count == 21)
        #expect(set.diagnostics.map(\.description) == expected)
        #expect(set.channels == [])
        #expect(
            set.invalidChannelNames == [
                "faq-bot", "a-channel-name-that-is-far-too-long-for-iam", "Orders", "billing-bot", "Billing-Bot",
            ])
        #expect(set.unreadableFiles == ["broken/team-b/not-yaml.yaml"])
    }
}
