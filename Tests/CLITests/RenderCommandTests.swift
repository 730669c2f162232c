import Foundation
import Testing

@Suite("channelops render")
struct RenderCommandTests {
    /// The samples' channels: their consumers and `spec.tags`, as the manifests declare them.
    static let sampleChannels: [String: (users: Set<String>, tags: [String: String])] = [
        "order-status": (["order-status-mobile"], ["cost-center": "5120", "data-classification": "internal"]),
        "research-agent": (
            ["research-agent-slack", "research-agent-batch"], ["cost-center": "7300", "owner": "ml-platform"]
        ),
        "support-bot": (["support-web-widget"], ["cost-center": "4217"]),
    ]

    @Test("the Lex support bot's policy allows exactly lex:PostText and lex:PostContent on its bot")
    func supportBotPolicy() async throws {
        let state = try await Self.renderedSamples()

        let policy = try #require(state.policies.first { $0.name == "channelops-support-bot" })
        #expect(policy.channel == "support-bot")
        #expect(policy.path == "/channelops/")
        #expect(policy.document.version == "2012-10-17")
        let statement = try #require(policy.document.statements.first)
        #expect(policy.document.statements.count == 1)
        #expect(statement.effect == "Allow")
        #expect(statement.actions == ["lex:PostText", "lex:PostContent"])
        #expect(statement.resources == ["arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"])
        #expect(!statement.hasCondition)
    }

    @Test("every user and policy has path /channelops/ and the managed-by, channel and spec tags")
    func usersAndPoliciesFollowTheContract() async throws {
        let state = try await Self.renderedSamples()

        #expect(state.instance == "default")
        #expect(Set(state.users.map(\.channel)) == Set(Self.sampleChannels.keys))
        for user in state.users {
            let channel = try #require(Self.sampleChannels[user.channel], "user \(user.name)")
            #expect(channel.users.contains(user.name), "user \(user.name)")
            #expect(user.path == "/channelops/", "user \(user.name)")
            #expect(user.tags == Self.expectedTags(channel: user.channel, instance: "default"), "user \(user.name)")
        }
        #expect(state.users.count == Self.sampleChannels.values.map(\.users.count).reduce(0, +))
        #expect(Set(state.policies.map(\.name)) == Set(Self.sampleChannels.keys.map { "channelops-\($0)" }))
        for policy in state.policies {
            #expect(policy.name == "channelops-\(policy.channel)")
            #expect(policy.path == "/channelops/", "policy \(policy.name)")
            #expect(
                policy.tags == Self.expectedTags(channel: policy.channel, instance: "default"),
                "policy \(policy.name)")
        }
    }

    @Test("each user has exactly one attachment, to its own channel's policy")
    func oneAttachmentPerUser() async throws {
        let state = try await Self.renderedSamples()

        let attachedUsers = state.attachments.map(\.user)
        #expect(attachedUsers.sorted() == state.users.map(\.name).sorted())
        for user in state.users {
            let attachment = try #require(state.attachments.first { $0.user == user.name })
            #expect(attachment.policy == "channelops-\(user.channel)", "user \(user.name)")
        }
    }

    @Test("--instance blue puts channelops:managed-by=blue on every user and policy")
    func instanceChangesManagedByTag() async throws {
        let state = try await Self.renderedSamples(extraArguments: ["--instance", "blue"])

        #expect(state.instance == "blue")
        #expect(!state.users.isEmpty)
        for user in state.users {
            #expect(user.tags == Self.expectedTags(channel: user.channel, instance: "blue"), "user \(user.name)")
        }
        for policy in state.policies {
            #expect(policy.tags == Self.expectedTags(channel: policy.channel, instance: "blue"))
        }
    }

    @Test("--format yaml prints the same data as JSON, in the same order, with ambiguous strings quoted")
    func yamlMatchesJSON() async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let json = try await runner.run(["render", "--path", Repository.sampleChannels, "--format", "json"])
        let yaml = try await runner.run(["render", "--path", Repository.sampleChannels, "--format", "yaml"])

        #expect(json.exitCode == 0, "\(json)")
        #expect(yaml.exitCode == 0, "\(yaml)")
        #expect(yaml.standardError == "")
        let jsonLeaves = try RenderedLeaves.fromJSON(json.standardOutput)
        let yamlLeaves = try RenderedLeaves.fromYAML(yaml.standardOutput)
        // Every user, policy, action and tag appears; far fewer would mean a broken reading.
        #expect(jsonLeaves.count > 60)
        #expect(yamlLeaves.map(\.pair) == jsonLeaves.map(\.pair))
        for leaf in yamlLeaves where leaf.isPlain {
            #expect(!RenderedLeaves.readsAsNonString(leaf.value), "plain YAML scalar \(leaf)")
        }
        #expect(yaml.standardOutput.hasPrefix("instance: default\nusers:\n  - name: order-status-mobile\n"))
    }

    @Test("the default format is JSON")
    func defaultFormatIsJSON() async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let implicit = try await runner.run(["render", "--path", Repository.sampleChannels])
        let explicit = try await runner.run(["render", "--path", Repository.sampleChannels, "--format", "json"])

        #expect(implicit.exitCode == 0, "\(implicit)")
        #expect(implicit.standardOutput == explicit.standardOutput)
        #expect(implicit.standardOutput.hasPrefix("{\n"))
    }

    /// The tags the contract gives every resource of `channel`.
    static func expectedTags(channel: String, instance: String) -> [String: String] {
        var tags = Self.sampleChannels[channel]?.tags ?? [:]
        tags["channelops:managed-by"] = instance
        tags["channelops:channel"] = channel
        return tags
    }

    /// `render --format json` on the samples, decoded; the run must succeed with a clean stderr.
    static func renderedSamples(extraArguments: [String] = []) async throws -> RenderedState {
        let runner = try CLIRunner(workingDirectory: Repository.root)
        let result = try await runner.run(
            ["render", "--path", Repository.sampleChannels, "--format", "json"] + extraArguments)
        try #require(result.exitCode == 0, "\(result)")
        #expect(result.standardError == "")
        return try JSONDecoder().decode(RenderedState.self, from: Data(result.standardOutput.utf8))
    }
}

/// The JSON that `render` prints, as far as these tests read it.
struct RenderedState: Decodable {
    struct User: Decodable {
        var name: String
        var path: String
        var channel: String
        var tags: [String: String]
    }

    struct Policy: Decodable {
        var name: String
        var path: String
        var channel: String
        var document: PolicyDocument
        var tags: [String: String]
    }

    struct PolicyDocument: Decodable {
        var version: String
        var statements: [Statement]

        enum CodingKeys: String, CodingKey {
            case version = "Version"
            case statements = "Statement"
        }
    }

    struct Statement: Decodable {
        var effect: String
        var actions: [String]
        var resources: [String]
        var hasCondition: Bool

        enum CodingKeys: String, CodingKey {
            case effect = "Effect"
            case actions = "Action"
            case resources = "Resource"
            case condition = "Condition"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            effect = try container.decode(String.self, forKey: .effect)
            actions = try container.decode([String].self, forKey: .actions)
            resources = try container.decode([String].self, forKey: .resources)
            hasCondition = container.contains(.condition)
        }
    }

    struct Attachment: Decodable {
        var user: String
        var policy: String
    }

    var instance: String
    var users: [User]
    var policies: [Policy]
    var attachments: [Attachment]
}
