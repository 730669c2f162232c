import ChannelCore
import Testing
import YAMLDocument

/// A public key made with age-keygen for the tests; it protects nothing.
private let recipient = "age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a5atgxn4cj8sr0casxhgmtc"
/// A throwaway secret key, which messages must never repeat.
private let secretKey = "AGE-SECRET-KEY-1VY8NDKM3JTHNJPA3RCSSPXXT5J0YHVPWRGZS58LQJLTZ40A5V9GQRDJZUQ"
private let recipientRule =
    "an age recipient is 'age1' followed by 58 Bech32 characters in lower case, as age-keygen prints for the public key"
private let accessKeyFields =
    "allowed: enabled, recipients, rotateAfterDays, rotationGraceDays, secretsManager"
private let needsRecipient = "an enabled access key needs at least one age recipient to seal its secret for"
private let exposed =
    "give the public key (age-keygen -y prints it), and make a new identity, since this one is now exposed"

/// The base manifest, whose consumer `web` has an accessKey block with the given lines.
///
///     7     - name: web
///     8       accessKey:
///     9         <first line>          (key at column 9)
///    10         <second line> …
private func keyed(_ lines: String...) -> String {
    manifest(consumer: "web\n      accessKey:\n" + lines.map { "        " + $0 }.joined(separator: "\n"))
}

@Suite("access key messages, exactly as printed")
struct AccessKeyMessageTests {
    static let cases: [MessageCase] = [
        MessageCase(
            "a misspelt field gets a suggestion and is not reported missing",
            keyed("enabled: true", "recpients: [\(recipient)]"),
            "m.yaml:10:9: error: unknown field 'recpients' in spec.consumers[0].accessKey; "
                + "did you mean 'recipients'? \(accessKeyFields)"),
        MessageCase(
            "a misspelt accessKey block gets a suggestion",
            manifest(consumer: "web\n      accesKey: {enabled: false}"),
            "m.yaml:8:7: error: unknown field 'accesKey' in spec.consumers[0]; did you mean 'accessKey'? "
                + "allowed: accessKey, name"),
        MessageCase(
            "enabled without recipients",
            keyed("enabled: true"),
            "m.yaml:9:9: error: missing required field 'recipients' in spec.consumers[0].accessKey; \(needsRecipient)"),
        MessageCase(
            "enabled with an empty list of recipients",
            keyed("enabled: true", "recipients: []"),
            "m.yaml:10:21: error: spec.consumers[0].accessKey.recipients is empty; \(needsRecipient)"),
        MessageCase(
            "accessKey as a string",
            manifest(consumer: "web\n      accessKey: yes"),
            "m.yaml:8:18: error: spec.consumers[0].accessKey must be a mapping, found 'yes'"),
        MessageCase(
            "enabled as a YAML 1.1 word",
            keyed("enabled: on", "recipients: [\(recipient)]"),
            "m.yaml:9:18: error: spec.consumers[0].accessKey.enabled must be true or false, found 'on'; write true "
                + "(YAML 1.1 words such as yes, no, on and off are not booleans here)"),
        MessageCase(
            "recipients as one string get a hint",
            keyed("recipients: \(recipient)"),
            "m.yaml:9:21: error: spec.consumers[0].accessKey.recipients must be a list of age recipients, found "
                + "'age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a…'; write [\(recipient)]"),
        MessageCase(
            "a secret key given as the recipients is never repeated",
            keyed("recipients: \(secretKey)"),
            "m.yaml:9:21: error: spec.consumers[0].accessKey.recipients must be a list of age recipients, found "
                + "an age secret key; \(exposed)"),
        MessageCase(
            "a secret key in the list of recipients is never repeated",
            keyed("recipients: [\(secretKey)]"),
            "m.yaml:9:22: error: spec.consumers[0].accessKey.recipients[0] is an age secret key, which must never be "
                + "written in a manifest: give its public key (age-keygen -y prints it), and make a new identity, "
                + "since this one is now exposed"),
        MessageCase(
            "a recipient in upper case and one too short",
            keyed("recipients: [\(recipient.uppercased()), age1qqq]"),
            "m.yaml:9:22: error: spec.consumers[0].accessKey.recipients[0] '\(recipient.uppercased())' has "
                + "upper-case letters; \(recipientRule)",
            "m.yaml:9:86: error: spec.consumers[0].accessKey.recipients[1] 'age1qqq' has 3 characters after 'age1', "
                + "not 58; \(recipientRule)"),
        MessageCase(
            "a recipient written twice",
            keyed("recipients:", "  - \(recipient)", "  - \(recipient)"),
            "m.yaml:11:13: error: spec.consumers[0].accessKey.recipients[1] repeats "
                + "spec.consumers[0].accessKey.recipients[0]; give each recipient once"),
        MessageCase(
            "a recipient that is a number",
            keyed("recipients: [42]", "enabled: false"),
            "m.yaml:9:22: error: spec.consumers[0].accessKey.recipients[0] '42' does not start with 'age1'; "
                + recipientRule),
        MessageCase(
            "rotateAfterDays of 0 and of 3651",
            keyed("rotateAfterDays: 0")
                + "---\n"
                + keyed("rotateAfterDays: 3651").replacingOccurrences("support-bot", "other")
                .replacingOccurrences("name: web", "name: web2"),
            "m.yaml:9:26: error: spec.consumers[0].accessKey.rotateAfterDays is 0; write a whole number of days "
                + "from 1 to 3650",
            "m.yaml:22:26: error: spec.consumers[0].accessKey.rotateAfterDays is 3651; write a whole number of days "
                + "from 1 to 3650"),
        MessageCase(
            "rotateAfterDays quoted",
            keyed("rotateAfterDays: '90'"),
            "m.yaml:9:26: error: spec.consumers[0].accessKey.rotateAfterDays must be a whole number of days, found "
                + "the quoted string '90'; remove the quotes"),
        MessageCase(
            "rotateAfterDays as a fraction, a word and a list",
            keyed("rotateAfterDays: 1.5", "rotationGraceDays: ninety", "enabled: [true]"),
            "m.yaml:9:26: error: spec.consumers[0].accessKey.rotateAfterDays must be a whole number of days, found "
                + "'1.5'",
            "m.yaml:10:28: error: spec.consumers[0].accessKey.rotationGraceDays must be a whole number of days, "
                + "found 'ninety'",
            "m.yaml:11:18: error: spec.consumers[0].accessKey.enabled must be true or false, found a list"),
        MessageCase(
            "a negative grace and one of 366 days, and a number too long for any count",
            keyed("rotationGraceDays: -1", "rotateAfterDays: 123456789012345678901234567890"),
            "m.yaml:9:28: error: spec.consumers[0].accessKey.rotationGraceDays is -1; write a whole number of days "
                + "from 0 to 365",
            "m.yaml:10:26: error: spec.consumers[0].accessKey.rotateAfterDays is 123456789012345678901234567890; "
                + "write a whole number of days from 1 to 3650"),
        MessageCase(
            "a grace of 366 days",
            keyed("rotationGraceDays: 366"),
            "m.yaml:9:28: error: spec.consumers[0].accessKey.rotationGraceDays is 366; write a whole number of days "
                + "from 0 to 365"),
        MessageCase(
            "a tagged day count",
            keyed("rotateAfterDays: !!str 30"),
            "m.yaml:9:26: error: spec.consumers[0].accessKey.rotateAfterDays has the unsupported tag '!!str'; "
                + "remove it (allowed here: !!int)"),
        MessageCase(
            "the default grace is not less than a short rotation",
            keyed("rotateAfterDays: 7"),
            "m.yaml:9:26: error: spec.consumers[0].accessKey.rotationGraceDays is 7 (the default), not less than "
                + "rotateAfterDays 7; the previous key must be retired before the next rotation, so lower "
                + "rotationGraceDays or raise rotateAfterDays"),
        MessageCase(
            "a written grace as long as the rotation",
            keyed("rotateAfterDays: 30", "rotationGraceDays: 30"),
            "m.yaml:10:28: error: spec.consumers[0].accessKey.rotationGraceDays is 30, not less than "
                + "rotateAfterDays 30; the previous key must be retired before the next rotation, so lower "
                + "rotationGraceDays or raise rotateAfterDays"),
        MessageCase(
            "a Secrets Manager block without a name, and one with a bad name",
            keyed("secretsManager: {nme: x}")
                + "---\n"
                + keyed("secretsManager: {name: 'bot key'}").replacingOccurrences("support-bot", "other")
                .replacingOccurrences("name: web", "name: web2"),
            "m.yaml:9:26: error: unknown field 'nme' in spec.consumers[0].accessKey.secretsManager; did you mean "
                + "'name'? allowed: name",
            "m.yaml:22:32: error: spec.consumers[0].accessKey.secretsManager.name 'bot key' contains a space; "
                + "a Secrets Manager secret name has 1 to 512 letters, digits and / _ + = . @ -"),
        MessageCase(
            "two consumers naming one secret",
            keyed("secretsManager: {name: prod/shared}")
                + "---\n"
                + keyed("secretsManager: {name: prod/shared}").replacingOccurrences("support-bot", "other")
                .replacingOccurrences("name: web", "name: web2"),
            "m.yaml:7:13: error: Secrets Manager secret 'prod/shared' is also named by the consumer at m.yaml:20:13 "
                + "(channel 'other'); each secret holds one consumer's access key",
            "m.yaml:20:13: error: Secrets Manager secret 'prod/shared' is also named by the consumer at m.yaml:7:13 "
                + "(channel 'support-bot'); each secret holds one consumer's access key"),
        MessageCase(
            "a Secrets Manager block as a string",
            keyed("secretsManager: prod/bot"),
            "m.yaml:9:25: error: spec.consumers[0].accessKey.secretsManager must be a mapping, found 'prod/bot'"),
        MessageCase(
            "accessKey written twice",
            manifest(consumer: "web\n      accessKey: {}\n      accessKey: {}"),
            "m.yaml:9:7: error: duplicate key 'accessKey', first written at m.yaml:8:7; a key may appear only once "
                + "in a mapping"),
    ]

    @Test("validation prints exactly these lines", arguments: cases)
    func messages(_ messageCase: MessageCase) {
        let files = messageCase.files.map { YAMLDocumentParser.manifestFile($0.bytes, path: $0.path) }
        let set = loadManifests(files)
        #expect(set.diagnostics.map(\.description) == messageCase.expected)
        #expect(set.channels.isEmpty)
        #expect(!set.diagnostics.contains { $0.message.contains("AGE-SECRET-KEY") || $0.message.contains("VY8NDKM") })
    }

    @Test("a full block is read with every field, and defaults fill what is left out")
    func fullBlock() throws {
        let text =
            keyed(
                "enabled: true", "rotateAfterDays: 90", "rotationGraceDays: 0",
                "recipients: [\(recipient), age1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusqmwn7f2]",
                "secretsManager: {name: prod/support-bot/web}")
            + "---\n"
            + manifest(name: "other", consumer: "app\n      accessKey: {enabled: false}")
        let set = loadManifests([YAMLDocumentParser.manifestFile(Array(text.utf8), path: "m.yaml")])
        #expect(set.diagnostics == [])
        let consumers = set.channels.flatMap(\.consumers)
        try #require(consumers.count == 2)
        #expect(consumers[0].accessKey == AccessKeyPolicy())
        #expect(
            consumers[1].accessKey
                == AccessKeyPolicy(
                    isEnabled: true,
                    rotateAfterDays: 90,
                    rotationGraceDays: 0,
                    recipients: [recipient, "age1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusqmwn7f2"],
                    secretsManagerName: "prod/support-bot/web"
                ))
    }

    @Test("secret names differing only in case are two secrets, as Secrets Manager keeps them")
    func secretNamesKeepCase() {
        let text =
            keyed("secretsManager: {name: prod/Bot}")
            + "---\n"
            + keyed("secretsManager: {name: prod/bot}").replacingOccurrences("support-bot", "other")
            .replacingOccurrences("name: web", "name: web2")
        let set = loadManifests([YAMLDocumentParser.manifestFile(Array(text.utf8), path: "m.yaml")])
        #expect(set.diagnostics == [])
        #expect(set.channels.count == 2)
    }

    @Test("the boundaries of the day counts are accepted")
    func boundaries() {
        for lines in [
            ["rotateAfterDays: 1", "rotationGraceDays: 0"], ["rotateAfterDays: 3650", "rotationGraceDays: 365"],
            ["rotateAfterDays: +8"], ["rotateAfterDays: !!int 8"],
        ] {
            let text = manifest(
                consumer: "web\n      accessKey:\n" + lines.map { "        " + $0 }.joined(separator: "\n"))
            let set = loadManifests([YAMLDocumentParser.manifestFile(Array(text.utf8), path: "m.yaml")])
            #expect(set.diagnostics == [], "\(lines)")
        }
    }
}
