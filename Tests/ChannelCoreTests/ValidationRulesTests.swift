import Testing

@testable import ChannelCore

private func repeated(_ text: String, _ count: Int) -> String {
    String(repeating: text, count: count)
}

private let channelNameRule =
    "a channel name has 1 to 40 lower-case letters, digits and '-', starting and ending with a letter or digit"
private let userNameRule = "an IAM user name has 1 to 64 letters, digits and + = , . @ _ -"
private let tagCharacterRule = "tag keys and values may hold only letters, digits, spaces and _ . : / = + - @"

/// One value, the rule that checks it, and the expected problem (nil: valid).
struct RuleCase: CustomTestStringConvertible, Sendable {
    var reason: String
    var value: String
    var problem: String?
    var testDescription: String { reason }
}

@Suite("channel names")
struct ChannelNameRuleTests {
    static let cases: [RuleCase] = [
        RuleCase(reason: "one letter is enough", value: "a", problem: nil),
        RuleCase(reason: "one digit is enough", value: "7", problem: nil),
        RuleCase(reason: "40 characters is the limit", value: repeated("a", 40), problem: nil),
        RuleCase(
            reason: "41 characters is too long", value: repeated("a", 41),
            problem: "is 41 characters long; \(channelNameRule)"),
        RuleCase(reason: "empty is not allowed", value: "", problem: "is empty; \(channelNameRule)"),
        RuleCase(reason: "inner hyphens are fine", value: "support-bot-2", problem: nil),
        RuleCase(
            reason: "a leading hyphen is not", value: "-bot", problem: "'-bot' starts with '-'; \(channelNameRule)"),
        RuleCase(
            reason: "a trailing hyphen is not", value: "bot-", problem: "'bot-' ends with '-'; \(channelNameRule)"),
        RuleCase(reason: "upper case is not allowed", value: "Bot", problem: "'Bot' contains 'B'; \(channelNameRule)"),
        RuleCase(
            reason: "underscores are not allowed", value: "a_b", problem: "'a_b' contains '_'; \(channelNameRule)"),
        RuleCase(reason: "spaces are named", value: "a b", problem: "'a b' contains a space; \(channelNameRule)"),
        RuleCase(
            reason: "non-ASCII letters are named with their code", value: "café",
            problem: "'café' contains 'é' (U+00E9); \(channelNameRule)"),
    ]

    @Test("metadata.name follows its rule at and past each boundary", arguments: cases)
    func channelName(_ rule: RuleCase) {
        #expect(ValidationRules.channelNameProblem(rule.value) == rule.problem)
    }
}

@Suite("consumer names")
struct UserNameRuleTests {
    static let cases: [RuleCase] = [
        RuleCase(reason: "one character is enough", value: "a", problem: nil),
        RuleCase(reason: "64 characters is IAM's limit", value: repeated("A", 64), problem: nil),
        RuleCase(
            reason: "65 characters is too long", value: repeated("A", 65),
            problem: "is 65 characters long; \(userNameRule)"),
        RuleCase(reason: "empty is not allowed", value: "", problem: "is empty; \(userNameRule)"),
        RuleCase(reason: "every symbol IAM allows is accepted", value: "Web+Widget=1,a.b@c_d-e", problem: nil),
        RuleCase(
            reason: "a slash is not allowed", value: "web/widget", problem: "'web/widget' contains '/'; \(userNameRule)"
        ),
        RuleCase(
            reason: "a space is not allowed", value: "web widget",
            problem: "'web widget' contains a space; \(userNameRule)"),
        RuleCase(
            reason: "a tab is named by its code", value: "web\twidget",
            problem: "'web\twidget' contains U+0009; \(userNameRule)"),
    ]

    @Test("a consumer name follows IAM's user name rule at and past each boundary", arguments: cases)
    func userName(_ rule: RuleCase) {
        #expect(ValidationRules.userNameProblem(rule.value) == rule.problem)
    }
}

@Suite("statement fields")
struct StatementRuleTests {
    @Test("a sid has letters and digits only, and is not empty")
    func sid() {
        #expect(ValidationRules.sidProblem("SendText2") == nil)
        #expect(ValidationRules.sidProblem("S") == nil)
        #expect(
            ValidationRules.sidProblem("")
                == "is empty; a statement id has only letters and digits, or leave the field out")
        #expect(
            ValidationRules.sidProblem("Send-Text")
                == "'Send-Text' contains '-'; a statement id has only letters and digits")
        #expect(
            ValidationRules.sidProblem("Send Text")
                == "'Send Text' contains a space; a statement id has only letters and digits")
    }

    @Test("an effect is exactly Allow or Deny, with a suggestion for a wrong case")
    func effect() {
        #expect(ValidationRules.effectProblem("Allow") == nil)
        #expect(ValidationRules.effectProblem("Deny") == nil)
        #expect(ValidationRules.effectProblem("allow") == "must be Allow or Deny, found 'allow'; did you mean 'Allow'?")
        #expect(ValidationRules.effectProblem("DENY") == "must be Allow or Deny, found 'DENY'; did you mean 'Deny'?")
        #expect(ValidationRules.effectProblem("Permit") == "must be Allow or Deny, found 'Permit'")
    }

    @Test("a description has at most 1000 characters, counted as characters, not bytes")
    func description() {
        #expect(ValidationRules.descriptionProblem("") == nil)
        #expect(ValidationRules.descriptionProblem(repeated("é", 1000)) == nil)
        #expect(
            ValidationRules.descriptionProblem(repeated("é", 1001))
                == "is 1001 characters long; a description has at most 1000")
    }
}

@Suite("actions")
struct ActionRuleTests {
    static let cases: [RuleCase] = [
        RuleCase(reason: "a plain action", value: "lex:PostText", problem: nil),
        RuleCase(reason: "a star alone means every action", value: "*", problem: nil),
        RuleCase(reason: "a star for all of a service", value: "lex:*", problem: nil),
        RuleCase(reason: "wildcards inside the name", value: "lex:Get?ession*", problem: nil),
        RuleCase(reason: "a prefix with digits and a hyphen", value: "access-analyzer:ListFindings", problem: nil),
        RuleCase(
            reason: "no colon", value: "lex",
            problem: "'lex' is not of the form service:Action, for example 'lex:PostText', or '*'"),
        RuleCase(
            reason: "no service", value: ":PostText",
            problem: "':PostText' is not of the form service:Action, for example 'lex:PostText', or '*'"),
        RuleCase(
            reason: "no action name", value: "lex:",
            problem: "'lex:' is not of the form service:Action, for example 'lex:PostText', or '*'"),
        RuleCase(
            reason: "an upper-case prefix gets the lower-case suggestion", value: "Lex:PostText",
            problem: "'Lex:PostText' has 'L' in its service prefix 'Lex'; "
                + "a service prefix has only lower-case letters, digits and '-'; did you mean 'lex'?"),
        RuleCase(
            reason: "a hyphen in the action name", value: "lex:Post-Text",
            problem: "'lex:Post-Text' has '-' in its action name; "
                + "an action name has only letters, digits and the wildcards * and ?"),
        RuleCase(
            reason: "a second colon", value: "lex:Post:Text",
            problem: "'lex:Post:Text' has ':' in its action name; "
                + "an action name has only letters, digits and the wildcards * and ?"),
        RuleCase(
            reason: "a misspelt prefix gets a suggestion", value: "lexx:PostText",
            problem: "'lexx:PostText' names the unknown service prefix 'lexx'; did you mean 'lex'?"),
        RuleCase(
            reason: "an unknown prefix far from any known one", value: "qqqqqqqqqq:Go",
            problem: "'qqqqqqqqqq:Go' names the unknown service prefix 'qqqqqqqqqq'; "
                + "see the AWS Service Authorization Reference for the prefixes"),
    ]

    @Test("an action is service:Action with a known prefix", arguments: cases)
    func action(_ rule: RuleCase) {
        #expect(ValidationRules.actionProblem(rule.value) == rule.problem)
    }
}

@Suite("resources")
struct ResourceRuleTests {
    static let valid =
        [
            "*",
            "arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*",
            "arn:aws:s3:::my-bucket/*",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:bedrock:*:123456789012:agent-alias/AGENT/ALIAS",
            "arn:aws:s3:::bucket/${aws:username}/*",
            "arn:*:s3:::bucket",
            "arn:aws:lex:us-east-?:*:bot/*",
            "arn:aws:logs:${aws:RequestedRegion}:123456789012:log-group:a:*",
        ] + ValidationRules.partitions.map { "arn:\($0):sts::123456789012:assumed-role/x" }

    @Test("ARNs in every partition, with wildcards and policy variables, are accepted", arguments: valid)
    func validResource(_ resource: String) {
        #expect(ValidationRules.resourceProblem(resource) == nil)
    }

    static let form = "arn:partition:service:region:account:resource"
    static let invalid: [RuleCase] = [
        RuleCase(reason: "not an ARN", value: "my-bucket", problem: "'my-bucket' is neither '*' nor an ARN (\(form))"),
        RuleCase(
            reason: "an upper-case ARN prefix", value: "ARN:aws:s3:::b",
            problem: "'ARN:aws:s3:::b' is neither '*' nor an ARN (\(form))"),
        RuleCase(
            reason: "too few parts", value: "arn:aws:s3",
            problem: "'arn:aws:s3' has 3 of the 6 parts of an ARN (\(form))"),
        RuleCase(
            reason: "an unknown partition", value: "arn:amazon:s3:::b",
            problem: "'arn:amazon:s3:::b' has the unknown partition 'amazon'; "
                + "use aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc"),
        RuleCase(
            reason: "an empty service", value: "arn:aws::us-east-1:123456789012:x",
            problem: "'arn:aws::us-east-1:123456789012:x' has an empty service; "
                + "write the service between the second and third ':'"),
        RuleCase(
            reason: "an upper-case service", value: "arn:aws:S3:::b",
            problem: "'arn:aws:S3:::b' has the service 'S3'; "
                + "an ARN's service has only lower-case letters, digits, '-' and wildcards"),
        RuleCase(
            reason: "an upper-case region", value: "arn:aws:lex:US-EAST-1:123456789012:bot:B",
            problem: "'arn:aws:lex:US-EAST-1:123456789012:bot:B' has the region 'US-EAST-1'; "
                + "a region has only lower-case letters, digits, '-' and wildcards, or is empty"),
        RuleCase(
            reason: "an account of 11 digits", value: "arn:aws:lex:us-east-1:12345678901:bot:B",
            problem: "'arn:aws:lex:us-east-1:12345678901:bot:B' has the account '12345678901'; "
                + "an account is 12 digits, 'aws', or empty"),
        RuleCase(
            reason: "an account of 13 digits", value: "arn:aws:lex:us-east-1:1234567890123:bot:B",
            problem: "'arn:aws:lex:us-east-1:1234567890123:bot:B' has the account '1234567890123'; "
                + "an account is 12 digits, 'aws', or empty"),
        RuleCase(
            reason: "an account with letters", value: "arn:aws:lex:us-east-1:acme:bot:B",
            problem:
                "'arn:aws:lex:us-east-1:acme:bot:B' has the account 'acme'; an account is 12 digits, 'aws', or empty"),
        RuleCase(
            reason: "an empty resource part", value: "arn:aws:s3:::",
            problem: "'arn:aws:s3:::' has an empty resource part; write the resource after the fifth ':', or use '*'"),
    ]

    @Test("malformed ARNs are rejected with what is wrong and the form", arguments: invalid)
    func invalidResource(_ rule: RuleCase) {
        #expect(ValidationRules.resourceProblem(rule.value) == rule.problem)
    }
}

@Suite("tags")
struct TagRuleTests {
    @Test("spec.tags holds at most 48 tags, leaving room for the 2 that channelops adds")
    func tagCount() {
        #expect(ValidationRules.tagCountProblem(0) == nil)
        #expect(ValidationRules.tagCountProblem(48) == nil)
        #expect(
            ValidationRules.tagCountProblem(49)
                == "has 49 tags; the limit is 48, because AWS allows 50 tags per resource and channelops adds 2 of its own"
        )
    }

    static let keys: [RuleCase] = [
        RuleCase(reason: "one character", value: "a", problem: nil),
        RuleCase(reason: "128 characters", value: repeated("k", 128), problem: nil),
        RuleCase(reason: "128 characters outside ASCII", value: repeated("ü", 128), problem: nil),
        RuleCase(
            reason: "129 characters", value: repeated("k", 129),
            problem: "has a key of 129 characters; a tag key has 1 to 128 characters"),
        RuleCase(reason: "empty", value: "", problem: "has an empty key; a tag key has 1 to 128 characters"),
        RuleCase(reason: "every allowed symbol", value: "a b_c.d:e/f=g+h-i@j", problem: nil),
        RuleCase(reason: "letters and digits of any script", value: "東京 Ünïcode ٣", problem: nil),
        RuleCase(
            reason: "a hash", value: "cost#center", problem: "key 'cost#center' contains '#'; \(tagCharacterRule)"),
        RuleCase(
            reason: "an emoji", value: "team🙂", problem: "key 'team🙂' contains '🙂' (U+1F642); \(tagCharacterRule)"),
        RuleCase(
            reason: "the aws: prefix", value: "aws:team",
            problem: "key 'aws:team' starts with 'aws:', which AWS reserves for its own tags; choose another key"),
        RuleCase(
            reason: "the aws: prefix in another case", value: "AWS:team",
            problem: "key 'AWS:team' starts with 'aws:', which AWS reserves for its own tags; choose another key"),
        RuleCase(
            reason: "the channelops: prefix in another case", value: "ChannelOps:channel",
            problem: "key 'ChannelOps:channel' starts with 'channelops:', which channelops reserves for the tags "
                + "it adds; choose another key"),
        RuleCase(reason: "aws without a colon is the user's", value: "aws", problem: nil),
        RuleCase(reason: "awsx: is the user's", value: "awsx:team", problem: nil),
    ]

    @Test("a tag key has 1 to 128 allowed characters and no reserved prefix", arguments: keys)
    func tagKey(_ rule: RuleCase) {
        #expect(ValidationRules.tagKeyProblem(rule.value) == rule.problem)
    }

    static let values: [RuleCase] = [
        RuleCase(reason: "empty", value: "", problem: nil),
        RuleCase(reason: "256 characters", value: repeated("v", 256), problem: nil),
        RuleCase(
            reason: "257 characters", value: repeated("v", 257),
            problem: "is 257 characters long; a tag value has 0 to 256 characters"),
        RuleCase(reason: "a YAML 1.1 boolean word", value: "yes", problem: nil),
        RuleCase(reason: "a tab", value: "a\tb", problem: "contains U+0009; \(tagCharacterRule)"),
        RuleCase(reason: "a comma", value: "a,b", problem: "contains ','; \(tagCharacterRule)"),
    ]

    @Test("a tag value has 0 to 256 allowed characters", arguments: values)
    func tagValue(_ rule: RuleCase) {
        #expect(ValidationRules.tagValueProblem(rule.value) == rule.problem)
    }

    @Test("names and tag keys are folded to lower case for comparison")
    func foldedCase() {
        #expect(ValidationRules.foldedCase("support-bot") == "support-bot")
        #expect(ValidationRules.foldedCase("Support-Bot") == "support-bot")
        #expect(ValidationRules.foldedCase("ÜBER") == "über")
    }
}

@Suite("condition operators")
struct ConditionOperatorRuleTests {
    @Test(
        "IAM's operators with their set prefixes and IfExists suffix are accepted",
        arguments: [
            "StringEquals", "StringLike", "ArnLike", "IpAddress", "Bool", "Null", "NumericLessThanEquals",
            "DateGreaterThan", "BinaryEquals", "StringEqualsIfExists", "ForAnyValue:StringLike",
            "ForAllValues:StringEqualsIgnoreCase", "ForAnyValue:ArnNotLikeIfExists",
        ])
    func known(_ name: String) {
        #expect(ValidationRules.conditionOperatorProblem(name) == nil)
    }

    @Test("an unknown operator gets the nearest one, keeping its prefix and suffix")
    func unknown() {
        #expect(
            ValidationRules.conditionOperatorProblem("StringEqual")
                == "has the unknown condition operator 'StringEqual'; did you mean 'StringEquals'?")
        #expect(
            ValidationRules.conditionOperatorProblem("ForAnyValue:StringLikee")
                == "has the unknown condition operator 'ForAnyValue:StringLikee'; did you mean 'ForAnyValue:StringLike'?"
        )
        #expect(
            ValidationRules.conditionOperatorProblem("ArnLkeIfExists")
                == "has the unknown condition operator 'ArnLkeIfExists'; did you mean 'ArnLikeIfExists'?")
        #expect(
            ValidationRules.conditionOperatorProblem("NullIfExists")
                == "has the unknown condition operator 'NullIfExists'; did you mean 'Null'?")
        #expect(
            ValidationRules.conditionOperatorProblem("stringequals")
                == "has the unknown condition operator 'stringequals'; did you mean 'StringEquals'?")
        #expect(
            ValidationRules.conditionOperatorProblem("Whatever")
                == "has the unknown condition operator 'Whatever'; "
                + "use an IAM operator such as StringEquals, StringLike, ArnLike, IpAddress or Bool")
    }
}

@Suite("character descriptions")
struct DescribeTests {
    @Test("characters in messages are shown so that blank and invisible ones can be seen")
    func describe() {
        #expect(ValidationRules.describe("#") == "'#'")
        #expect(ValidationRules.describe(" ") == "a space")
        #expect(ValidationRules.describe("\t") == "U+0009")
        #expect(ValidationRules.describe("é") == "'é' (U+00E9)")
        #expect(ValidationRules.describe("\u{200B}") == "U+200B")
        #expect(ValidationRules.describe("\u{1F642}") == "'🙂' (U+1F642)")
    }
}
