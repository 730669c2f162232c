import ChannelCore
import Testing
import YAMLDocument

/// One manifest file of a message case.
struct InputFile: Sendable {
    var path: String
    var bytes: [UInt8]
}

/// Input files and the exact lines that validating them prints.
struct MessageCase: Sendable, CustomTestStringConvertible {
    var reason: String
    var files: [InputFile]
    var expected: [String]

    var testDescription: String { reason }

    init(_ reason: String, _ text: String, _ expected: String...) {
        self.init(reason, bytes: Array(text.utf8), expected)
    }

    init(_ reason: String, bytes: [UInt8], _ expected: [String]) {
        self.reason = reason
        self.files = [InputFile(path: "m.yaml", bytes: bytes)]
        self.expected = expected
    }

    init(_ reason: String, files: [(String, String)], _ expected: String...) {
        self.reason = reason
        self.files = files.map { InputFile(path: $0.0, bytes: Array($0.1.utf8)) }
        self.expected = expected
    }
}

/// A valid manifest with parts replaced. Its lines are fixed, so cases can name places:
///
///     1 apiVersion: channelops.io/v1
///     2 kind: Channel
///     3 metadata:
///     4   name: <name>                 (value at column 9)
///     5 spec:
///     6   consumers:
///     7     - name: <consumer>         (value at column 13)
///     8   permissions:
///     9     - actions: <actions>       (value at column 16)
///    10       resources: <resources>   (value at column 18)
///    11       <permission lines, indented 6>
///     …   <spec lines, indented 2>
func manifest(
    name: String = "support-bot",
    consumer: String = "web",
    actions: String = "[lex:PostText]",
    resources: String = "['*']",
    permission: [String] = [],
    spec: [String] = []
) -> String {
    let lines =
        [
            "apiVersion: channelops.io/v1",
            "kind: Channel",
            "metadata:",
            "  name: \(name)",
            "spec:",
            "  consumers:",
            "    - name: \(consumer)",
            "  permissions:",
            "    - actions: \(actions)",
            "      resources: \(resources)",
        ] + permission.map { "      " + $0 } + spec.map { "  " + $0 }
    return lines.joined(separator: "\n") + "\n"
}

private let nameRule =
    "a channel name has 1 to 40 lower-case letters, digits and '-', starting and ending with a letter or digit"
private let userRule = "an IAM user name has 1 to 64 letters, digits and + = , . @ _ -"
private let tagRule = "tag keys and values may hold only letters, digits, spaces and _ . : / = + - @"
private let specFields = "allowed: consumers, description, permissions, protect, tags"
private let yaml11 = "(YAML 1.1 words such as yes, no, on and off are not booleans here)"

private func laughs() -> String {
    var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...9 {
        let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
        lines.append("a\(level): &a\(level) [\(refs)]")
    }
    return lines.joined(separator: "\n")
}

@Suite("every message, exactly as printed")
struct ManifestMessageTests {
    static let cases: [MessageCase] = [
        // The YAML reader: files that cannot be read at all.
        MessageCase(
            "a file over 1 MiB is refused before parsing",
            bytes: Array(repeating: UInt8(ascii: "#"), count: 1_048_577),
            [
                "m.yaml:1:1: error: the file has 1048577 bytes; a manifest file may have at most 1048576 (1 MiB), "
                    + "so split it into several files"
            ]),
        MessageCase(
            "bytes that are not UTF-8",
            bytes: Array("a: ".utf8) + [0xFF, 0x0A],
            ["m.yaml:1:4: error: the file is not valid UTF-8 text (invalid leading UTF-8 octet 0xFF); save it as UTF-8"]
        ),
        MessageCase(
            "a cut-off UTF-8 sequence",
            bytes: Array("a:\n  b: ".utf8) + [0xC3, 0x0A],
            [
                "m.yaml:2:7: error: the file is not valid UTF-8 text (invalid trailing UTF-8 octet 0x0A); save it as UTF-8"
            ]),
        MessageCase(
            "bad bytes after CR LF and CR line ends are placed as libyaml counts lines",
            bytes: Array("a: b\r\nc: d\re: ".utf8) + [0xFF],
            ["m.yaml:3:4: error: the file is not valid UTF-8 text (invalid leading UTF-8 octet 0xFF); save it as UTF-8"]
        ),
        MessageCase(
            "a control character",
            bytes: Array("a: b".utf8) + [0x01],
            [
                "m.yaml:1:5: error: the file contains the control character U+0001, which YAML does not allow; "
                    + "a manifest must be text"
            ]),
        MessageCase(
            "an unclosed flow list",
            "a: [1, 2\nb: 3\n",
            "m.yaml:2:2: error: invalid YAML: did not find expected ',' or ']' "
                + "(while parsing a flow sequence started at line 1, column 4)"),
        MessageCase(
            "a key indented under a scalar",
            "a: 1\n b: 2\n",
            "m.yaml:2:3: error: invalid YAML: mapping values are not allowed in this context"),
        MessageCase(
            "a tab in the indentation",
            "a:\n\t- b\n",
            "m.yaml:2:1: error: invalid YAML: found character that cannot start any token "
                + "(while scanning for the next token started at line 2, column 1); "
                + "indent with spaces, since YAML does not allow tabs there"),
        MessageCase(
            "a value starting with @",
            "owner: @cx\n",
            "m.yaml:1:8: error: invalid YAML: found character that cannot start any token "
                + "(while scanning for the next token started at line 1, column 8); "
                + "put the value in quotes, since YAML reserves @ and ` at the start of a value"),
        MessageCase(
            "an unterminated quote",
            "a: 'open\n",
            "m.yaml:2:1: error: invalid YAML: found unexpected end of stream "
                + "(while scanning a quoted scalar started at line 1, column 4)"),
        MessageCase(
            "an unknown escape in double quotes",
            "a: \"x\\qy\"\n",
            "m.yaml:1:6: error: invalid YAML: found unknown escape character "
                + "(while parsing a quoted scalar started at line 1, column 4)"),
        MessageCase(
            "nesting deeper than 64 levels",
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
            "m.yaml:1:65: error: lists and mappings nest more than 64 levels deep here; "
                + "a manifest needs far fewer, so flatten the document"),
        MessageCase(
            "an alias without its anchor",
            "a: *missing\n",
            "m.yaml:1:4: error: alias '*missing' refers to no anchor '&missing' defined before it in this document"),
        MessageCase(
            "an alias inside its own anchor",
            "a: &loop [x, *loop]\n",
            "m.yaml:1:14: error: alias '*loop' refers to the node '&loop' that contains it; "
                + "recursive structures are not allowed"),
        MessageCase(
            "the billion laughs",
            laughs(),
            "m.yaml:5:45: error: aliases in this file expand to more than 100000 nodes at '*a3'; "
                + "write the values out instead of nesting aliases"),

        // The YAML reader: problems that leave the rest of the file readable.
        MessageCase(
            "a key written twice",
            manifest(spec: ["protect: false", "protect: true"]),
            "m.yaml:12:3: error: duplicate key 'protect', first written at m.yaml:11:3; "
                + "a key may appear only once in a mapping"),
        MessageCase(
            "a key that is a list",
            manifest(spec: ["? [a]", ": b"]),
            "m.yaml:11:5: error: a mapping key must be a string, found a list"),

        // The document's shape.
        MessageCase(
            "a document that is a list",
            "- a\n- b\n",
            "m.yaml:1:1: error: a manifest must be a mapping with apiVersion, kind, metadata and spec, found a list"),
        MessageCase(
            "a document that is a scalar",
            "hello\n",
            "m.yaml:1:1: error: a manifest must be a mapping with apiVersion, kind, metadata and spec, found 'hello'"),
        MessageCase(
            "a tagged document",
            "!thing {a: 1}\n",
            "m.yaml:1:1: error: the document has the unsupported tag '!thing'; remove it (allowed here: !!map)"),
        MessageCase(
            "a mapping with nothing required",
            "other: 1\n",
            "m.yaml:1:1: error: missing required field 'apiVersion' at the top level",
            "m.yaml:1:1: error: missing required field 'kind' at the top level",
            "m.yaml:1:1: error: missing required field 'metadata' at the top level",
            "m.yaml:1:1: error: missing required field 'spec' at the top level",
            "m.yaml:1:1: error: unknown field 'other' at the top level; allowed: apiVersion, kind, metadata, spec"),
        MessageCase(
            "a wrong apiVersion and kind",
            manifest().replacingOccurrences("channelops.io/v1", "v1").replacingOccurrences("Channel", "Chanel"),
            "m.yaml:1:13: error: apiVersion must be 'channelops.io/v1', found 'v1'",
            "m.yaml:2:7: error: kind must be 'Channel', found 'Chanel'"),
        MessageCase(
            "a misspelt field gets a suggestion",
            manifest(spec: ["tgas: {a: b}"]),
            "m.yaml:11:3: error: unknown field 'tgas' in spec; did you mean 'tags'? \(specFields)"),
        MessageCase(
            "an unknown field far from every allowed one",
            manifest(permission: ["owner: cx"]),
            "m.yaml:11:7: error: unknown field 'owner' in spec.permissions[0]; "
                + "allowed: actions, conditions, effect, resources, sid"),
        MessageCase(
            "a merge key",
            manifest(spec: ["<<: {protect: true}"]),
            "m.yaml:11:3: error: unknown field '<<' in spec; YAML merge keys are not supported, so write the fields "
                + "out. \(specFields)"),
        MessageCase(
            "an unknown field in metadata",
            manifest(name: "bot\n  namespace: x"),
            "m.yaml:5:3: error: unknown field 'namespace' in metadata; allowed: labels, name"),
        MessageCase(
            "metadata as a string, spec as a list",
            "apiVersion: channelops.io/v1\nkind: Channel\nmetadata: bot\nspec: []\n",
            "m.yaml:3:11: error: metadata must be a mapping, found 'bot'",
            "m.yaml:4:7: error: spec must be a mapping, found a list"),

        // metadata
        MessageCase(
            "a null channel name", manifest(name: "~"),
            "m.yaml:4:9: error: metadata.name must be a string, found null"),
        MessageCase(
            "a channel name that is a mapping", manifest(name: "{a: b}"),
            "m.yaml:4:9: error: metadata.name must be a string, found a mapping"),
        MessageCase(
            "a missing channel name",
            manifest(name: "x").replacingOccurrences("  name: x\n", "  labels: {}\n"),
            "m.yaml:4:3: error: missing required field 'name' in metadata"),
        MessageCase(
            "a channel name with an upper-case letter", manifest(name: "Support"),
            "m.yaml:4:9: error: metadata.name 'Support' contains 'S'; \(nameRule)"),
        MessageCase(
            "a 41-character channel name", manifest(name: String(repeating: "a", count: 41)),
            "m.yaml:4:9: error: metadata.name is 41 characters long; \(nameRule)"),
        MessageCase(
            "an empty quoted channel name", manifest(name: "''"),
            "m.yaml:4:9: error: metadata.name is empty; \(nameRule)"),
        MessageCase(
            "a channel name ending in a hyphen", manifest(name: "bot-"),
            "m.yaml:4:9: error: metadata.name 'bot-' ends with '-'; \(nameRule)"),
        MessageCase(
            "a channel name starting with a hyphen", manifest(name: "'-bot'"),
            "m.yaml:4:9: error: metadata.name '-bot' starts with '-'; \(nameRule)"),
        MessageCase(
            "a label that is a list",
            manifest(name: "bot\n  labels: {team: [a]}"),
            "m.yaml:5:18: error: metadata.labels.team must be a string, found a list"),
        MessageCase(
            "labels that are a list",
            manifest(name: "bot\n  labels: [a]"),
            "m.yaml:5:11: error: metadata.labels must be a mapping of strings to strings, found a list"),

        // consumers
        MessageCase(
            "a consumer written as a plain string",
            manifest().replacingOccurrences("    - name: web", "    - web"),
            "m.yaml:7:7: error: spec.consumers[0] must be a mapping, found 'web'; write '- name: web'"),
        MessageCase(
            "consumers that are a mapping",
            manifest().replacingOccurrences("    - name: web", "    name: web"),
            "m.yaml:7:5: error: spec.consumers must be a list, found a mapping"),
        MessageCase(
            "no consumers",
            manifest().replacingOccurrences("  consumers:\n    - name: web", "  consumers: []"),
            "m.yaml:6:14: error: spec.consumers is empty; a channel needs at least one consumer"),
        MessageCase(
            "a missing consumers field",
            manifest().replacingOccurrences("  consumers:\n    - name: web\n", ""),
            "m.yaml:6:3: error: missing required field 'consumers' in spec"),
        MessageCase(
            "a misspelt required field is reported once, as unknown with a suggestion",
            manifest().replacingOccurrences("    - name: web", "    - nam: web"),
            "m.yaml:7:7: error: unknown field 'nam' in spec.consumers[0]; did you mean 'name'? allowed: accessKey, name"
        ),
        MessageCase(
            "a consumer without a name",
            manifest().replacingOccurrences("    - name: web", "    - {}"),
            "m.yaml:7:7: error: missing required field 'name' in spec.consumers[0]"),
        MessageCase(
            "a consumer name with a space", manifest(consumer: "web widget"),
            "m.yaml:7:13: error: spec.consumers[0].name 'web widget' contains a space; \(userRule)"),
        MessageCase(
            "a 65-character consumer name", manifest(consumer: String(repeating: "u", count: 65)),
            "m.yaml:7:13: error: spec.consumers[0].name is 65 characters long; \(userRule)"),
        MessageCase(
            "an empty consumer name", manifest(consumer: "\"\""),
            "m.yaml:7:13: error: spec.consumers[0].name is empty; \(userRule)"),

        // permissions
        MessageCase(
            "no permissions",
            manifest().replacingOccurrences(
                "  permissions:\n    - actions: [lex:PostText]\n      resources: ['*']\n", "  permissions: []\n"),
            "m.yaml:8:16: error: spec.permissions is empty; a channel needs at least one permission"),
        MessageCase(
            "a permission that is a string",
            manifest().replacingOccurrences(
                "    - actions: [lex:PostText]\n      resources: ['*']\n", "    - lex:PostText\n"),
            "m.yaml:9:7: error: spec.permissions[0] must be a mapping, found 'lex:PostText'"),
        MessageCase(
            "actions written as one string", manifest(actions: "lex:PostText"),
            "m.yaml:9:16: error: spec.permissions[0].actions must be a list of strings, found 'lex:PostText'; "
                + "write [lex:PostText]"),
        MessageCase(
            "actions written as a mapping", manifest(actions: "{lex: PostText}"),
            "m.yaml:9:16: error: spec.permissions[0].actions must be a list of strings, found a mapping"),
        MessageCase(
            "no actions and no resources", manifest(actions: "[]", resources: "[]"),
            "m.yaml:9:16: error: spec.permissions[0].actions is empty; a permission needs at least one action",
            "m.yaml:10:18: error: spec.permissions[0].resources is empty; a permission needs at least one resource"),
        MessageCase(
            "missing actions and resources",
            manifest(actions: "x").replacingOccurrences(
                "    - actions: x\n      resources: ['*']\n", "    - sid: Only\n"),
            "m.yaml:9:7: error: missing required field 'actions' in spec.permissions[0]",
            "m.yaml:9:7: error: missing required field 'resources' in spec.permissions[0]"),
        MessageCase(
            "an action that is a list and one that is null", manifest(actions: "[[lex:PostText], ~]"),
            "m.yaml:9:17: error: spec.permissions[0].actions[0] must be a string, found a list",
            "m.yaml:9:33: error: spec.permissions[0].actions[1] must be a string, found null"),
        MessageCase(
            "a misspelt service prefix", manifest(actions: "[lex:PostText, lexx:PostContent]"),
            "m.yaml:9:31: error: spec.permissions[0].actions[1] 'lexx:PostContent' names the unknown service prefix "
                + "'lexx'; did you mean 'lex'?"),
        MessageCase(
            "an action without a service", manifest(actions: "[PostText]"),
            "m.yaml:9:17: error: spec.permissions[0].actions[0] 'PostText' is not of the form service:Action, "
                + "for example 'lex:PostText', or '*'"),
        MessageCase(
            "an action name with a hyphen", manifest(actions: "[lex:Post-Text]"),
            "m.yaml:9:17: error: spec.permissions[0].actions[0] 'lex:Post-Text' has '-' in its action name; "
                + "an action name has only letters, digits and the wildcards * and ?"),
        MessageCase(
            "an upper-case service prefix", manifest(actions: "[Lex:PostText]"),
            "m.yaml:9:17: error: spec.permissions[0].actions[0] 'Lex:PostText' has 'L' in its service prefix 'Lex'; "
                + "a service prefix has only lower-case letters, digits and '-'; did you mean 'lex'?"),
        MessageCase(
            "a resource that is not an ARN", manifest(resources: "[my-bucket]"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'my-bucket' is neither '*' nor an ARN "
                + "(arn:partition:service:region:account:resource)"),
        MessageCase(
            "an ARN with too few parts", manifest(resources: "['arn:aws:lex']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:aws:lex' has 3 of the 6 parts of an ARN "
                + "(arn:partition:service:region:account:resource)"),
        MessageCase(
            "an ARN in an unknown partition", manifest(resources: "['arn:amazon:lex:us-east-1:123456789012:bot:B']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:amazon:lex:us-east-1:123456789012:bot:B' has "
                + "the unknown partition 'amazon'; use aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, "
                + "aws-iso-f or aws-eusc"),
        MessageCase(
            "an ARN with an empty service", manifest(resources: "['arn:aws::us-east-1:123456789012:bot:B']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:aws::us-east-1:123456789012:bot:B' has an "
                + "empty service; write the service between the second and third ':'"),
        MessageCase(
            "an ARN with an upper-case service", manifest(resources: "['arn:aws:S3:::b']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:aws:S3:::b' has the service 'S3'; "
                + "an ARN's service has only lower-case letters, digits, '-' and wildcards"),
        MessageCase(
            "an ARN with a bad region", manifest(resources: "['arn:aws:lex:US_EAST:123456789012:bot:B']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:aws:lex:US_EAST:123456789012:bot:B' has the "
                + "region 'US_EAST'; a region has only lower-case letters, digits, '-' and wildcards, or is empty"),
        MessageCase(
            "an ARN with a short account", manifest(resources: "['arn:aws:lex:us-east-1:1234:bot:B']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:aws:lex:us-east-1:1234:bot:B' has the "
                + "account '1234'; an account is 12 digits, 'aws', or empty"),
        MessageCase(
            "an ARN with no resource part", manifest(resources: "['arn:aws:s3:::']"),
            "m.yaml:10:19: error: spec.permissions[0].resources[0] 'arn:aws:s3:::' has an empty resource part; "
                + "write the resource after the fifth ':', or use '*'"),
        MessageCase(
            "an effect in lower case", manifest(permission: ["effect: allow"]),
            "m.yaml:11:15: error: spec.permissions[0].effect must be Allow or Deny, found 'allow'; "
                + "did you mean 'Allow'?"),
        MessageCase(
            "an effect that is neither", manifest(permission: ["effect: Permit"]),
            "m.yaml:11:15: error: spec.permissions[0].effect must be Allow or Deny, found 'Permit'"),
        MessageCase(
            "a sid with a hyphen", manifest(permission: ["sid: Send-Text"]),
            "m.yaml:11:12: error: spec.permissions[0].sid 'Send-Text' contains '-'; "
                + "a statement id has only letters and digits"),
        MessageCase(
            "an empty sid", manifest(permission: ["sid: ''"]),
            "m.yaml:11:12: error: spec.permissions[0].sid is empty; a statement id has only letters and digits, "
                + "or leave the field out"),
        MessageCase(
            "a sid used twice",
            manifest(
                permission: ["sid: Send"],
                spec: ["  - sid: Send", "    actions: [lex:PostContent]", "    resources: ['*']"]),
            "m.yaml:12:12: error: spec.permissions[1].sid 'Send' is already used at m.yaml:11:12; "
                + "statement ids must be unique in a channel"),

        // conditions
        MessageCase(
            "conditions that are a list", manifest(permission: ["conditions: [a]"]),
            "m.yaml:11:19: error: spec.permissions[0].conditions must be a mapping of condition operators, found a list"
        ),
        MessageCase(
            "a misspelt condition operator",
            manifest(permission: ["conditions: {StringEqual: {aws:RequestedRegion: x}}"]),
            "m.yaml:11:20: error: spec.permissions[0].conditions has the unknown condition operator 'StringEqual'; "
                + "did you mean 'StringEquals'?"),
        MessageCase(
            "an unknown condition operator", manifest(permission: ["conditions: {Whatever: {k: v}}"]),
            "m.yaml:11:20: error: spec.permissions[0].conditions has the unknown condition operator 'Whatever'; "
                + "use an IAM operator such as StringEquals, StringLike, ArnLike, IpAddress or Bool"),
        MessageCase(
            "an operator with a list instead of keys", manifest(permission: ["conditions: {StringEquals: [a]}"]),
            "m.yaml:11:34: error: spec.permissions[0].conditions.StringEquals must be a mapping of condition keys to "
                + "values, found a list"),
        MessageCase(
            "an empty condition key", manifest(permission: ["conditions: {StringEquals: {'': x}}"]),
            "m.yaml:11:35: error: spec.permissions[0].conditions.StringEquals has an empty condition key; "
                + "write a key such as aws:RequestedRegion"),
        MessageCase(
            "a condition value that is a mapping", manifest(permission: ["conditions: {StringEquals: {k: {a: b}}}"]),
            "m.yaml:11:38: error: spec.permissions[0].conditions.StringEquals.k must be a string or a list of strings, "
                + "found a mapping"),
        MessageCase(
            "a null condition value", manifest(permission: ["conditions: {StringEquals: {k: ~}}"]),
            "m.yaml:11:38: error: spec.permissions[0].conditions.StringEquals.k must be a string or a list of strings, "
                + "found null"),
        MessageCase(
            "an empty list of condition values", manifest(permission: ["conditions: {StringEquals: {k: []}}"]),
            "m.yaml:11:38: error: spec.permissions[0].conditions.StringEquals.k has no values; give at least one"),
        MessageCase(
            "a condition value list holding a list",
            manifest(permission: ["conditions: {StringEquals: {k: [a, [b]]}}"]),
            "m.yaml:11:42: error: spec.permissions[0].conditions.StringEquals.k[1] must be a string, found a list"),

        // tags
        MessageCase(
            "tags that are a list", manifest(spec: ["tags: [a]"]),
            "m.yaml:11:9: error: spec.tags must be a mapping of strings to strings, found a list"),
        MessageCase(
            "a tag value left empty", manifest(spec: ["tags: {team: }"]),
            "m.yaml:11:16: error: spec.tags.team must be a string, found null"),
        MessageCase(
            "49 tags",
            manifest(spec: ["tags: {" + (1...49).map { "k\($0): v" }.joined(separator: ", ") + "}"]),
            "m.yaml:11:9: error: spec.tags has 49 tags; the limit is 48, because AWS allows 50 tags per resource and "
                + "channelops adds 2 of its own"),
        MessageCase(
            "reserved tag keys", manifest(spec: ["tags: {AWS:team: a, channelops:channel: b}"]),
            "m.yaml:11:10: error: spec.tags key 'AWS:team' starts with 'aws:', which AWS reserves for its own tags; "
                + "choose another key",
            "m.yaml:11:23: error: spec.tags key 'channelops:channel' starts with 'channelops:', which channelops "
                + "reserves for the tags it adds; choose another key"),
        MessageCase(
            "tag keys and values with characters IAM refuses", manifest(spec: ["tags: {'a#b': 'x,y'}"]),
            "m.yaml:11:10: error: spec.tags key 'a#b' contains '#'; \(tagRule)",
            "m.yaml:11:17: error: spec.tags.a#b contains ','; \(tagRule)"),
        MessageCase(
            "an empty tag key", manifest(spec: ["tags: {'': x}"]),
            "m.yaml:11:10: error: spec.tags has an empty key; a tag key has 1 to 128 characters"),
        MessageCase(
            "a 129-character tag key and a 257-character value",
            manifest(spec: ["tags: {\(String(repeating: "k", count: 129)): \(String(repeating: "v", count: 257))}"]),
            "m.yaml:11:10: error: spec.tags has a key of 129 characters; a tag key has 1 to 128 characters",
            "m.yaml:11:141: error: spec.tags.\(String(repeating: "k", count: 129)) is 257 characters long; "
                + "a tag value has 0 to 256 characters"),
        MessageCase(
            "tag keys that differ only in case", manifest(spec: ["tags: {team: a, Team: b}"]),
            "m.yaml:11:19: error: spec.tags key 'Team' differs from 'team' at m.yaml:11:10 only in case; "
                + "IAM compares tag keys without case, so keep one of them"),

        // description and protect
        MessageCase(
            "a description of 1001 characters", manifest(spec: ["description: " + String(repeating: "d", count: 1001)]),
            "m.yaml:11:16: error: spec.description is 1001 characters long; a description has at most 1000"),
        MessageCase(
            "a description that is a list", manifest(spec: ["description: [a]"]),
            "m.yaml:11:16: error: spec.description must be a string, found a list"),
        MessageCase(
            "protect: yes", manifest(spec: ["protect: yes"]),
            "m.yaml:11:12: error: spec.protect must be true or false, found 'yes'; write true \(yaml11)"),
        MessageCase(
            "protect: off", manifest(spec: ["protect: off"]),
            "m.yaml:11:12: error: spec.protect must be true or false, found 'off'; write false \(yaml11)"),
        MessageCase(
            "protect: FALSE", manifest(spec: ["protect: FALSE"]),
            "m.yaml:11:12: error: spec.protect must be true or false, found 'FALSE'; write false"),
        MessageCase(
            "protect quoted", manifest(spec: ["protect: 'true'"]),
            "m.yaml:11:12: error: spec.protect must be true or false, found the quoted string 'true'; remove the quotes"
        ),
        MessageCase(
            "protect as a number", manifest(spec: ["protect: 1"]),
            "m.yaml:11:12: error: spec.protect must be true or false, found '1'"),
        MessageCase(
            "protect left empty", manifest(spec: ["protect:"]),
            "m.yaml:11:11: error: spec.protect must be true or false, found null"),

        // explicit tags
        MessageCase(
            "a number tag on a string field", manifest(name: "!!int 5"),
            "m.yaml:4:9: error: metadata.name has the unsupported tag '!!int'; remove it (allowed here: !!str)"),
        MessageCase(
            "a custom tag on a list", manifest(actions: "!list [lex:PostText]"),
            "m.yaml:9:16: error: spec.permissions[0].actions has the unsupported tag '!list'; remove it "
                + "(allowed here: !!seq)"),
        MessageCase(
            "a tag on a mapping", manifest(spec: ["tags: !!set {a: b}"]),
            "m.yaml:11:9: error: spec.tags has the unsupported tag '!!set'; remove it (allowed here: !!map)"),
        MessageCase(
            "a tag on a key", manifest(spec: ["!!int 5: x"]),
            "m.yaml:11:3: error: the key '5' has the unsupported tag '!!int'; remove it (allowed here: !!str)"),

        // across files
        MessageCase(
            "one channel name in two files, in different case",
            files: [
                ("a.yaml", manifest(name: "bot", consumer: "one")),
                ("b/c.yaml", manifest(name: "Bot", consumer: "two")),
            ],
            "a.yaml:4:9: error: channel name 'bot' is also used at b/c.yaml:4:9; "
                + "channel names must be unique in the repository, compared without case",
            "b/c.yaml:4:9: error: channel name 'Bot' is also used at a.yaml:4:9; "
                + "channel names must be unique in the repository, compared without case",
            "b/c.yaml:4:9: error: metadata.name 'Bot' contains 'B'; \(nameRule)"),
        MessageCase(
            "one consumer in two channels of one file",
            files: [
                ("a.yaml", manifest(name: "one", consumer: "Web") + "---\n" + manifest(name: "two", consumer: "web"))
            ],
            "a.yaml:7:13: error: consumer name 'Web' is also used at a.yaml:18:13 (channel 'two'); "
                + "IAM user names must be unique in the repository, compared without case",
            "a.yaml:18:13: error: consumer name 'web' is also used at a.yaml:7:13 (channel 'one'); "
                + "IAM user names must be unique in the repository, compared without case"),
    ]

    @Test("validation prints exactly these lines", arguments: cases)
    func messages(_ messageCase: MessageCase) {
        let files = messageCase.files.map { YAMLDocumentParser.manifestFile($0.bytes, path: $0.path) }
        let set = loadManifests(files)
        #expect(set.diagnostics.map(\.description) == messageCase.expected)
        #expect(set.channels.isEmpty)
    }

    @Test("the manifest that the cases vary is valid")
    func baseIsValid() {
        let set = loadManifests([YAMLDocumentParser.manifestFile(Array(manifest().utf8), path: "m.yaml")])
        #expect(set.diagnostics == [])
        #expect(set.channels.map(\.name) == ["support-bot"])
    }
}

extension String {
    /// The string with every occurrence of `target` replaced, without Foundation.
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
