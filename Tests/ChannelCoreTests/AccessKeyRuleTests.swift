import Testing

@testable import ChannelCore

/// A public key made with age-keygen for the tests; it protects nothing.
let sampleRecipient = "age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a5atgxn4cj8sr0casxhgmtc"

private let recipientRule =
    "an age recipient is 'age1' followed by 58 Bech32 characters in lower case, as age-keygen prints for the public key"
private let secretNameRule = "a Secrets Manager secret name has 1 to 512 letters, digits and / _ + = . @ -"

@Suite("access key rules")
struct AccessKeyRuleTests {
    static let recipientCases: [RuleCase] = [
        RuleCase(reason: "an age-keygen public key is valid", value: sampleRecipient, problem: nil),
        RuleCase(reason: "empty is not allowed", value: "", problem: "is empty; \(recipientRule)"),
        RuleCase(
            reason: "an SSH key is not an age recipient", value: "ssh-ed25519 AAAAC3Nza",
            problem: "'ssh-ed25519 AAAAC3Nza' does not start with 'age1'; \(recipientRule)"),
        RuleCase(
            reason: "upper case is named", value: sampleRecipient.uppercased(),
            problem: "'\(sampleRecipient.uppercased())' has upper-case letters; \(recipientRule)"),
        RuleCase(
            reason: "a character outside Bech32 is named", value: "age1" + String(repeating: "b", count: 58),
            problem: "'age1\(String(repeating: "b", count: 58))' contains 'b', which is not a Bech32 character; "
                + recipientRule),
        RuleCase(
            reason: "57 characters after age1 is one short", value: String(sampleRecipient.dropLast()),
            problem: "'\(sampleRecipient.dropLast())' has 57 characters after 'age1', not 58; \(recipientRule)"),
        RuleCase(
            reason: "59 characters after age1 is one too many", value: sampleRecipient + "q",
            problem: "'\(sampleRecipient)q' has 59 characters after 'age1', not 58; \(recipientRule)"),
        RuleCase(
            reason: "a long value is cut short in the message", value: "x" + String(repeating: "y", count: 100),
            problem: "'x\(String(repeating: "y", count: 69))…' does not start with 'age1'; \(recipientRule)"),
        RuleCase(
            reason: "a secret key is refused without being repeated",
            value: "AGE-SECRET-KEY-1VY8NDKM3JTHNJPA3RCSSPXXT5J0YHVPWRGZS58LQJLTZ40A5V9GQRDJZUQ",
            problem: "is an age secret key, which must never be written in a manifest: give its public key "
                + "(age-keygen -y prints it), and make a new identity, since this one is now exposed"),
    ]

    @Test("recipients are age1 and 58 lower-case Bech32 characters", arguments: recipientCases)
    func recipient(_ rule: RuleCase) {
        #expect(ValidationRules.recipientProblem(rule.value) == rule.problem)
    }

    static let secretNameCases: [RuleCase] = [
        RuleCase(reason: "one character is enough", value: "a", problem: nil),
        RuleCase(reason: "every allowed punctuation", value: "prod/bot_key+1=x.y@z-w", problem: nil),
        RuleCase(reason: "512 characters is the limit", value: String(repeating: "s", count: 512), problem: nil),
        RuleCase(
            reason: "513 characters is too long", value: String(repeating: "s", count: 513),
            problem: "is 513 characters long; \(secretNameRule)"),
        RuleCase(reason: "empty is not allowed", value: "", problem: "is empty; \(secretNameRule)"),
        RuleCase(
            reason: "a space is named", value: "my secret", problem: "'my secret' contains a space; \(secretNameRule)"),
        RuleCase(
            reason: "a colon is not allowed", value: "a:b", problem: "'a:b' contains ':'; \(secretNameRule)"),
    ]

    @Test("Secrets Manager names follow AWS's rule at and past each boundary", arguments: secretNameCases)
    func secretName(_ rule: RuleCase) {
        #expect(ValidationRules.secretNameProblem(rule.value) == rule.problem)
    }

    @Test("day counts are checked against their range and named as written")
    func dayCounts() {
        let rotate = ValidationRules.rotateAfterDaysRange
        let grace = ValidationRules.rotationGraceDaysRange
        #expect(ValidationRules.dayCountProblem(1, written: "1", range: rotate) == nil)
        #expect(ValidationRules.dayCountProblem(3650, written: "3650", range: rotate) == nil)
        #expect(
            ValidationRules.dayCountProblem(0, written: "0", range: rotate)
                == "is 0; write a whole number of days from 1 to 3650")
        #expect(
            ValidationRules.dayCountProblem(3651, written: "3651", range: rotate)
                == "is 3651; write a whole number of days from 1 to 3650")
        #expect(ValidationRules.dayCountProblem(0, written: "0", range: grace) == nil)
        #expect(ValidationRules.dayCountProblem(365, written: "365", range: grace) == nil)
        #expect(
            ValidationRules.dayCountProblem(366, written: "366", range: grace)
                == "is 366; write a whole number of days from 0 to 365")
        #expect(
            ValidationRules.dayCountProblem(nil, written: "99999999999", range: grace)
                == "is 99999999999; write a whole number of days from 0 to 365")
    }

    @Test("the grace period must end before the next rotation")
    func gracePeriod() {
        #expect(ValidationRules.gracePeriodProblem(graceDays: 6, isDefault: false, rotateAfterDays: 7) == nil)
        #expect(
            ValidationRules.gracePeriodProblem(graceDays: 7, isDefault: true, rotateAfterDays: 7)
                == "is 7 (the default), not less than rotateAfterDays 7; the previous key must be retired before "
                + "the next rotation, so lower rotationGraceDays or raise rotateAfterDays")
        #expect(
            ValidationRules.gracePeriodProblem(graceDays: 30, isDefault: false, rotateAfterDays: 10)
                == "is 30, not less than rotateAfterDays 10; the previous key must be retired before "
                + "the next rotation, so lower rotationGraceDays or raise rotateAfterDays")
    }
}
