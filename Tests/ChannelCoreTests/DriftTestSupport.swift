@testable import ChannelCore

/// Builders shared by the drift, plan and report tests: channels, their rendering, and the live
/// state channelops would have left behind for them.
enum Sample {
    static let account = "123456789012"
    static let adminARN = "arn:aws:iam::aws:policy/AdministratorAccess"

    static func location(_ file: String = "channels/test.yaml") -> ChannelCore.SourceLocation {
        ChannelCore.SourceLocation(file: file, line: 1, column: 1)
    }

    /// A channel with the given consumers, allowing `actions` on every resource.
    static func channel(
        _ name: String,
        consumers: [String],
        actions: [String] = ["lex:PostText"],
        tags: [KeyValue] = [],
        description: String? = nil,
        protect: Bool = false
    ) -> Channel {
        Channel(
            name: name,
            description: description,
            consumers: consumers.map { Consumer(name: $0, location: location()) },
            permissions: [Permission(actions: actions, resources: ["*"], location: location())],
            tags: tags,
            protect: protect,
            location: location()
        )
    }

    /// The rendering of `channels`; fails the test on a rendering problem.
    static func desired(_ channels: [Channel], instance: String = "default") -> DesiredState {
        do {
            return try render(channels, instance: instance).state
        } catch {
            preconditionFailure("sample channels must render: \(error)")
        }
    }

    static func userARN(_ name: String, path: String = Rendering.path) -> String {
        "arn:aws:iam::\(account):user\(path)\(name)"
    }

    static func policyARN(_ name: String, path: String = Rendering.path) -> String {
        "arn:aws:iam::\(account):policy\(path)\(name)"
    }

    /// The live state that applying `desired` produces, with policy tags read or not.
    static func converged(_ desired: DesiredState, policyTagsKnown: Bool = false) -> LiveState {
        let users = desired.users.map { user in
            LiveUser(
                name: user.name,
                path: user.path,
                arn: userARN(user.name),
                tags: user.tags,
                attachedPolicyARNs: desired.attachments.filter { $0.user == user.name }.map { policyARN($0.policy) }
            )
        }
        let policies = desired.policies.map { policy in
            LivePolicy(
                name: policy.name,
                path: policy.path,
                arn: policyARN(policy.name),
                document: policy.document,
                tags: policyTagsKnown ? .known(policy.tags) : .unknown,
                attachmentCount: desired.attachments.filter { $0.policy == policy.name }.count,
                description: policy.description
            )
        }
        return LiveState(users: users, policies: policies)
    }

    /// A user nobody manages.
    static func unmanagedUser(_ name: String, tags: [KeyValue] = []) -> LiveUser {
        LiveUser(name: name, path: "/", arn: userARN(name, path: "/"), tags: tags)
    }

    /// A user managed by `instance` for `channel`, attached to that channel's policy.
    static func managedUser(
        _ name: String,
        channel: String,
        instance: String = "default",
        accessKeys: [String]? = []
    ) -> LiveUser {
        LiveUser(
            name: name,
            path: Rendering.path,
            arn: userARN(name),
            tags: [KeyValue(Rendering.managedByTagKey, instance), KeyValue(Rendering.channelTagKey, channel)],
            attachedPolicyARNs: [policyARN(Rendering.policyName(forChannel: channel))],
            accessKeys: accessKeys?.map { key($0) }
        )
    }

    /// An active access key created at the start of 2026.
    static func key(
        _ id: String,
        status: LiveAccessKey.Status = .active,
        created: Timestamp = Timestamp(secondsSince1970: 1_767_225_600),
        lastUse: LiveAccessKey.LastUse? = nil
    ) -> LiveAccessKey {
        LiveAccessKey(id: id, status: status, createDate: created, lastUse: lastUse)
    }

    /// The policy of `channel`, managed by `instance`.
    static func managedPolicy(
        channel: String,
        instance: String = "default",
        attachments: Int = 1,
        tagsKnown: Bool = true
    ) -> LivePolicy {
        let tags = [KeyValue(Rendering.managedByTagKey, instance), KeyValue(Rendering.channelTagKey, channel)]
        let name = Rendering.policyName(forChannel: channel)
        return LivePolicy(
            name: name,
            path: Rendering.path,
            arn: policyARN(name),
            document: PolicyDocument(
                statements: [
                    PolicyDocument.Statement(
                        effect: .allow,
                        action: PolicyDocument.ValueList(["lex:PostText"]),
                        resource: PolicyDocument.ValueList(["*"])
                    )
                ]
            ),
            tags: tagsKnown ? .known(tags) : .unknown,
            attachmentCount: attachments
        )
    }

    /// A document allowing `actions` on every resource.
    static func document(_ actions: [String]) -> PolicyDocument {
        PolicyDocument(
            statements: [
                PolicyDocument.Statement(
                    effect: .allow,
                    action: PolicyDocument.ValueList(actions),
                    resource: PolicyDocument.ValueList(["*"])
                )
            ]
        )
    }
}
