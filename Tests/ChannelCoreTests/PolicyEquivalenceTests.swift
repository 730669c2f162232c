import Testing

@testable import ChannelCore

/// Two ways of writing a policy, whether IAM reads them as the same policy, and why.
struct EquivalenceCase: Sendable, CustomTestStringConvertible {
    var reason: String
    var lhs: String
    var rhs: String
    var isEquivalent: Bool

    var testDescription: String { reason }
}

/// The policy every case starts from, as channelops renders it.
private let base =
    #"{"Version":"2012-10-17","Statement":[{"Sid":"SendText","Effect":"Allow","#
    + #""Action":["lex:PostText","lex:PostContent"],"Resource":["arn:aws:lex:us-east-1:1:bot:Support:*"],"#
    + #""Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#

/// `base` with one statement's JSON replaced.
private func variant(_ statement: String) -> String {
    #"{"Version":"2012-10-17","Statement":[\#(statement)]}"#
}

private let baseStatement =
    #"{"Sid":"SendText","Effect":"Allow","Action":["lex:PostText","lex:PostContent"],"#
    + #""Resource":["arn:aws:lex:us-east-1:1:bot:Support:*"],"#
    + #""Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}"#

private let other = #"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#

private let equalCases: [EquivalenceCase] = [
    EquivalenceCase(reason: "the same text", lhs: base, rhs: base, isEquivalent: true),
    EquivalenceCase(
        reason: "a single resource string equals a one-element list",
        lhs: base,
        rhs: base.replacing(
            #"["arn:aws:lex:us-east-1:1:bot:Support:*"]"#,
            with: #""arn:aws:lex:us-east-1:1:bot:Support:*""#
        ),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "a single statement object equals a one-element list",
        lhs: base,
        rhs: #"{"Version":"2012-10-17","Statement":\#(baseStatement)}"#,
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "actions in another order",
        lhs: base,
        rhs: base.replacing(#""lex:PostText","lex:PostContent""#, with: #""lex:PostContent","lex:PostText""#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "statements in another order",
        lhs: variant(baseStatement + "," + other),
        rhs: variant(other + "," + baseStatement),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "resources in another order",
        lhs: variant(#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]}"#),
        rhs: variant(#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::a/*"]}"#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "condition values in another order",
        lhs: base,
        rhs: base.replacing(#"["us-east-1","eu-west-1"]"#, with: #"["eu-west-1","us-east-1"]"#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "condition operators and keys in another order",
        lhs: variant(
            #"{"Effect":"Allow","Action":"a:b","Condition":{"StringEquals":{"k1":"v","k2":"w"},"Bool":{"k3":"true"}}}"#
        ),
        rhs: variant(
            #"{"Effect":"Allow","Action":"a:b","Condition":{"Bool":{"k3":"true"},"StringEquals":{"k2":"w","k1":"v"}}}"#
        ),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "duplicate actions, resources and condition values",
        lhs: base,
        rhs: base.replacing(
            #""lex:PostText","lex:PostContent""#,
            with: #""lex:PostText","lex:PostContent","lex:PostText""#
        ).replacing(
            #"["arn:aws:lex:us-east-1:1:bot:Support:*"]"#,
            with: #"["arn:aws:lex:us-east-1:1:bot:Support:*","arn:aws:lex:us-east-1:1:bot:Support:*"]"#
        ).replacing(#"["us-east-1","eu-west-1"]"#, with: #"["us-east-1","eu-west-1","us-east-1"]"#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "a duplicate statement",
        lhs: base,
        rhs: variant(baseStatement + "," + baseStatement),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "action names and service prefixes differing only in case",
        lhs: base,
        rhs: base.replacing(#""lex:PostText","lex:PostContent""#, with: #""LEX:posttext","Lex:POSTCONTENT""#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "condition key names differing only in case",
        lhs: base,
        rhs: base.replacing("aws:RequestedRegion", with: "AWS:requestedregion"),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "whitespace and json.dumps spacing",
        lhs: base,
        rhs: base.replacing(",", with: ", ").replacing(":{", with: ": {\n\t")
            .replacing("\":\"", with: "\": \""),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "member order within statements and the document",
        lhs: base,
        rhs: #"{"Statement":[{"Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}},"#
            + #""Resource":["arn:aws:lex:us-east-1:1:bot:Support:*"],"Action":["lex:PostText","lex:PostContent"],"#
            + #""Effect":"Allow","Sid":"SendText"}],"Version":"2012-10-17"}"#,
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "the percent-encoded form IAM returns",
        lhs: base,
        rhs: percentEncoded(base),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "escaped and unescaped forms of the same characters",
        lhs: base,
        rhs: base.replacing("lex:PostText", with: #"lex\u003aPost\u0054ext"#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "a boolean condition value equals the same text as a string",
        lhs: variant(
            #"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}"#),
        rhs: variant(
            #"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["false"]}}}"#
        ),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "an empty Condition constrains nothing, like no Condition",
        lhs: variant(#"{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{}}"#),
        rhs: variant(#"{"Effect":"Allow","Action":"a:b","Resource":"*"}"#),
        isEquivalent: true
    ),
    EquivalenceCase(
        reason: "principal values as a string or a list, principal types in another order",
        lhs: variant(#"{"Effect":"Allow","Action":"a:b","Principal":{"AWS":"arn:aws:iam::1:root","Service":"x"}}"#),
        rhs: variant(#"{"Effect":"Allow","Action":"a:b","Principal":{"Service":["x"],"AWS":["arn:aws:iam::1:root"]}}"#),
        isEquivalent: true
    ),
]

private let differentCases: [EquivalenceCase] = [
    EquivalenceCase(
        reason: "another action",
        lhs: base,
        rhs: base.replacing("lex:PostContent", with: "lex:RecognizeText"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "a wildcard is not expanded into the actions it covers",
        lhs: base,
        rhs: base.replacing(#""lex:PostText","lex:PostContent""#, with: #""lex:Post*""#),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "an action fewer",
        lhs: base,
        rhs: base.replacing(#""lex:PostText","lex:PostContent""#, with: #""lex:PostText""#),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another resource",
        lhs: base,
        rhs: base.replacing("bot:Support:*", with: "bot:Sales:*"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "resources are case-sensitive",
        lhs: base,
        rhs: base.replacing("bot:Support:*", with: "bot:support:*"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "an extra resource",
        lhs: base,
        rhs: base.replacing(#"bot:Support:*""#, with: #"bot:Support:*","*""#),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another effect",
        lhs: base,
        rhs: base.replacing(#""Allow""#, with: #""Deny""#),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another condition value",
        lhs: base,
        rhs: base.replacing("eu-west-1", with: "eu-west-2"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "condition values are case-sensitive",
        lhs: base,
        rhs: base.replacing("eu-west-1", with: "EU-west-1"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another condition operator",
        lhs: base,
        rhs: base.replacing("StringEquals", with: "StringLike"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "condition operator names are compared exactly",
        lhs: base,
        rhs: base.replacing("StringEquals", with: "stringequals"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "a missing condition",
        lhs: base,
        rhs: variant(
            #"{"Sid":"SendText","Effect":"Allow","Action":["lex:PostText","lex:PostContent"],"#
                + #""Resource":["arn:aws:lex:us-east-1:1:bot:Support:*"]}"#
        ),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another Sid",
        lhs: base,
        rhs: base.replacing("SendText", with: "SendText2"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "Sids are case-sensitive",
        lhs: base,
        rhs: base.replacing("SendText", with: "sendtext"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "a missing Sid",
        lhs: base,
        rhs: base.replacing(#""Sid":"SendText","#, with: ""),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another version",
        lhs: base,
        rhs: base.replacing("2012-10-17", with: "2008-10-17"),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "a missing version means the older policy language",
        lhs: base,
        rhs: base.replacing(#""Version":"2012-10-17","#, with: ""),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "NotAction is not Action",
        lhs: base,
        rhs: base.replacing(#""Action""#, with: #""NotAction""#),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "an extra statement",
        lhs: base,
        rhs: variant(baseStatement + "," + other),
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "another Id",
        lhs: #"{"Id":"a","Statement":\#(other)}"#,
        rhs: #"{"Id":"b","Statement":\#(other)}"#,
        isEquivalent: false
    ),
    EquivalenceCase(
        reason: "two condition keys differing only in case are not merged into one",
        lhs: variant(#"{"Effect":"Allow","Action":"a:b","Condition":{"StringEquals":{"k":"x","K":"y"}}}"#),
        rhs: variant(#"{"Effect":"Allow","Action":"a:b","Condition":{"StringEquals":{"k":["x","y"]}}}"#),
        isEquivalent: false
    ),
]

/// Percent-encodes every byte but unreserved ASCII, as IAM does.
private func percentEncoded(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
        let scalar = Unicode.Scalar(byte)
        if scalar.properties.isAlphabetic && byte < 0x80 || (0x30...0x39).contains(byte) || "-_.~".utf8.contains(byte) {
            result.unicodeScalars.append(scalar)
        } else {
            let hex = String(byte, radix: 16, uppercase: true)
            result += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return result
}

@Suite("Policy document equivalence")
struct PolicyEquivalenceTests {
    @Test("documents that mean the same policy are equivalent", arguments: equalCases)
    func equivalent(_ testCase: EquivalenceCase) throws {
        let lhs = try PolicyDocument(iamText: testCase.lhs)
        let rhs = try PolicyDocument(iamText: testCase.rhs)
        #expect(lhs.isEquivalent(to: rhs) == testCase.isEquivalent, "\(testCase.reason)")
        #expect(rhs.isEquivalent(to: lhs) == testCase.isEquivalent, "\(testCase.reason)")
        #expect(lhs.normalized().text(.compact) == rhs.normalized().text(.compact), "\(testCase.reason)")
        #expect(lhs.normalized().hashValue == rhs.normalized().hashValue, "\(testCase.reason)")
    }

    @Test("documents with a real difference are not equivalent", arguments: differentCases)
    func different(_ testCase: EquivalenceCase) throws {
        let lhs = try PolicyDocument(iamText: testCase.lhs)
        let rhs = try PolicyDocument(iamText: testCase.rhs)
        #expect(lhs.isEquivalent(to: rhs) == testCase.isEquivalent, "\(testCase.reason)")
        #expect(rhs.isEquivalent(to: lhs) == testCase.isEquivalent, "\(testCase.reason)")
        #expect(lhs.normalized().text(.compact) != rhs.normalized().text(.compact), "\(testCase.reason)")
    }

    @Test("the normal form is sorted, lower-cased where IAM ignores case, and in lists")
    func normalFormText() throws {
        let document = try PolicyDocument(
            json: variant(
                other + ","
                    + #"{"Effect":"Allow","Action":["LEX:PostText","lex:PostContent","lex:posttext"],"Resource":"b","#
                    + #""Condition":{"StringLike":{"Aws:UserAgent":"x"},"Bool":{"aws:SecureTransport":true}}}"#
            )
        )
        let expected =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lex:postcontent","lex:posttext"],"#
            + #""Resource":["b"],"Condition":{"Bool":{"aws:securetransport":["true"]},"#
            + #""StringLike":{"aws:useragent":["x"]}}},{"Effect":"Deny","Action":["s3:*"],"Resource":["*"]}]}"#
        #expect(document.normalized().text(.compact) == expected)
    }
}
