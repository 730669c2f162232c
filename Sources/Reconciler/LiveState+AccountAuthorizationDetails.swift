public import ChannelCore
public import ChannelLog
import Foundation
public import IAMClient

extension LiveState {
    /// The account as one `GetAccountAuthorizationDetails` snapshot describes it.
    ///
    /// Users keep their path, tags, attached managed policies (AWS managed ones included), inline
    /// policy names and groups; policies their path, versions, default document, description and
    /// attachment count. Policy tags stay `.unknown` and access keys nil, since the action returns
    /// neither. A policy whose default document is missing or cannot be read gets a document
    /// with no statement, and a warning naming it is logged: that document matches no desired
    /// one, so a managed policy in that state is given its desired document again, while any
    /// other policy is ignored as before.
    public init(_ details: AccountAuthorizationDetails, logger: Logger = .disabled) {
        let users = details.users.map { detail in
            LiveUser(
                name: detail.user.userName,
                path: detail.user.path,
                arn: detail.user.arn,
                userID: detail.user.userID,
                tags: detail.user.tags.map { KeyValue($0.key, $0.value) },
                attachedPolicyARNs: detail.attachedManagedPolicies.map(\.policyARN),
                inlinePolicyNames: detail.inlinePolicies.map(\.policyName),
                groupNames: detail.groupNames,
                createDate: detail.user.createDate.formatted(.iso8601)
            )
        }
        let policies = details.policies.map { detail in
            LivePolicy(
                name: detail.policyName,
                path: detail.path,
                arn: detail.arn,
                defaultVersionID: detail.defaultVersionID,
                document: Self.defaultDocument(of: detail, logger: logger),
                versions: detail.versions.map { version in
                    LivePolicy.Version(
                        id: version.versionID,
                        isDefault: version.versionID == detail.defaultVersionID,
                        createDate: version.createDate.formatted(.iso8601)
                    )
                },
                tags: .unknown,
                attachmentCount: detail.attachmentCount,
                description: detail.description
            )
        }
        self.init(users: users, policies: policies)
    }

    /// The policy's default document, or an empty one after logging why it could not be read.
    private static func defaultDocument(of detail: ManagedPolicyDetail, logger: Logger) -> PolicyDocument {
        let unreadable = PolicyDocument(statements: [])
        guard let text = detail.defaultDocument else {
            // Carrying on is safe: the empty document differs from every desired one (see above).
            logger.warning(
                "policy has no default document in the account snapshot",
                [LogKey.policy: detail.arn, "version": detail.defaultVersionID])
            return unreadable
        }
        do {
            return try PolicyDocument(iamText: text)
        } catch {
            // Carrying on is safe: the empty document differs from every desired one (see above).
            logger.warning(
                "cannot read the default document of a policy",
                [LogKey.policy: detail.arn, "version": detail.defaultVersionID, LogKey.error: "\(error)"])
            return unreadable
        }
    }
}
