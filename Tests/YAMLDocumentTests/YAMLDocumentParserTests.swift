import ChannelCore
import Testing
import YAMLDocument

/// Parses text as the file `m.yaml`.
func parse(_ text: String) throws(YAMLDocumentError) -> [ManifestDocument] {
    try YAMLDocumentParser.parse(Array(text.utf8), file: "m.yaml")
}

func at(_ line: Int, _ column: Int) -> ChannelCore.SourceLocation {
    ChannelCore.SourceLocation(file: "m.yaml", line: line, column: column)
}

func scalar(_ text: String, _ style: ManifestNode.ScalarStyle, _ location: ChannelCore.SourceLocation) -> ManifestNode {
    ManifestNode(.scalar(text, style), at: location)
}

func scalar(_ text: String, _ location: ChannelCore.SourceLocation) -> ManifestNode {
    ManifestNode(.scalar(text, .plain), at: location)
}

/// The entries of a mapping node, or an issue when it is something else.
func entries(_ node: ManifestNode?) throws -> [ManifestNode.Entry] {
    guard case .mapping(let entries) = try #require(node).content else {
        Issue.record("expected a mapping, found \(String(describing: node))")
        return []
    }
    return entries
}

@Suite("parsing YAML into located trees")
struct YAMLDocumentParserTests {
    @Test("scalars keep their exact text, style and 1-based place")
    func scalars() throws {
        let text = """
            plain: yes
            single: '0123'
            double: "a\\tb"
            literal: |
              line one
              line two
            folded: >
              folded
              text
            empty:
            """
        let documents = try parse(text)
        #expect(documents.count == 1)
        let document = try #require(documents.first)
        #expect(document.location == at(1, 1))
        #expect(document.diagnostics == [])
        let expected: [ManifestNode.Entry] = [
            .init(key: scalar("plain", at(1, 1)), value: scalar("yes", at(1, 8))),
            .init(key: scalar("single", at(2, 1)), value: scalar("0123", .singleQuoted, at(2, 9))),
            .init(key: scalar("double", at(3, 1)), value: scalar("a\tb", .doubleQuoted, at(3, 9))),
            .init(key: scalar("literal", at(4, 1)), value: scalar("line one\nline two\n", .literal, at(4, 10))),
            .init(key: scalar("folded", at(7, 1)), value: scalar("folded text\n", .folded, at(7, 9))),
            .init(key: scalar("empty", at(10, 1)), value: scalar("", at(10, 7))),
        ]
        #expect(try entries(document.root) == expected)
    }

    @Test("lists and mappings are located where their content starts, flow or block")
    func collections() throws {
        let text = """
            a:
              - x
              - {k: v}
            b: [1, [2]]
            """
        let document = try #require(try parse(text).first)
        let root = try #require(document.root)
        #expect(root.location == at(1, 1))
        let inner = ManifestNode(
            .mapping([.init(key: scalar("k", at(3, 6)), value: scalar("v", at(3, 9)))]), at: at(3, 5))
        let a = ManifestNode(.sequence([scalar("x", at(2, 5)), inner]), at: at(2, 3))
        let nested = ManifestNode(.sequence([scalar("2", at(4, 9))]), at: at(4, 8))
        let b = ManifestNode(.sequence([scalar("1", at(4, 5)), nested]), at: at(4, 4))
        let expected: [ManifestNode.Entry] = [
            .init(key: scalar("a", at(1, 1)), value: a),
            .init(key: scalar("b", at(4, 1)), value: b),
        ]
        #expect(try entries(root) == expected)
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let document = try #require(try parse("größe: 東京\nnext: ok\n").first)
        #expect(
            try entries(document.root) == [
                .init(key: scalar("größe", at(1, 1)), value: scalar("東京", at(1, 8))),
                .init(key: scalar("next", at(2, 1)), value: scalar("ok", at(2, 7))),
            ])
    }

    @Test("each document of a multi-document file is located at its start; an empty one has no root")
    func multiDocument() throws {
        let text = """
            a: 1
            ---
            b: 2
            ---
            ---
            # only a comment
            c: 3
            """
        let documents = try parse(text)
        #expect(documents.map(\.location) == [at(1, 1), at(2, 1), at(4, 1), at(5, 1)])
        #expect(documents.map { $0.root == nil } == [false, false, true, false])
        #expect(try entries(documents[3].root).map(\.key) == [scalar("c", at(7, 1))])
    }

    @Test("a trailing document separator adds an empty document")
    func trailingSeparator() throws {
        let documents = try parse("a: 1\n---\n")
        #expect(documents.map { $0.root == nil } == [false, true])
    }

    @Test(
        "input with no document yields none",
        arguments: ["", "\n\n", "   ", "# just a comment\n", "\u{FEFF}"])
    func noDocuments(_ text: String) throws {
        #expect(try parse(text) == [])
    }

    @Test("UTF-8 and UTF-16 byte order marks are understood")
    func byteOrderMarks() throws {
        let utf8 = try YAMLDocumentParser.parse([0xEF, 0xBB, 0xBF] + Array("a: b".utf8), file: "m.yaml")
        let utf16: [UInt8] = [0xFE, 0xFF] + "a: b".utf8.flatMap { [0, $0] }
        let expected = [ManifestNode.Entry(key: scalar("a", at(1, 1)), value: scalar("b", at(1, 4)))]
        #expect(try entries(utf8.first?.root) == expected)
        #expect(try entries(try YAMLDocumentParser.parse(utf16, file: "m.yaml").first?.root) == expected)
    }

    @Test("explicit tags are kept, standard ones in their short !! form")
    func tags() throws {
        let text = """
            a: !!str 0123
            b: !<tag:yaml.org,2002:int> 5
            c: !custom x
            d: ! 7
            e: !!map {k: v}
            """
        let values = try entries(try parse(text).first?.root).map(\.value.tag)
        #expect(values == ["!!str", "!!int", "!custom", "!", "!!map"])
    }

    @Test("aliases are resolved to copies of the anchored node, which keep its place (the anchor's)")
    func aliases() throws {
        let text = """
            base: &shared [lex:PostText]
            copy: *shared
            name: &n web
            again: *n
            """
        let items = try entries(try parse(text).first?.root)
        let shared = ManifestNode(.sequence([scalar("lex:PostText", at(1, 16))]), at: at(1, 7))
        #expect(items.map(\.value) == [shared, shared, scalar("web", at(3, 7)), scalar("web", at(3, 7))])
    }

    @Test("a duplicate key is reported at the second place, naming the first, and its entry is left out")
    func duplicateKeys() throws {
        let text = """
            name: a
            "name": b
            other: c
            """
        let document = try #require(try parse(text).first)
        #expect(
            document.diagnostics.map(\.description) == [
                "m.yaml:2:1: error: duplicate key 'name', first written at m.yaml:1:1; a key may appear only once in a mapping"
            ])
        #expect(try entries(document.root).map(\.value) == [scalar("a", at(1, 7)), scalar("c", at(3, 8))])
    }

    @Test("duplicates are found in big mappings too, where keys are indexed")
    func duplicateKeysInBigMapping() throws {
        let lines = (0..<40).map { "key\($0): \($0)" } + ["key3: again", "key39: again"]
        let document = try #require(try parse(lines.joined(separator: "\n")).first)
        #expect(
            document.diagnostics.map(\.description) == [
                "m.yaml:41:1: error: duplicate key 'key3', first written at m.yaml:4:1; a key may appear only once in a mapping",
                "m.yaml:42:1: error: duplicate key 'key39', first written at m.yaml:40:1; "
                    + "a key may appear only once in a mapping",
            ])
        #expect(try entries(document.root).count == 40)
    }

    @Test("a key that is a list or mapping is reported and left out with its value")
    func nonStringKeys() throws {
        let text = """
            ? [a, b]
            : list
            ? {k: v}
            : map
            ok: yes
            """
        let document = try #require(try parse(text).first)
        #expect(
            document.diagnostics.map(\.description) == [
                "m.yaml:1:3: error: a mapping key must be a string, found a list",
                "m.yaml:3:3: error: a mapping key must be a string, found a mapping",
            ])
        #expect(try entries(document.root).map(\.key) == [scalar("ok", at(5, 1))])
    }

    @Test("a file that cannot be parsed becomes an unreadable manifest file with the error's diagnostic")
    func manifestFile() throws {
        let broken = YAMLDocumentParser.manifestFile(Array("a: [1".utf8), path: "x/m.yaml")
        #expect(broken.path == "x/m.yaml")
        guard case .unreadable(let diagnostic) = broken.contents else {
            Issue.record("expected an unreadable file, got \(broken.contents)")
            return
        }
        #expect(
            diagnostic.description
                == "x/m.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' "
                + "(while parsing a flow sequence started at line 1, column 4)")
        let good = YAMLDocumentParser.manifestFile(Array("a: 1".utf8), path: "m.yaml")
        #expect(good == ManifestFile(path: "m.yaml", documents: try parse("a: 1")))
    }
}
