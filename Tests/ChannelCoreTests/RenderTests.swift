import Testing

@testable import ChannelCore

private func at(_ line: Int, _ column: Int = 1) -> ChannelCore.SourceLocation {
    ChannelCore.SourceLocation(file: "channels/bots.yaml", line: line, column: column)
}

/// Two channels, written out of name order, covering description, sid, conditions and tags.
private let sampleChannels = [
    Channel(
        name: "support-bot",
        description: "Customer support bot on Amazon Lex",
        consumers: [Consumer(name: "support-web-widget", location: at(8, 7))],
        permissions: [
            Permission(
                sid: "SendText",
                actions: ["lex:PostText", "lex:PostContent"],
                resources: ["arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"],
                conditions: [
                    ConditionOperator(
                        name: "StringEquals",
                        clauses: [.init(key: "aws:RequestedRegion", values: ["us-east-1"], isList: false)]
                    )
                ],
                location: at(10, 7)
            )
        ],
        tags: [KeyValue("cost-center", "4217")],
        location: at(1)
    ),
    Channel(
        name: "bedrock-agent",
        consumers: [
            Consumer(name: "agent-web", location: at(24, 7)),
            Consumer(name: "agent-mobile", location: at(25, 7)),
        ],
        permissions: [
            Permission(
                actions: ["bedrock:InvokeAgent"],
                resources: ["arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT1/ALIAS1"],
                conditions: [
                    ConditionOperator(
                        name: "StringLike",
                        clauses: [.init(key: "aws:UserAgent", values: ["web/*", "mobile/*"], isList: true)]
                    )
                ],
                location: at(27, 7)
            ),
            Permission(effect: .deny, actions: ["bedrock:DeleteAgent"], resources: ["*"], location: at(33, 7)),
        ],
        location: at(20)
    ),
]

private let expectedJSON = """
    {
      "instance": "default",
      "users": [
        {
          "name": "agent-web",
          "path": "/channelops/",
          "channel": "bedrock-agent",
          "tags": {
            "channelops:managed-by": "default",
            "channelops:channel": "bedrock-agent"
          }
        },
        {
          "name": "agent-mobile",
          "path": "/channelops/",
          "channel": "bedrock-agent",
          "tags": {
            "channelops:managed-by": "default",
            "channelops:channel": "bedrock-agent"
          }
        },
        {
          "name": "support-web-widget",
          "path": "/channelops/",
          "channel": "support-bot",
          "tags": {
            "channelops:managed-by": "default",
            "channelops:channel": "support-bot",
            "cost-center": "4217"
          }
        }
      ],
      "policies": [
        {
          "name": "channelops-bedrock-agent",
          "path": "/channelops/",
          "channel": "bedrock-agent",
          "description": null,
          "document": {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Action": [
                  "bedrock:InvokeAgent"
                ],
                "Resource": [
                  "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT1/ALIAS1"
                ],
                "Condition": {
                  "StringLike": {
                    "aws:UserAgent": [
                      "web/*",
                      "mobile/*"
                    ]
                  }
                }
              },
              {
                "Effect": "Deny",
                "Action": [
                  "bedrock:DeleteAgent"
                ],
                "Resource": [
                  "*"
                ]
              }
            ]
          },
          "tags": {
            "channelops:managed-by": "default",
            "channelops:channel": "bedrock-agent"
          }
        },
        {
          "name": "channelops-support-bot",
          "path": "/channelops/",
          "channel": "support-bot",
          "description": "Customer support bot on Amazon Lex",
          "document": {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "SendText",
                "Effect": "Allow",
                "Action": [
                  "lex:PostText",
                  "lex:PostContent"
                ],
                "Resource": [
                  "arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"
                ],
                "Condition": {
                  "StringEquals": {
                    "aws:RequestedRegion": "us-east-1"
                  }
                }
              }
            ]
          },
          "tags": {
            "channelops:managed-by": "default",
            "channelops:channel": "support-bot",
            "cost-center": "4217"
          }
        }
      ],
      "attachments": [
        {
          "user": "agent-web",
          "policy": "channelops-bedrock-agent"
        },
        {
          "user": "agent-mobile",
          "policy": "channelops-bedrock-agent"
        },
        {
          "user": "support-web-widget",
          "policy": "channelops-support-bot"
        }
      ]
    }

    """

private let expectedYAML = """
    instance: default
    users:
      - name: agent-web
        path: /channelops/
        channel: bedrock-agent
        tags:
          channelops:managed-by: default
          channelops:channel: bedrock-agent
      - name: agent-mobile
        path: /channelops/
        channel: bedrock-agent
        tags:
          channelops:managed-by: default
          channelops:channel: bedrock-agent
      - name: support-web-widget
        path: /channelops/
        channel: support-bot
        tags:
          channelops:managed-by: default
          channelops:channel: support-bot
          cost-center: "4217"
    policies:
      - name: channelops-bedrock-agent
        path: /channelops/
        channel: bedrock-agent
        description: null
        document:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action:
                - bedrock:InvokeAgent
              Resource:
                - arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT1/ALIAS1
              Condition:
                StringLike:
                  aws:UserAgent:
                    - web/*
                    - mobile/*
            - Effect: Deny
              Action:
                - bedrock:DeleteAgent
              Resource:
                - "*"
        tags:
          channelops:managed-by: default
          channelops:channel: bedrock-agent
      - name: channelops-support-bot
        path: /channelops/
        channel: support-bot
        description: "Customer support bot on Amazon Lex"
        document:
          Version: "2012-10-17"
          Statement:
            - Sid: SendText
              Effect: Allow
              Action:
                - lex:PostText
                - lex:PostContent
              Resource:
                - arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*
              Condition:
                StringEquals:
                  aws:RequestedRegion: us-east-1
        tags:
          channelops:managed-by: default
          channelops:channel: support-bot
          cost-center: "4217"
    attachments:
      - user: agent-web
        policy: channelops-bedrock-agent
      - user: agent-mobile
        policy: channelops-bedrock-agent
      - user: support-web-widget
        policy: channelops-support-bot

    """

/// A minimal valid channel named `name` with the given permission and tags.
private func channel(
    _ name: String = "bot",
    actions: [String] = ["s3:GetObject"],
    resources: [String] = ["*"],
    sid: String? = nil,
    conditions: [ConditionOperator] = [],
    tags: [KeyValue] = []
) -> Channel {
    Channel(
        name: name,
        consumers: [Consumer(name: "user-\(name.prefix(20))", location: at(5, 7))],
        permissions: [
            Permission(sid: sid, actions: actions, resources: resources, conditions: conditions, location: at(7, 7))
        ],
        tags: tags,
        location: at(1)
    )
}

private func tags(_ count: Int) -> [KeyValue] {
    (0..<count).map { KeyValue("key\($0)", "value") }
}

@Suite("Rendering")
struct RenderTests {
    @Test("the sample channels render to the exact JSON document")
    func goldenJSON() throws {
        let result = try render(sampleChannels, instance: "default")
        #expect(result.diagnostics.isEmpty)
        #expect(result.invalidChannels.isEmpty)
        #expect(result.state.encoded(as: .json) == expectedJSON)
    }

    @Test("the sample channels render to the exact YAML document")
    func goldenYAML() throws {
        let result = try render(sampleChannels, instance: "default")
        #expect(result.state.encoded(as: .yaml) == expectedYAML)
    }

    @Test("the JSON output parses back to the same value it was written from")
    func jsonRoundTrip() throws {
        let state = try render(sampleChannels, instance: "default").state
        #expect(try JSONValue(parsing: state.encoded(as: .json)) == state.jsonValue)
    }

    @Test("output does not depend on the order the channels come in")
    func orderIndependent() throws {
        let forward = try render(sampleChannels, instance: "default")
        let backward = try render(sampleChannels.reversed(), instance: "default")
        #expect(forward == backward)
        #expect(forward.state.policies.map(\.name) == ["channelops-bedrock-agent", "channelops-support-bot"])
    }

    @Test("the instance goes into every managed-by tag")
    func instanceTag() throws {
        let state = try render(sampleChannels, instance: "prod-eu").state
        let managedBy = (state.users.map(\.tags) + state.policies.map(\.tags)).map { $0.first }
        #expect(managedBy.count == 5)
        #expect(managedBy.allSatisfy { $0 == KeyValue("channelops:managed-by", "prod-eu") })
        #expect(state.instance == "prod-eu")
    }

    @Test("a policy's document is the one Rendering.policyDocument(for:) builds")
    func documentMatchesModel() throws {
        let state = try render(sampleChannels, instance: "default").state
        let supportBot = try #require(state.policies.last)
        let expected =
            #"{"Version":"2012-10-17","Statement":[{"Sid":"SendText","Effect":"Allow","#
            + #""Action":["lex:PostText","lex:PostContent"],"#
            + #""Resource":["arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"],"#
            + #""Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}"#
        #expect(supportBot.document.text(.compact) == expected)
        #expect(supportBot.document == Rendering.policyDocument(for: sampleChannels[0]))
    }

    @Test(
        "instance names follow the channel-name rule",
        arguments: [
            ("default", true), ("a", true), ("prod-eu-1", true), ("9", true),
            (String(repeating: "a", count: 40), true), (String(repeating: "a", count: 41), false),
            ("", false), ("-prod", false), ("prod-", false), ("Prod", false), ("prod_eu", false),
            ("prod.eu", false), ("prod eu", false), ("prød", false), ("prod/eu", false),
        ]
    )
    func instanceNames(name: String, isValid: Bool) {
        #expect(((try? Rendering.checkInstanceName(name)) != nil) == isValid)
        #expect(((try? render(sampleChannels, instance: name)) != nil) == isValid)
    }

    @Test("an invalid instance name is reported with the rule")
    func instanceMessage() {
        let error = #expect(throws: RenderError.self) { try render([], instance: "Prod_EU") }
        #expect(
            error?.description
                == "invalid instance name 'Prod_EU': use 1–40 lower-case letters, digits and '-', "
                + "starting and ending with a letter or digit"
        )
    }

    @Test("a policy name of 128 characters renders, one of 129 is reported at the channel")
    func policyNameLength() throws {
        let atLimit = String(repeating: "a", count: 117)
        #expect(try render([channel(atLimit)], instance: "default").diagnostics.isEmpty)

        let pastLimit = String(repeating: "a", count: 118)
        let result = try render([channel(pastLimit)], instance: "default")
        #expect(
            result.diagnostics == [
                Diagnostic(
                    at(1),
                    "policy name 'channelops-\(pastLimit)' has 129 characters; IAM allows at most 128, "
                        + "so a channel name may have at most 117"
                )
            ]
        )
        #expect(result.invalidChannels == [pastLimit])
        #expect(result.state == DesiredState(instance: "default"))
    }

    @Test("a document of 6,144 characters without whitespace renders, one of 6,145 is reported")
    func documentSize() throws {
        // {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["…"]}]}
        // has 99 characters around the resource, which therefore gets 6,045.
        let prefix = "arn:aws:s3:::bucket/"
        let padding = String(repeating: "x", count: 6_045 - prefix.count)
        let atLimit = channel(resources: [prefix + padding])
        #expect(Rendering.policyDocument(for: atLimit).iamCharacterCount == 6_144)
        #expect(try render([atLimit], instance: "default").diagnostics.isEmpty)

        // Spaces inside values are whitespace too, so they do not count.
        let spaced = channel(resources: [prefix + "   " + padding + "   "])
        #expect(try render([spaced], instance: "default").diagnostics.isEmpty)

        let pastLimit = channel(resources: [prefix + padding + "x"])
        let result = try render([pastLimit], instance: "default")
        #expect(
            result.diagnostics == [
                Diagnostic(
                    at(1),
                    "policy document of channel 'bot' has 6145 characters, whitespace not counted; IAM allows "
                        + "at most 6144 in a managed policy: use wildcards or fewer actions, resources and "
                        + "conditions, or split the channel"
                )
            ]
        )
        #expect(result.invalidChannels == ["bot"])
    }

    @Test("48 tags in spec.tags render, 49 are reported since each resource would carry 51")
    func tagCount() throws {
        let atLimit = try render([channel(tags: tags(48))], instance: "default")
        #expect(atLimit.diagnostics.isEmpty)
        #expect(atLimit.state.users.first?.tags.count == 50)
        #expect(atLimit.state.policies.first?.tags.count == 50)

        let result = try render([channel(tags: tags(49))], instance: "default")
        #expect(
            result.diagnostics == [
                Diagnostic(
                    at(1),
                    "spec.tags has 49 tags, so each resource of the channel would carry 51 with the two "
                        + "channelops: tags; IAM allows at most 50 per resource, so spec.tags may hold at most 48"
                )
            ]
        )
    }

    @Test(
        "a policy accepts tab, line feed, carriage return and U+0020 to U+00FF",
        arguments: ["tab\there", "lf\ncr\r", " space", "tilde~", "del\u{7F}", "nbsp\u{A0}", "yuml\u{FF}"]
    )
    func allowedCharacters(value: String) throws {
        let conditions = [
            ConditionOperator(name: "StringEquals", clauses: [.init(key: "k", values: [value], isList: false)])
        ]
        #expect(try render([channel(conditions: conditions)], instance: "default").diagnostics.isEmpty)
    }

    @Test(
        "any other character in a permission is reported at the permission",
        arguments: [
            (
                channel(resources: ["arn:aws:s3:::b/\u{100}"]),
                #"resource "arn:aws:s3:::b/Ā" contains the character U+0100"#
            ),
            (channel(actions: ["s3:Get\u{1F}"]), #"action "s3:Get\u001f" contains the character U+001F"#),
            (channel(sid: "Sid\u{0}"), #"sid "Sid\u0000" contains the character U+0000"#),
            (
                channel(conditions: [
                    .init(name: "StringEquals", clauses: [.init(key: "k", values: ["中"], isList: true)])
                ]),
                #"condition value "中" contains the character U+4E2D"#
            ),
            (
                channel(conditions: [
                    .init(name: "StringEquals", clauses: [.init(key: "k😀", values: ["v"], isList: true)])
                ]),
                #"condition key "k😀" contains the character U+1F600"#
            ),
            (
                channel(conditions: [
                    .init(name: "Equals\u{2028}", clauses: [.init(key: "k", values: ["v"], isList: true)])
                ]),
                #"condition operator "Equals\#u{2028}" contains the character U+2028"#
            ),
        ]
    )
    func rejectedCharacters(channel: Channel, start: String) throws {
        let result = try render([channel], instance: "default")
        let suffix = "; IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF in a policy document"
        #expect(result.diagnostics == [Diagnostic(at(7, 7), start + suffix)])
        #expect(result.invalidChannels == ["bot"])
    }

    @Test("a channel with a problem is left out while the others render, and every problem is listed")
    func partialResult() throws {
        let broken = channel("broken", resources: ["\u{100}", "\u{101}"], tags: tags(49))
        let result = try render([sampleChannels[0], broken], instance: "default")
        #expect(result.invalidChannels == ["broken"])
        #expect(result.state.policies.map(\.name) == ["channelops-support-bot"])
        #expect(result.state.users.map(\.name) == ["support-web-widget"])
        #expect(result.diagnostics.map(\.location) == [at(1), at(7, 7), at(7, 7)])
        #expect(result.diagnostics == result.diagnostics.sorted())
    }

    @Test("a thousand channels render with one policy each and one user and attachment per consumer")
    func manyChannels() throws {
        let channels = (0..<1_000).map { index in
            Channel(
                name: "channel-\(index)",
                consumers: [
                    Consumer(name: "web-\(index)", location: at(index)),
                    Consumer(name: "app-\(index)", location: at(index)),
                ],
                permissions: sampleChannels[0].permissions,
                tags: [KeyValue("team", "cx")],
                location: at(index)
            )
        }
        let result = try render(channels, instance: "default")
        #expect(result.state.policies.count == 1_000)
        #expect(result.state.users.count == 2_000)
        #expect(result.state.attachments.count == 2_000)
        #expect(result.state.policies.first?.name == "channelops-channel-0")
        #expect(result.state.policies.last?.name == "channelops-channel-999")
        #expect(result.state.encoded(as: .yaml).utf8.count > 1_000 * 500)
    }
}
