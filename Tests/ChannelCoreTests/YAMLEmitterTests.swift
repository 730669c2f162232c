import Testing

@testable import ChannelCore

@Suite("YAML emitter")
struct YAMLEmitterTests {
    @Test("nested maps and lists come out in block style with two-space indentation")
    func blockLayout() throws {
        let value = try JSONValue(
            parsing: """
                {"name": "bot", "list": ["a", {"k": "v", "n": [1, 2]}, [true, null]],
                 "map": {"inner": {"deep": "x"}}, "empty": [], "none": {}}
                """
        )
        let expected = """
            name: bot
            list:
              - a
              - k: v
                "n":
                  - 1
                  - 2
              - - true
                - null
            map:
              inner:
                deep: x
            empty: []
            none: {}

            """
        #expect(value.yamlText() == expected)
    }

    @Test("a scalar or empty root is one line")
    func scalarRoot() {
        #expect(JSONValue.string("yes").yamlText() == "\"yes\"\n")
        #expect(JSONValue.array([]).yamlText() == "[]\n")
        #expect(JSONValue.object([]).yamlText() == "{}\n")
    }

    @Test(
        "a string is plain only when no YAML reader can take it for something else",
        arguments: [
            ("support-bot", "support-bot"),
            ("/channelops/", "/channelops/"),
            ("channelops:managed-by", "channelops:managed-by"),
            (
                "arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*",
                "arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"
            ),
            ("a.b_c@d+e=f", "a.b_c@d+e=f"),
            ("", "\"\""),
            ("yes", "\"yes\""),
            ("No", "\"No\""),
            ("ON", "\"ON\""),
            ("off", "\"off\""),
            ("y", "\"y\""),
            ("True", "\"True\""),
            ("null", "\"null\""),
            ("Null0", "Null0"),
            ("4217", "\"4217\""),
            ("0123", "\"0123\""),
            ("2012-10-17", "\"2012-10-17\""),
            ("1e3", "\"1e3\""),
            (".inf", "\".inf\""),
            ("~", "\"~\""),
            ("-a", "\"-a\""),
            ("*", "\"*\""),
            ("&a", "\"&a\""),
            ("key:", "\"key:\""),
            ("a b", "\"a b\""),
            ("a #b", "\"a #b\""),
            ("a,b", "\"a,b\""),
            ("[x]", "\"[x]\""),
            ("quote\"back\\slash", #""quote\"back\\slash""#),
            ("tab\tline\nend", #""tab\tline\nend""#),
            ("bell\u{7}", #""bell\u0007""#),
            ("café", "\"café\""),
            ("del\u{7F}nel\u{85}ls\u{2028}bom\u{FEFF}", #""del\u007fnel\u0085ls\u2028bom\ufeff""#),
            ("emoji😀", "\"emoji😀\""),
        ]
    )
    func quoting(text: String, expected: String) {
        #expect(JSONValue.object([JSONValue.Member("k", .string(text))]).yamlText() == "k: \(expected)\n")
    }

    @Test("keys follow the same quoting rule as values")
    func keyQuoting() {
        let value = JSONValue.object([
            JSONValue.Member("on", .string("x")),
            JSONValue.Member("cost center", .string("4217")),
        ])
        #expect(value.yamlText() == "\"on\": x\n\"cost center\": \"4217\"\n")
    }
}
