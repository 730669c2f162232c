import Foundation
import FoundationXML
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The local IAM emulator that `scripts/emulator.sh start` runs, reached with plain Query API
/// requests, so that tests can change and inspect the account behind channelops' back.
///
/// The plain moto server checks no signature; the `Authorization` header only tells it which
/// service a request is for. Every request names its action; an error answer throws with moto's
/// text, after a few more attempts when it is HTTP 500.
struct MotoIAM: Sendable {
    static let url = ProcessInfo.processInfo.environment["CHANNELOPS_TEST_MOTO_URL"].flatMap { URL(string: $0) }
    static let isAvailable = url != nil
    static let unavailableReason: Comment =
        "emulator not running: run scripts/emulator.sh start and export the variables in .build/emulator/env"

    /// The account id moto gives every resource.
    static let accountID = "123456789012"
    static let administratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

    let url: URL

    /// The emulator of the environment file.
    static func shared() throws -> MotoIAM {
        MotoIAM(url: try #require(url, "CHANNELOPS_TEST_MOTO_URL is not set"))
    }

    /// Sends one IAM action and returns the root element of the answer.
    @discardableResult
    func call(_ action: String, _ parameters: [(String, String)] = []) async throws -> XMLElement {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(
            "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, "
                + "Signature=0",
            forHTTPHeaderField: "Authorization")
        let fields = [("Action", action), ("Version", "2010-05-08")] + parameters
        request.httpBody = Data(
            fields.map { "\(Self.encoded($0.0))=\(Self.encoded($0.1))" }.joined(separator: "&").utf8)
        var (data, response) = try await URLSession.shared.data(for: request)
        // moto answers HTTP 500 when a read iterates what another request is changing; try again.
        for attempt in 1..<6 where (response as? HTTPURLResponse)?.statusCode == 500 {
            try await Task.sleep(for: .milliseconds(50 * attempt))
            (data, response) = try await URLSession.shared.data(for: request)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        guard status == 200 else {
            throw MotoError(description: "\(action) answered HTTP \(status): \(text)")
        }
        let document = try XMLDocument(data: data)
        return try #require(document.rootElement(), "\(action) answered no XML: \(text)")
    }

    // MARK: Changes made out of band

    func createUser(_ name: String, path: String = "/", tags: [String: String] = [:]) async throws {
        try await call("CreateUser", [("UserName", name), ("Path", path)] + Self.tagParameters(tags))
    }

    func createPolicy(_ name: String, path: String = "/", document: String) async throws -> String {
        let root = try await call(
            "CreatePolicy", [("PolicyName", name), ("Path", path), ("PolicyDocument", document)])
        return try #require(root.firstText("Arn"))
    }

    func attachUserPolicy(user: String, policyARN: String) async throws {
        try await call("AttachUserPolicy", [("UserName", user), ("PolicyArn", policyARN)])
    }

    func detachUserPolicy(user: String, policyARN: String) async throws {
        try await call("DetachUserPolicy", [("UserName", user), ("PolicyArn", policyARN)])
    }

    func putUserPolicy(user: String, name: String, document: String) async throws {
        try await call("PutUserPolicy", [("UserName", user), ("PolicyName", name), ("PolicyDocument", document)])
    }

    func createGroup(_ name: String) async throws {
        try await call("CreateGroup", [("GroupName", name)])
    }

    func addUserToGroup(user: String, group: String) async throws {
        try await call("AddUserToGroup", [("UserName", user), ("GroupName", group)])
    }

    func untagUser(_ name: String, keys: [String]) async throws {
        let keyParameters = keys.enumerated().map { ("TagKeys.member.\($0.offset + 1)", $0.element) }
        try await call("UntagUser", [("UserName", name)] + keyParameters)
    }

    func untagPolicy(arn: String, keys: [String]) async throws {
        let keyParameters = keys.enumerated().map { ("TagKeys.member.\($0.offset + 1)", $0.element) }
        try await call("UntagPolicy", [("PolicyArn", arn)] + keyParameters)
    }

    func deleteUser(_ name: String) async throws {
        try await call("DeleteUser", [("UserName", name)])
    }

    func createPolicyVersion(arn: String, document: String) async throws {
        try await call(
            "CreatePolicyVersion", [("PolicyArn", arn), ("PolicyDocument", document), ("SetAsDefault", "true")])
    }

    // MARK: Reading the account

    /// Every user of the account with what is attached to it, by name.
    func users() async throws -> [String: UserView] {
        let root = try await call("GetAccountAuthorizationDetails", [("Filter.member.1", "User")])
        var users: [String: UserView] = [:]
        for member in root.descendants("UserDetailList").flatMap({ $0.children(named: "member") }) {
            let name = try #require(member.childText("UserName"))
            users[name] = UserView(
                name: name,
                path: member.childText("Path") ?? "/",
                tags: member.tags(),
                attachedPolicyARNs: Set(
                    member.descendants("AttachedManagedPolicies").flatMap { list in
                        list.children(named: "member").compactMap { $0.childText("PolicyArn") }
                    }),
                inlinePolicyNames: Set(
                    member.descendants("UserPolicyList").flatMap { list in
                        list.children(named: "member").compactMap { $0.childText("PolicyName") }
                    }),
                groupNames: Set(
                    member.descendants("GroupList").flatMap { list in
                        list.children(named: "member").map(\.text)
                    })
            )
        }
        return users
    }

    /// Every customer managed policy of the account, by name, with its tags.
    ///
    /// Only the policies named in `tagsOf` have their tags read, one call each.
    func policies(tagsOf names: Set<String> = []) async throws -> [String: PolicyView] {
        let root = try await call("GetAccountAuthorizationDetails", [("Filter.member.1", "LocalManagedPolicy")])
        var policies: [String: PolicyView] = [:]
        for member in root.descendants("Policies").flatMap({ $0.children(named: "member") }) {
            let arn = try #require(member.childText("Arn"))
            let name = String(arn.split(separator: "/").last ?? "")
            let defaultVersion = try #require(member.childText("DefaultVersionId"))
            var documents: [String: String] = [:]
            for version in member.descendants("PolicyVersionList").flatMap({ $0.children(named: "member") }) {
                let id = try #require(version.childText("VersionId"))
                documents[id] = (version.childText("Document") ?? "").removingPercentEncoding ?? ""
            }
            var tags: [String: String]?
            if names.contains(name) {
                tags = try await call("ListPolicyTags", [("PolicyArn", arn)]).tags()
            }
            policies[name] = PolicyView(
                name: name,
                arn: arn,
                path: member.childText("Path") ?? "/",
                defaultVersion: defaultVersion,
                documents: documents,
                tags: tags
            )
        }
        return policies
    }

    private static func tagParameters(_ tags: [String: String]) -> [(String, String)] {
        tags.sorted { $0.key < $1.key }.enumerated().flatMap { index, tag in
            [("Tags.member.\(index + 1).Key", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
    }

    private static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A user as the emulator holds it.
struct UserView: Sendable, Equatable {
    var name: String
    var path: String
    var tags: [String: String]
    var attachedPolicyARNs: Set<String>
    var inlinePolicyNames: Set<String>
    var groupNames: Set<String>
}

/// A customer managed policy as the emulator holds it.
struct PolicyView: Sendable, Equatable {
    var name: String
    var arn: String
    var path: String
    var defaultVersion: String
    /// Version id to document text.
    var documents: [String: String]
    /// Nil when not read.
    var tags: [String: String]?

    /// The default version's document, parsed.
    func defaultDocument() throws -> NSDictionary {
        let text = try #require(documents[defaultVersion])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }
}

struct MotoError: Error, CustomStringConvertible {
    var description: String
}

extension XMLElement {
    /// Descendant elements with this local name, in document order.
    func descendants(_ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        for child in children ?? [] {
            guard let element = child as? XMLElement else { continue }
            if element.localName == name { found.append(element) }
            found += element.descendants(name)
        }
        return found
    }

    /// Child elements with this local name.
    func children(named name: String) -> [XMLElement] {
        (children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
    }

    /// The text of the first child with this local name.
    func childText(_ name: String) -> String? {
        children(named: name).first?.text
    }

    /// The text of the first descendant with this local name.
    func firstText(_ name: String) -> String? {
        descendants(name).first?.text
    }

    /// The element's text.
    var text: String { stringValue ?? "" }

    /// The `Tags` list below this element, as key to value.
    func tags() -> [String: String] {
        var tags: [String: String] = [:]
        for list in descendants("Tags") {
            for member in list.children(named: "member") {
                if let key = member.childText("Key") { tags[key] = member.childText("Value") ?? "" }
            }
        }
        return tags
    }
}
