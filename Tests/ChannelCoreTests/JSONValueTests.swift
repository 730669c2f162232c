import Testing

@testable import ChannelCore

@Suite("JSON model")
struct JSONValueTests {
    @Test("parsing keeps member order, number text and escapes")
    func parsesFaithfully() throws {
        let text = #" {"b": 1.50, "a": [true, false, null, -0, 1E+3], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é"} "#
        let value = try JSONValue(parsing: text)
        let expected = JSONValue.object([
            JSONValue.Member("b", .number(try #require(JSONNumber("1.50")))),
            JSONValue.Member(
                "a",
                .array([
                    .bool(true), .bool(false), .null, .number(try #require(JSONNumber("-0"))),
                    .number(try #require(JSONNumber("1E+3"))),
                ])
            ),
            JSONValue.Member("s", .string("q\"\\/\u{8}\u{C}\n\r\té😀é")),
        ])
        #expect(value == expected)
        #expect(value["b"] == .number(JSONNumber(validatedText: "1.50")))
        #expect(value["missing"] == nil)
    }

    @Test("compact text has no whitespace and escapes only what JSON requires")
    func writesCompact() throws {
        let value = try JSONValue(parsing: #"{"k": ["a/b", "é", "\u0001\t", 10, {}, []], "e": {"x": null}}"#)
        #expect(value.text(.compact) == #"{"k":["a/b","é","\u0001\t",10,{},[]],"e":{"x":null}}"#)
    }

    @Test("pretty text indents by two spaces with one item per line")
    func writesPretty() throws {
        let value = try JSONValue(parsing: #"{"k": ["a", {"b": true}], "empty": [], "o": {}}"#)
        let expected = """
            {
              "k": [
                "a",
                {
                  "b": true
                }
              ],
              "empty": [],
              "o": {}
            }
            """
        #expect(value.text(.pretty) == expected)
    }

    @Test("written text parses back to the same value")
    func roundTrips() throws {
        let source = #"{"a":"\u0000\u001f\"\\","b":[1,2.5e-3,{"c":"ü"}],"d":false}"#
        let value = try JSONValue(parsing: source)
        #expect(try JSONValue(parsing: value.text(.compact)) == value)
        #expect(try JSONValue(parsing: value.text(.pretty)) == value)
        #expect(value.text(.compact) == source)
    }

    @Test(
        "a JSON number is accepted only in JSON's grammar",
        arguments: [
            ("0", true), ("-12", true), ("1.5e10", true), ("1E-2", true),
            ("01", false), ("1.", false), (".5", false), ("+1", false), ("1e", false), ("", false),
            ("NaN", false), ("1 ", false),
        ]
    )
    func numberGrammar(text: String, isValid: Bool) {
        #expect((JSONNumber(text) != nil) == isValid)
    }

    @Test(
        "malformed JSON is rejected with its line, column and problem",
        arguments: [
            ("", "line 1, column 1: unexpected end of input; expected a value"),
            ("   ", "line 1, column 4: unexpected end of input; expected a value"),
            ("{\"a\": 1,}", "line 1, column 9: trailing comma before '}'"),
            ("[1, 2,]", "line 1, column 7: trailing comma before ']'"),
            ("{\"a\" 1}", "line 1, column 6: expected ':' after an object key, found '1'"),
            ("{a: 1}", "line 1, column 2: expected a string key, found 'a'"),
            ("{\"a\": 1 \"b\": 2}", "line 1, column 9: expected ',' or '}' after an object member, found '\"'"),
            ("[1 2]", "line 1, column 4: expected ',' or ']' after an array element, found '2'"),
            ("[1", "line 1, column 3: expected ',' or ']' after an array element, found end of input"),
            ("{\"a\": 1", "line 1, column 8: expected ',' or '}' after an object member, found end of input"),
            ("{\n  \"a\": 1,\n  \"a\": 2\n}", "line 3, column 3: duplicate key 'a' in an object"),
            ("\"abc", "line 1, column 1: unterminated string; expected '\"' before the end of input"),
            ("\"a\nb\"", "line 1, column 3: unescaped control character U+000A in a string"),
            (#""\x""#, #"line 1, column 2: invalid escape '\x' in a string"#),
            (#""\u12G4""#, #"line 1, column 2: invalid '\u' escape; expected four hexadecimal digits"#),
            (#""\ud800""#, #"line 1, column 2: unpaired surrogate '\uD800' in a string"#),
            (#""\ud800\u0041""#, #"line 1, column 2: unpaired surrogate '\uD800' in a string"#),
            (#""\udc00""#, #"line 1, column 2: unpaired surrogate '\uDC00' in a string"#),
            ("tru", "line 1, column 1: invalid literal; expected 'true'"),
            ("nul", "line 1, column 1: invalid literal; expected 'null'"),
            ("NaN", "line 1, column 1: unexpected 'N'; expected a value"),
            ("01", "line 1, column 2: invalid number; a leading zero must not be followed by a digit"),
            ("-", "line 1, column 2: invalid number; expected a digit"),
            ("1.e5", "line 1, column 3: invalid number; expected a digit after '.'"),
            ("2e+", "line 1, column 4: invalid number; expected a digit in the exponent"),
            ("{} {}", "line 1, column 4: unexpected '{' after the JSON value"),
            ("['a']", "line 1, column 2: unexpected '''; expected a value"),
            ("// c\n{}", "line 1, column 1: unexpected '/'; expected a value"),
            ("\u{FEFF}{}", "line 1, column 1: unexpected U+FEFF; expected a value"),
            ("{\"é\": x}", "line 1, column 7: unexpected 'x'; expected a value"),
        ]
    )
    func rejectsMalformed(text: String, message: String) {
        let error = #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
        #expect(error?.description == message)
    }

    @Test("nesting is accepted up to the limit and rejected one level past it")
    func nestingLimit() throws {
        let depth = JSONValue.maximumNestingDepth
        let atLimit = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONValue(parsing: atLimit)

        let pastLimit = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        let error = #expect(throws: JSONError.self) { try JSONValue(parsing: pastLimit) }
        #expect(error?.description == "line 1, column 513: arrays and objects nested deeper than 512 levels")
    }

    @Test("deeply nested hostile input fails cleanly instead of exhausting the stack")
    func hostileNesting() {
        let text = String(repeating: "{\"a\":", count: 100_000)
        let error = #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
        #expect(error?.offset == 5 * 512)
    }

    @Test("the error offset counts bytes while the column counts characters")
    func columnCountsCharacters() {
        let error = #expect(throws: JSONError.self) { try JSONValue(parsing: "[\"éé\" x]") }
        #expect(error?.column == 7)
        #expect(error?.offset == 8)
    }
}
