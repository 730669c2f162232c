import Testing

@testable import ChannelCore

/// A moto-style answer: `json.dumps` spacing, then percent-encoded as IAM returns documents.
private let motoEncoded =
    "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Sid%22%3A%20%22SendText%22%2C%20"
    + "%22Effect%22%3A%20%22Allow%22%2C%20%22Action%22%3A%20%5B%22lex%3APostText%22%2C%20%22lex%3APostContent"
    + "%22%5D%2C%20%22Resource%22%3A%20%22arn%3Aaws%3Alex%3Aus-east-1%3A123456789012%3Abot/SupportBot%3A%2A%22"
    + "%2C%20%22Condition%22%3A%20%7B%22StringEquals%22%3A%20%7B%22aws%3ARequestedRegion%22%3A%20%22us-east-1"
    + "%22%7D%7D%7D%5D%7D"

private let canonicalCompact =
    #"{"Version":"2012-10-17","Statement":[{"Sid":"SendText","Effect":"Allow","#
    + #""Action":["lex:PostText","lex:PostContent"],"Resource":"arn:aws:lex:us-east-1:123456789012:bot/SupportBot:*","#
    + #""Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}"#

@Suite("Policy document")
struct PolicyDocumentTests {
    @Test("a percent-encoded moto document parses and renders canonically")
    func parsesMotoEncoding() throws {
        let document = try PolicyDocument(urlEncoded: motoEncoded)
        #expect(document.text(.compact) == canonicalCompact)
        #expect(try PolicyDocument(iamText: motoEncoded) == document)
        #expect(try PolicyDocument(iamText: canonicalCompact) == document)
        #expect(try PolicyDocument(iamText: " \n" + canonicalCompact) == document)
    }

    @Test("the model keeps what was written")
    func modelContents() throws {
        let document = try PolicyDocument(urlEncoded: motoEncoded)
        let expected = PolicyDocument(
            statements: [
                PolicyDocument.Statement(
                    sid: "SendText",
                    effect: .allow,
                    action: PolicyDocument.ValueList(["lex:PostText", "lex:PostContent"]),
                    resource: PolicyDocument.ValueList(
                        ["arn:aws:lex:us-east-1:123456789012:bot/SupportBot:*"],
                        isList: false
                    ),
                    condition: .object([
                        JSONValue.Member(
                            "StringEquals",
                            .object([JSONValue.Member("aws:RequestedRegion", .string("us-east-1"))])
                        )
                    ])
                )
            ]
        )
        #expect(document == expected)
    }

    @Test("a plus sign in encoded text stays a plus sign; %20 is the space")
    func plusIsLiteral() throws {
        let encoded =
            "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%7B%22Effect%22%3A%20%22Allow%22%2C%20"
            + "%22Action%22%3A%20%22s3%3AGetObject%22%2C%20%22Resource%22%3A%20%22arn%3Aaws%3As3%3A%3A%3Abucket/a+b"
            + "%20c%25%22%7D%7D"
        let document = try PolicyDocument(urlEncoded: encoded)
        #expect(document.statements.first?.resource?.values == ["arn:aws:s3:::bucket/a+b c%"])
        #expect(document.isStatementList == false)
        let expected =
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","#
            + #""Resource":"arn:aws:s3:::bucket/a+b c%"}}"#
        #expect(document.text(.compact) == expected)
    }

    @Test("the same document written in any member order renders byte-identically")
    func canonicalOrder() throws {
        let scrambled = try PolicyDocument(
            json: """
                {
                  "Statement": [{"Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}},
                                 "Resource": "arn:aws:lex:us-east-1:123456789012:bot/SupportBot:*",
                                 "Action": ["lex:PostText", "lex:PostContent"],
                                 "Effect": "Allow", "Sid": "SendText"}],
                  "Version": "2012-10-17"
                }
                """
        )
        #expect(scrambled.text(.compact) == canonicalCompact)
    }

    @Test("the pretty form indents by two spaces with one item per line")
    func prettyForm() throws {
        let document = try PolicyDocument(json: canonicalCompact)
        let expected = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "SendText",
                  "Effect": "Allow",
                  "Action": [
                    "lex:PostText",
                    "lex:PostContent"
                  ],
                  "Resource": "arn:aws:lex:us-east-1:123456789012:bot/SupportBot:*",
                  "Condition": {
                    "StringEquals": {
                      "aws:RequestedRegion": "us-east-1"
                    }
                  }
                }
              ]
            }
            """
        #expect(document.text(.pretty) == expected)
        #expect(try PolicyDocument(json: expected) == document)
    }

    @Test("every element renders in canonical order")
    func allElementsOrder() throws {
        let document = try PolicyDocument(
            json: """
                {"Statement": [{"Condition": {"Bool": {"aws:SecureTransport": false}},
                  "NotResource": "arn:aws:s3:::b", "NotAction": "s3:*", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
                  "Effect": "Deny", "Sid": "X"}], "Id": "P1", "Version": "2012-10-17"}
                """
        )
        let expected =
            #"{"Version":"2012-10-17","Id":"P1","Statement":[{"Sid":"X","Effect":"Deny","#
            + #""NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"NotAction":"s3:*","NotResource":"arn:aws:s3:::b","#
            + #""Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#
        #expect(document.text(.compact) == expected)
        let principal = try PolicyDocument(
            json: #"{"Statement": {"Principal": "*", "Action": "s3:GetObject", "Effect": "Allow"}}"#
        )
        #expect(
            principal.text(.compact) == #"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}}"#)
    }

    @Test("the IAM size counts every character of the compact form except whitespace")
    func iamCharacterCount() throws {
        let document = try PolicyDocument(
            json:
                #"{ "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": "a:b", "Resource": "x y\u00e9" } }"#
        )
        // {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a:b","Resource":"xyé"}}
        #expect(document.iamCharacterCount == 87)
        let withTab = try PolicyDocument(
            json: #"{"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "\t"}}"#
        )
        // The tab is written as the escape \t, two characters that are not whitespace.
        #expect(withTab.iamCharacterCount == #"{"Statement":{"Effect":"Allow","Action":"a:b","Resource":"\t"}}"#.count)
    }

    @Test(
        "text that is not a policy is rejected with the element and problem named",
        arguments: [
            ("[]", "policy document must be an object, found an array"),
            (
                #"{"Version": "2012-10-17"}"#,
                "policy document has no 'Statement'; a policy needs at least one statement"
            ),
            (
                #"{"Statement": [], "statement": []}"#,
                "policy document has unknown element 'statement'; allowed are Version, Id, Statement"
            ),
            (#"{"Version": 2012, "Statement": []}"#, "policy document: Version must be a string, found a number"),
            (#"{"Statement": ["x"]}"#, "policy document: Statement[0] must be an object, found a string"),
            (
                #"{"Statement": [{"Action": "a:b"}]}"#,
                #"policy document: Statement[0] has no 'Effect'; it must be "Allow" or "Deny""#
            ),
            (
                #"{"Statement": [{"Effect": "allow", "Action": "a:b"}]}"#,
                #"policy document: Statement[0].Effect must be "Allow" or "Deny", found "allow""#
            ),
            (
                #"{"Statement": {"Effect": "Allow", "Actions": "a:b"}}"#,
                "policy document: Statement has unknown element 'Actions'; allowed are Sid, Effect, Principal, "
                    + "NotPrincipal, Action, NotAction, Resource, NotResource, Condition"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
                "policy document: Statement[0] has neither 'Action' nor 'NotAction'; it needs one of them"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "NotAction": "c:d"}]}"#,
                "policy document: Statement[0] has both 'Action' and 'NotAction'; it may have only one"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*", "NotResource": "*"}]}"#,
                "policy document: Statement[0] has both 'Resource' and 'NotResource'; it may have only one"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": []}]}"#,
                "policy document: Statement[0].Action must be a string or a non-empty array of strings, "
                    + "found an empty array"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": ["a:b", 3]}]}"#,
                "policy document: Statement[0].Action[1] must be a string, found a number"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": {"x": 1}}]}"#,
                "policy document: Statement[0].Resource must be a string or a non-empty array of strings, "
                    + "found an object"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Condition": []}]}"#,
                "policy document: Statement[0].Condition must be an object, found an array"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Condition": {"Bool": true}}]}"#,
                "policy document: Statement[0].Condition.Bool must be an object of condition keys, found a boolean"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Condition": {"Bool": {"k": null}}}]}"#,
                "policy document: Statement[0].Condition.Bool.k must be a string, number or boolean "
                    + "or a non-empty array, found null"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Condition": {"Bool": {"k": ["x", {}]}}}]}"#,
                "policy document: Statement[0].Condition.Bool.k[1] must be a string, number or boolean, found an object"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Condition": {"Bool": {"k": []}}}]}"#,
                "policy document: Statement[0].Condition.Bool.k must be a string, number or boolean "
                    + "or a non-empty array, found an empty array"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Principal": {"AWS": true}}]}"#,
                "policy document: Statement[0].Principal.AWS must be a string or a non-empty array, found a boolean"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Principal": 1}]}"#,
                "policy document: Statement[0].Principal must be a string or an object, found a number"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Principal": "*", "NotPrincipal": "*"}]}"#,
                "policy document: Statement[0] has both 'Principal' and 'NotPrincipal'; it may have only one"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Sid": 7}]}"#,
                "policy document: Statement[0].Sid must be a string, found a number"
            ),
            (
                #"{"Statement": [{"Effect": "Allow", "Action": "a:b",}]}"#,
                "policy document is not valid JSON: line 1, column 52: trailing comma before '}'"
            ),
        ]
    )
    func rejectsInvalidStructure(json: String, message: String) {
        let error = #expect(throws: PolicyDocumentError.self) { try PolicyDocument(json: json) }
        #expect(error?.description == message)
    }

    @Test(
        "broken percent-encoding is rejected with its place",
        arguments: [
            (
                "%7B%2",
                "policy document is not valid percent-encoded text: '%' at byte offset 3 is not followed by "
                    + "two hexadecimal digits"
            ),
            (
                "%7B%ZZ%7D",
                "policy document is not valid percent-encoded text: '%' at byte offset 3 is not followed "
                    + "by two hexadecimal digits"
            ),
            ("%7B%22%FF%22", "policy document is not UTF-8 text once percent-decoded"),
            ("%7B%7D", "policy document has no 'Statement'; a policy needs at least one statement"),
            ("%5B", "policy document is not valid JSON: line 1, column 2: unexpected end of input; expected a value"),
        ]
    )
    func rejectsBrokenEncoding(encoded: String, message: String) {
        let error = #expect(throws: PolicyDocumentError.self) { try PolicyDocument(iamText: encoded) }
        #expect(error?.description == message)
    }
}
