import Testing

@testable import IAMClient

@Suite("Shared config file parsing")
struct ProfileFileTests {
    @Test("parses sections, comments, blanks, sub-sections and continued values as the SDKs do")
    func parsesTheSDKDialect() throws {
        let text = """
            # leading comment
            ; another comment style
            [default]
            region = eu-west-1
            Output=json

              [profile dev]   # comment after a header
            role_arn   =   arn:aws:iam::123456789012:role/dev ; trailing comment
            endpoint_url = http://localhost:4566/#fragment-is-kept
            s3 =
              max_concurrent_requests = 10
                # a comment inside the block
              addressing_style = path
            description = first line
              second line
            empty =
            [services local]\r
            iam =\r
              endpoint_url = http://127.0.0.1:5000\r
            """
        let file = try ProfileFile.parse(text, path: "/cfg")

        #expect(file.sections.map(\.header) == ["default", "profile dev", "services local"])
        #expect(file.sections.map(\.line) == [3, 7, 17])
        let defaults = file.sections[0].properties
        #expect(defaults["region"] == .init(value: "eu-west-1", subProperties: [:], line: 4))
        #expect(defaults["output"]?.value == "json", "keys are compared without case")

        let dev = file.sections[1].properties
        #expect(dev["role_arn"]?.value == "arn:aws:iam::123456789012:role/dev")
        #expect(dev["endpoint_url"]?.value == "http://localhost:4566/#fragment-is-kept")
        #expect(
            dev["s3"]
                == .init(
                    value: "", subProperties: ["max_concurrent_requests": "10", "addressing_style": "path"], line: 10))
        #expect(dev["description"]?.value == "first line\nsecond line")
        #expect(dev["empty"] == .init(value: "", subProperties: [:], line: 16))

        let services = file.sections[2].properties
        #expect(services["iam"]?.subProperties == ["endpoint_url": "http://127.0.0.1:5000"])
    }

    @Test("a key repeated in a section keeps its last value")
    func repeatedKeyKeepsLastValue() throws {
        let file = try ProfileFile.parse("[a]\nregion = one\nregion = two\n", path: "/cfg")
        #expect(file.sections[0].properties["region"] == .init(value: "two", subProperties: [:], line: 3))
    }

    @Test("an empty file has no sections")
    func emptyFile() throws {
        #expect(try ProfileFile.parse("", path: "/cfg").sections.isEmpty)
        #expect(try ProfileFile.parse("\n# only a comment\n\n", path: "/cfg").sections.isEmpty)
    }

    @Test(
        "a malformed line is reported with file, line and what is wrong, never its text",
        arguments: [
            (
                "[default]\nregion = x\naws_secret_access_key wJalrXUtnFEMI\n",
                "/cfg:3: expected 'name = value' or a [section] header; the line has no '='"
            ),
            ("region = x\n[default]\n", "/cfg:1: a setting comes before the first [section] header"),
            ("[default]\n[profile dev\n", "/cfg:2: the section header has no closing ']'"),
            ("[default] extra\n", "/cfg:1: unexpected text after the section header's ']'"),
            ("[ ]\n", "/cfg:1: the section header is empty; write [default] or [profile NAME]"),
            ("[default]\n = value\n", "/cfg:2: a setting name is missing before '='"),
            (
                "[default]\ns3 =\n  max_concurrent_requests\n",
                "/cfg:3: expected 'name = value' in the indented block under 's3'"
            ),
            ("[default]\ns3 =\n  = 10\n", "/cfg:3: a name is missing before '=' in the indented block under 's3'"),
        ]
    )
    func malformedLine(text: String, message: String) {
        let error = CredentialFixture.configurationErrorText { () throws(ConfigurationError) in
            _ = try ProfileFile.parse(text, path: "/cfg")
        }
        #expect(error == message)
        #expect(!error.contains("wJalrXUtnFEMI"))
    }
}
