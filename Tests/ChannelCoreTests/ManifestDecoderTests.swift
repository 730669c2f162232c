import Testing

@testable import ChannelCore

@Suite("decoding one manifest")
struct ManifestDecoderTests {
    @Test("a complete manifest decodes into the channel it declares, maps sorted by key")
    func complete() throws {
        let manifest = sampleManifest()
            .setting(["metadata", "labels"], ["tier": "1", "team": "cx"])
            .setting(["spec", "tags"], ["owner": "cx", "cost-center": "4217"])
            .setting(["spec", "protect"], "true")
            .setting(
                ["spec", "permissions"],
                [
                    [
                        "sid": "SendText",
                        "effect": "Deny",
                        "actions": ["lex:PostText"],
                        "resources": ["*"],
                        "conditions": [
                            "StringEquals": ["aws:RequestedRegion": "us-east-1"],
                            "IpAddress": ["aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]],
                        ],
                    ],
                    ["actions": ["lex:RecognizeText"], "resources": ["*"]],
                ])
        let result = decoded(manifest)
        #expect(result.diagnostics == [])
        let channel = try #require(result.channel)
        #expect(channel.name == "support-bot")
        #expect(channel.labels == [KeyValue("team", "cx"), KeyValue("tier", "1")])
        #expect(channel.description == "Customer support bot")
        #expect(channel.consumers.map(\.name) == ["web-widget"])
        #expect(channel.tags == [KeyValue("cost-center", "4217"), KeyValue("owner", "cx")])
        #expect(channel.protect)
        #expect(channel.location == SourceLocation(file: "t.yaml", line: 1, column: 1))
        #expect(channel.permissions.count == 2)
        let first = channel.permissions[0]
        #expect(first.sid == "SendText")
        #expect(first.effect == .deny)
        #expect(first.actions == ["lex:PostText"])
        #expect(first.resources == ["*"])
        #expect(
            first.conditions == [
                ConditionOperator(
                    name: "StringEquals",
                    clauses: [.init(key: "aws:RequestedRegion", values: ["us-east-1"], isList: false)]),
                ConditionOperator(
                    name: "IpAddress",
                    clauses: [.init(key: "aws:SourceIp", values: ["10.0.0.0/8", "192.168.0.0/16"], isList: true)]),
            ])
        let second = channel.permissions[1]
        #expect(second.sid == nil)
        #expect(second.effect == .allow)
    }

    @Test("optional fields default: no labels, description, tags or conditions, protect false")
    func defaults() throws {
        let manifest = sampleManifest()
            .setting(["metadata", "labels"], nil)
            .setting(["spec", "description"], nil)
        let channel = try #require(decoded(manifest).channel)
        #expect(channel.labels == [])
        #expect(channel.description == nil)
        #expect(channel.tags == [])
        #expect(channel.protect == false)
        #expect(channel.permissions[0].conditions == [])
    }

    @Test("YAML 1.1 words and numbers in string fields stay exactly as written")
    func yaml11Traps() throws {
        let manifest = sampleManifest(name: "0123", consumers: ["0777"])
            .setting(["metadata", "labels"], ["enabled": "yes", "switch": "on", "count": "0x1F"])
            .setting(["spec", "description"], "no")
            .setting(["spec", "tags"], ["cost-center": "4217", "zip": "0123", "flag": "off", "exp": "1e3", "y": "n"])
            .setting(
                ["spec", "permissions"],
                [
                    [
                        "actions": ["lex:PostText"], "resources": ["*"],
                        "conditions": [
                            "Bool": ["aws:SecureTransport": "true"], "NumericEquals": ["s3:max-keys": "010"],
                        ],
                    ]
                ])
        let result = decoded(manifest)
        #expect(result.diagnostics == [])
        let channel = try #require(result.channel)
        #expect(channel.name == "0123")
        #expect(channel.consumers.map(\.name) == ["0777"])
        #expect(channel.labels == [KeyValue("count", "0x1F"), KeyValue("enabled", "yes"), KeyValue("switch", "on")])
        #expect(channel.description == "no")
        #expect(
            channel.tags == [
                KeyValue("cost-center", "4217"), KeyValue("exp", "1e3"), KeyValue("flag", "off"), KeyValue("y", "n"),
                KeyValue("zip", "0123"),
            ])
        #expect(channel.permissions[0].conditions.flatMap(\.clauses).map(\.values) == [["true"], ["010"]])
    }

    @Test("an explicit !!str tag is accepted on string fields and keeps the text")
    func strTag() throws {
        let manifest = sampleManifest().setting(["spec", "tags"], ["zip": .tagged("!!str", "0123")])
        #expect(try #require(decoded(manifest).channel).tags == [KeyValue("zip", "0123")])
    }

    @Test(
        "protect takes only true or false and says what to write instead",
        arguments: [
            (
                Y.plain("yes"),
                "spec.protect must be true or false, found 'yes'; write true"
                    + " (YAML 1.1 words such as yes, no, on and off are not booleans here)"
            ),
            (
                Y.plain("Off"),
                "spec.protect must be true or false, found 'Off'; write false"
                    + " (YAML 1.1 words such as yes, no, on and off are not booleans here)"
            ),
            (Y.plain("True"), "spec.protect must be true or false, found 'True'; write true"),
            (Y.quoted("true"), "spec.protect must be true or false, found the quoted string 'true'; remove the quotes"),
            (Y.plain("1"), "spec.protect must be true or false, found '1'"),
            (Y.plain("~"), "spec.protect must be true or false, found null"),
            (Y.list(["true"]), "spec.protect must be true or false, found a list"),
            (
                Y.tagged("!!str", "true"),
                "spec.protect has the unsupported tag '!!str'; remove it (allowed here: !!bool)"
            ),
        ])
    func protect(_ value: Y, _ message: String) throws {
        let lines = messages(sampleManifest().setting(["spec", "protect"], value))
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.hasSuffix(": error: " + message))
    }

    @Test("protect: !!bool true is a boolean")
    func boolTag() throws {
        let manifest = sampleManifest().setting(["spec", "protect"], .tagged("!!bool", "true"))
        #expect(try #require(decoded(manifest).channel).protect)
    }

    @Test("null, ~ and nothing are errors in required string fields", arguments: ["~", "null", "Null", "NULL", ""])
    func nullName(_ null: String) {
        let result = decoded(sampleManifest().setting(["metadata", "name"], .plain(null)))
        #expect(result.channel == nil)
        #expect(result.name == nil)
        #expect(result.diagnostics.map(\.message) == ["metadata.name must be a string, found null"])
    }

    @Test("a quoted null is a string")
    func quotedNull() {
        let result = decoded(sampleManifest().setting(["metadata", "name"], .quoted("null")))
        #expect(result.channel?.name == "null")
    }

    @Test("every problem of a document is reported, not only the first")
    func allProblems() {
        let manifest = sampleManifest(name: "Bad_Name", consumers: ["ok", "bad name"])
            .setting("apiVersion", "v1")
            .setting(["spec", "consumer"], "x")
            .setting(["spec", "tags"], ["aws:x": "1"])
        let result = decoded(manifest)
        #expect(result.channel == nil)
        #expect(result.name == "Bad_Name")
        #expect(result.consumers.map(\.name) == ["ok", "bad name"])
        #expect(
            result.diagnostics.sorted().map(\.message) == [
                "apiVersion must be 'channelops.io/v1', found 'v1'",
                "metadata.name 'Bad_Name' contains 'B'; a channel name has 1 to 40 lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit",
                "spec.consumers[1].name 'bad name' contains a space; an IAM user name has 1 to 64 letters, digits and "
                    + "+ = , . @ _ -",
                "unknown field 'consumer' in spec; did you mean 'consumers'? allowed: consumers, description, "
                    + "permissions, protect, tags",
                "spec.tags key 'aws:x' starts with 'aws:', which AWS reserves for its own tags; choose another key",
            ])
    }

    @Test("a document whose root is not a mapping is one error")
    func rootNotMapping() {
        #expect(
            messages(["a", "b"]) == [
                "t.yaml:1:1: error: a manifest must be a mapping with apiVersion, kind, metadata and spec, found a list"
            ])
    }

    @Test("an empty document yields nothing and no error")
    func emptyDocument() {
        let result = ManifestDecoder.decode(
            ManifestDocument(root: nil, location: SourceLocation(file: "t.yaml", line: 1, column: 1)))
        #expect(result == DecodedManifest())
    }

    @Test("diagnostics the YAML reader attached to the document make the channel invalid")
    func readerDiagnostics() {
        var maker = TreeMaker(file: "t.yaml")
        var document = maker.document(sampleManifest())
        let duplicate = Diagnostic.duplicateKey(
            "kind", at: SourceLocation(file: "t.yaml", line: 9, column: 1),
            first: SourceLocation(file: "t.yaml", line: 2, column: 1))
        document.diagnostics = [duplicate]
        let result = ManifestDecoder.decode(document)
        #expect(result.channel == nil)
        #expect(result.name == "support-bot")
        #expect(result.diagnostics == [duplicate])
    }

    @Test("a key that is not a string, or written twice, is reported by the decoder too")
    func keysInHandBuiltTrees() {
        let location = { (line: Int) in SourceLocation(file: "t.yaml", line: line, column: 1) }
        let scalar = { (text: String, line: Int) in ManifestNode(.scalar(text, .plain), at: location(line)) }
        let root = ManifestNode(
            .mapping([
                .init(key: scalar("kind", 1), value: scalar("Channel", 1)),
                .init(key: scalar("kind", 2), value: scalar("Channel", 2)),
                .init(key: ManifestNode(.sequence([]), at: location(3)), value: scalar("x", 3)),
            ]),
            at: location(1))
        let result = ManifestDecoder.decode(ManifestDocument(root: root, location: location(1)))
        #expect(
            result.diagnostics.sorted().map(\.description) == [
                "t.yaml:1:1: error: missing required field 'apiVersion' at the top level",
                "t.yaml:1:1: error: missing required field 'metadata' at the top level",
                "t.yaml:1:1: error: missing required field 'spec' at the top level",
                "t.yaml:2:1: error: duplicate key 'kind', first written at t.yaml:1:1; "
                    + "a key may appear only once in a mapping",
                "t.yaml:3:1: error: a mapping key must be a string, found a list",
            ])
    }

    @Test("statement ids must be unique within a channel")
    func duplicateSid() {
        let manifest = sampleManifest().setting(
            ["spec", "permissions"],
            [
                ["sid": "Send", "actions": ["lex:PostText"], "resources": ["*"]],
                ["sid": "Send", "actions": ["lex:PostContent"], "resources": ["*"]],
            ])
        #expect(
            messages(manifest) == [
                "t.yaml:36:1: error: spec.permissions[1].sid 'Send' is already used at t.yaml:27:1; "
                    + "statement ids must be unique in a channel"
            ])
    }
}
