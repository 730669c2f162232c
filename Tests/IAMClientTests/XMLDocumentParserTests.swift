import Testing

@testable import IAMClient

@Suite("the XML parser for Query API responses")
struct XMLDocumentParserTests {
    static func parse(_ text: String) throws(XMLDocumentError) -> XMLElementNode {
        try XMLDocumentParser.parse(Array(text.utf8))
    }

    @Test("elements, text, entities, character references, CDATA, comments and attributes")
    func wellFormed() throws {
        let root = try Self.parse(
            """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!-- leading comment -->
            <a:Root xmlns:a="urn:x" id='1'>
              <Name>R&amp;D &lt;&#52;&#x32;&gt; &quot;&apos;</Name>
              <Empty/>
              <Data><![CDATA[<not> & markup]]></Data>
              <!-- inner comment -->
              <List><member>1</member><member>2</member></List>
            </a:Root>
            """)
        #expect(root.name == "Root")
        #expect(root.childText("Name") == "R&D <42> \"'")
        #expect(root.child("Empty") == XMLElementNode(name: "Empty"))
        #expect(root.childText("Data") == "<not> & markup")
        #expect(root.members(of: "List").map(\.text) == ["1", "2"])
        #expect(root.members(of: "Missing").isEmpty)
        #expect(root.firstDescendant("member")?.text == "1")
    }

    @Test("non-ASCII text stays intact")
    func utf8() throws {
        #expect(try Self.parse("<a>café ✓ &#x1F600;</a>").text == "café ✓ 😀")
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let input: String
        let message: String
        var testDescription: String { message }
    }

    @Test(
        "malformed documents are refused with the offset and reason",
        arguments: [
            Malformed(input: "", message: "invalid XML at byte 0: the response body holds no XML element"),
            Malformed(input: "<a><b></a>", message: "invalid XML at byte 6: end tag 'a' does not match start tag 'b'"),
            Malformed(input: "<a>", message: "invalid XML at byte 3: the document ends inside element 'a'"),
            Malformed(input: "<a>x &nbsp; y</a>", message: "invalid XML at byte 5: unknown entity reference '&nbsp;'"),
            Malformed(input: "<a>&amp</a>", message: "invalid XML at byte 3: an '&' that starts no entity reference"),
            Malformed(
                input: "<!DOCTYPE a [<!ENTITY x \"y\">]><a/>",
                message: "invalid XML at byte 0: document type declarations are not accepted"),
            Malformed(input: "<a/><b/>", message: "invalid XML at byte 4: unexpected content after the root element"),
            Malformed(input: "text", message: "invalid XML at byte 0: expected '<' to open the root element"),
            Malformed(input: "<a x=1/>", message: "invalid XML at byte 5: expected a quoted attribute value in 'a'"),
        ])
    func malformed(_ testCase: Malformed) {
        #expect(throws: XMLDocumentError.self) { try Self.parse(testCase.input) }
        do {
            _ = try Self.parse(testCase.input)
        } catch {
            #expect(error.description == testCase.message)
        }
    }

    @Test("nesting deeper than the limit is refused without exhausting the stack")
    func deepNesting() {
        let depth = XMLDocumentParser.maximumDepth + 1
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        do {
            _ = try Self.parse(text)
            Issue.record("a document nested \(depth) deep was accepted")
        } catch {
            #expect(error.description == "invalid XML at byte 768: elements nest deeper than 256 levels")
        }
        #expect(throws: Never.self) {
            let ok = XMLDocumentParser.maximumDepth
            _ = try Self.parse(String(repeating: "<a>", count: ok) + String(repeating: "</a>", count: ok))
        }
    }
}
