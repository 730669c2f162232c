import Testing

@testable import ChannelCore

/// The start of 2026, day 0 of the key cases.
private let start = Timestamp(secondsSince1970: 1_767_225_600)

private func day(_ number: Int, hours: Int = 0) -> Timestamp {
    Timestamp(secondsSince1970: start.adding(days: number).secondsSince1970 + Int64(hours) * 3600)
}

private let enabled = AccessKeyPolicy(
    isEnabled: true, rotateAfterDays: 30, rotationGraceDays: 7, recipients: [sampleRecipient])

/// A key of user `web`, created on `created`.
private func key(_ id: String, _ created: Int, _ status: LiveAccessKey.Status = .active) -> LiveAccessKey {
    LiveAccessKey(id: id, status: status, createDate: day(created), lastUse: .never)
}

/// A delivered record for a key of user `web` of channel `bot`.
private func record(
    _ id: String,
    _ created: Int,
    _ status: LiveAccessKey.Status = .active,
    inactiveSince: Timestamp? = nil
) -> DeliveredKey {
    DeliveredKey(
        user: "web", channel: "bot", accessKeyID: id, createDate: day(created), status: status,
        inactiveSince: inactiveSince)
}

/// One key situation of user `web` of channel `bot`, and the changes the drift must make.
struct KeyCase: Sendable, CustomTestStringConvertible {
    var reason: String
    var policy: AccessKeyPolicy? = enabled
    var keys: [LiveAccessKey]
    var delivered: [DeliveredKey]
    var now: Timestamp?
    var expected: [String]
    var testDescription: String { reason }
}

private func botChannel(_ policy: AccessKeyPolicy?) -> Channel {
    var channel = Sample.channel("bot", consumers: ["web"])
    channel.consumers[0].accessKey = policy
    return channel
}

/// The changes of channel `bot` with their detail lines.
private func keyOutline(_ drift: Drift) -> [String] {
    (drift.channel("bot")?.changes ?? []).flatMap { change in
        ["\(change.marker) \(change.summary)"] + change.detailLines.map { "    " + $0 }
    }
}

private let notDelivered =
    "why: not delivered by channelops: made out of band, or created by a run that stopped before delivering it"
private let sealedForOne = "sealed for 1 age recipient and delivered"

@Suite("access key drift")
struct AccessKeyDriftTests {
    static let cases: [KeyCase] = [
        KeyCase(
            reason: "an enabled consumer without a key gets one", keys: [], delivered: [], now: day(0),
            expected: ["+ new access key for user web", "    why: no delivered key exists", "    \(sealedForOne)"]),
        KeyCase(
            reason: "a key a day short of rotateAfterDays is kept", keys: [key("AKIA1", 0)],
            delivered: [record("AKIA1", 0)], now: day(29, hours: 23), expected: []),
        KeyCase(
            reason: "a key rotateAfterDays old gets a successor and stays active",
            keys: [key("AKIA1", 0)], delivered: [record("AKIA1", 0)], now: day(30),
            expected: [
                "+ new access key for user web", "    why: AKIA1 is 30 days old; rotateAfterDays is 30",
                "    \(sealedForOne)",
            ]),
        KeyCase(
            reason: "the previous key stays active through the grace period",
            keys: [key("AKIA1", 0), key("AKIA2", 30)], delivered: [record("AKIA1", 0), record("AKIA2", 30)],
            now: day(36, hours: 23), expected: []),
        KeyCase(
            reason: "the previous key is deactivated when the grace period ends",
            keys: [key("AKIA1", 0), key("AKIA2", 30)], delivered: [record("AKIA1", 0), record("AKIA2", 30)],
            now: day(37),
            expected: [
                "~ deactivate access key AKIA1 of user web",
                "    why: the grace period of 7 days after AKIA2 was issued ended 2026-02-07T00:00:00Z",
                "    created 2026-01-01T00:00:00Z",
            ]),
        KeyCase(
            reason: "a deactivated key is kept for a day",
            keys: [key("AKIA1", 0, .inactive), key("AKIA2", 30)],
            delivered: [record("AKIA1", 0, .inactive, inactiveSince: day(37)), record("AKIA2", 30)],
            now: day(37, hours: 23), expected: []),
        KeyCase(
            reason: "a deactivated key is deleted after a day",
            keys: [key("AKIA1", 0, .inactive), key("AKIA2", 30)],
            delivered: [record("AKIA1", 0, .inactive, inactiveSince: day(37)), record("AKIA2", 30)],
            now: day(38),
            expected: [
                "- access key AKIA1 of user web",
                "    why: inactive since 2026-02-07T00:00:00Z; a retired key is deleted after a day",
                "    created 2026-01-01T00:00:00Z",
            ]),
        KeyCase(
            reason: "a key first seen inactive waits a day from now",
            keys: [key("AKIA1", 0, .inactive), key("AKIA2", 30)],
            delivered: [record("AKIA1", 0), record("AKIA2", 30)], now: day(50), expected: []),
        KeyCase(
            reason: "with two keys and a rotation due, the older makes room first",
            keys: [key("AKIA1", 0, .inactive), key("AKIA2", 30)],
            delivered: [record("AKIA1", 0, .inactive, inactiveSince: day(60)), record("AKIA2", 30)],
            now: day(60),
            expected: [
                "- access key AKIA1 of user web",
                "    why: makes room for the new key: IAM allows two keys per user",
                "    created 2026-01-01T00:00:00Z",
                "+ new access key for user web", "    why: AKIA2 is 30 days old; rotateAfterDays is 30",
                "    \(sealedForOne)",
            ]),
        KeyCase(
            reason: "an active older key that must make room is deactivated first, not only at the grace's end",
            keys: [key("AKIA1", 0), key("AKIA2", 30)], delivered: [record("AKIA1", 0), record("AKIA2", 30)],
            now: day(61),
            expected: [
                "- access key AKIA1 of user web",
                "    why: makes room for the new key: IAM allows two keys per user",
                "    created 2026-01-01T00:00:00Z",
                "    deactivated first, as it is Active",
                "+ new access key for user web", "    why: AKIA2 is 31 days old; rotateAfterDays is 30",
                "    \(sealedForOne)",
            ]),
        KeyCase(
            reason: "with a grace of 0 days the replaced key is deactivated right after the new one",
            policy: AccessKeyPolicy(isEnabled: true, rotateAfterDays: 30, rotationGraceDays: 0, recipients: ["r"]),
            keys: [key("AKIA1", 0)], delivered: [record("AKIA1", 0)], now: day(30),
            expected: [
                "+ new access key for user web", "    why: AKIA1 is 30 days old; rotateAfterDays is 30",
                "    \(sealedForOne)",
                "~ deactivate access key AKIA1 of user web",
                "    why: the grace period of 0 days after the new key ended 2026-01-31T00:00:00Z",
                "    created 2026-01-01T00:00:00Z",
            ]),
        KeyCase(
            reason: "rotation counts from the issue time recorded, not IAM's creation date",
            keys: [key("AKIA1", 0)],
            delivered: [
                DeliveredKey(user: "web", channel: "bot", accessKeyID: "AKIA1", createDate: day(0), issuedAt: day(20))
            ],
            now: day(49), expected: []),
        KeyCase(
            reason: "the key issued last is current even when IAM gives both keys the same creation time",
            keys: [key("AKIAZ", 0), key("AKIAA", 0)],
            delivered: [
                DeliveredKey(user: "web", channel: "bot", accessKeyID: "AKIAZ", createDate: day(0)),
                DeliveredKey(user: "web", channel: "bot", accessKeyID: "AKIAA", createDate: day(0), issuedAt: day(30)),
            ],
            now: day(31), expected: []),
        KeyCase(
            reason: "a key channelops did not deliver is deactivated and deleted, and a delivered one is kept",
            keys: [key("AKIA1", 0), key("AKIAX", 3)], delivered: [record("AKIA1", 0)], now: day(4),
            expected: [
                "- access key AKIAX of user web", "    \(notDelivered)", "    created 2026-01-04T00:00:00Z",
                "    deactivated first, as it is Active",
            ]),
        KeyCase(
            reason: "an undelivered key left by a stopped run is retired and the missing key issued",
            keys: [key("AKIAX", 3)], delivered: [], now: day(3),
            expected: [
                "- access key AKIAX of user web", "    \(notDelivered)", "    created 2026-01-04T00:00:00Z",
                "    deactivated first, as it is Active",
                "+ new access key for user web", "    why: no delivered key exists", "    \(sealedForOne)",
            ]),
        KeyCase(
            reason: "an inactive undelivered key is deleted without deactivation",
            policy: AccessKeyPolicy(), keys: [key("AKIAX", 3, .inactive)], delivered: [], now: day(3),
            expected: ["- access key AKIAX of user web", "    \(notDelivered)", "    created 2026-01-04T00:00:00Z"]),
        KeyCase(
            reason: "turning enabled off deactivates the delivered key",
            policy: AccessKeyPolicy(isEnabled: false, recipients: [sampleRecipient]),
            keys: [key("AKIA1", 0)], delivered: [record("AKIA1", 0)], now: day(5),
            expected: [
                "~ deactivate access key AKIA1 of user web", "    why: accessKey is not enabled for the consumer",
                "    created 2026-01-01T00:00:00Z",
            ]),
        KeyCase(
            reason: "a key retired by enabled off is deleted a day after its deactivation",
            policy: AccessKeyPolicy(), keys: [key("AKIA1", 0, .inactive)],
            delivered: [record("AKIA1", 0, .inactive, inactiveSince: day(5))], now: day(6),
            expected: [
                "- access key AKIA1 of user web",
                "    why: inactive since 2026-01-06T00:00:00Z; a retired key is deleted after a day",
                "    created 2026-01-01T00:00:00Z",
            ]),
        KeyCase(
            reason: "a consumer without an accessKey block retires its delivered keys too",
            policy: nil, keys: [key("AKIA1", 0)], delivered: [record("AKIA1", 0)], now: day(5),
            expected: [
                "~ deactivate access key AKIA1 of user web", "    why: accessKey is not enabled for the consumer",
                "    created 2026-01-01T00:00:00Z",
            ]),
        KeyCase(
            reason: "an inactive current key is replaced, never activated again",
            keys: [key("AKIA1", 0, .inactive)], delivered: [record("AKIA1", 0)], now: day(3),
            expected: [
                "+ new access key for user web",
                "    why: the delivered key AKIA1 is Inactive; a new key replaces it rather than activating it again, "
                    + "in case it was deactivated on purpose",
                "    \(sealedForOne)",
            ]),
        KeyCase(
            reason: "without a clock nothing that depends on a date is decided",
            keys: [key("AKIA1", 0, .inactive), key("AKIA2", 30)],
            delivered: [record("AKIA1", 0, .inactive, inactiveSince: day(31)), record("AKIA2", 30)], now: nil,
            expected: []),
        KeyCase(
            reason: "an inactive current key makes room before an active older one",
            keys: [key("AKIA1", 0), key("AKIA2", 30, .inactive)],
            delivered: [record("AKIA1", 0), record("AKIA2", 30)], now: day(32),
            expected: [
                "- access key AKIA2 of user web",
                "    why: makes room for the new key: IAM allows two keys per user",
                "    created 2026-01-31T00:00:00Z",
                "+ new access key for user web",
                "    why: the delivered key AKIA2 is Inactive; a new key replaces it rather than activating it again, "
                    + "in case it was deactivated on purpose",
                "    \(sealedForOne)",
            ]),
    ]

    @Test("each key situation gets exactly these changes", arguments: cases)
    func keyChanges(_ testCase: KeyCase) {
        let desired = Sample.desired([botChannel(testCase.policy)])
        var live = Sample.converged(desired, policyTagsKnown: true)
        live.users["web"]?.accessKeys = testCase.keys
        let options = DriftOptions(deliveredAccessKeys: testCase.delivered, now: testCase.now)
        let drift = Drift(desired: desired, live: live, options: options)
        #expect(drift.isFinal)
        #expect(keyOutline(drift) == testCase.expected, "\(testCase.reason)")
    }

    @Test("a change never leaves more than two keys on a user, in any situation of two keys and a due rotation")
    func neverMoreThanTwo() throws {
        let statuses: [LiveAccessKey.Status] = [.active, .inactive]
        for first in statuses {
            for second in statuses {
                for delivered in [true, false] {
                    let keys = [key("AKIA1", 0, first), key("AKIA2", 30, second)]
                    let records = delivered ? [record("AKIA1", 0), record("AKIA2", 30)] : [record("AKIA2", 30)]
                    let desired = Sample.desired([botChannel(enabled)])
                    var live = Sample.converged(desired, policyTagsKnown: true)
                    live.users["web"]?.accessKeys = keys
                    let drift = Drift(
                        desired: desired, live: live, options: DriftOptions(deliveredAccessKeys: records, now: day(90)))
                    var count = keys.count
                    for step in try Plan(drift: drift).channels.flatMap(\.steps) {
                        if case .deleteAccessKey = step { count -= 1 }
                        if case .createAccessKey = step { count += 1 }
                        #expect(count <= 2, "\(first) \(second) delivered: \(delivered)")
                    }
                    #expect(count >= 1)
                }
            }
        }
    }

    @Test("keys are read only where channelops manages them, then their last use")
    func reads() {
        let plain = Sample.desired([botChannel(nil)])
        var live = Sample.converged(plain, policyTagsKnown: true)
        live.users["web"]?.accessKeys = nil
        #expect(Drift(desired: plain, live: live).requiredReads == [])
        #expect(
            Drift(desired: plain, live: live, options: DriftOptions(verifyAllAccessKeys: true)).requiredReads
                == [.accessKeys(userName: "web")])
        #expect(
            Drift(desired: plain, live: live, options: DriftOptions(deliveredAccessKeys: [record("AKIA1", 0)]))
                .requiredReads == [.accessKeys(userName: "web")])

        let keyed = Sample.desired([botChannel(enabled)])
        let unread = Drift(desired: keyed, live: live, options: DriftOptions(now: day(1)))
        #expect(unread.requiredReads == [.accessKeys(userName: "web")])
        live.users["web"]?.accessKeys = [LiveAccessKey(id: "AKIA1", status: .active, createDate: day(0))]
        let listed = Drift(desired: keyed, live: live, options: DriftOptions(now: day(1)))
        #expect(listed.requiredReads == [.accessKeyLastUse(userName: "web", accessKeyID: "AKIA1")])
        live.setAccessKeyLastUse(.at(day(1)), accessKeyID: "AKIA1", user: "web")
        #expect(Drift(desired: keyed, live: live, options: DriftOptions(now: day(1))).isFinal)
    }

    @Test("a consumer's new user gets its key after the user is created")
    func newUser() throws {
        let drift = Drift(desired: Sample.desired([botChannel(enabled)]), live: LiveState())
        let steps = try Plan(drift: drift).channels.flatMap(\.steps).map(\.summary)
        #expect(
            steps == [
                "CreateUser user=web path=/channelops/", "CreatePolicy policy=channelops-bot path=/channelops/",
                "AttachUserPolicy user=web policy=channelops-bot", "CreateAccessKey user=web",
            ])
    }

    @Test("the plan retires keys before it issues one, and deactivates replaced keys after")
    func stepOrder() throws {
        let policy = AccessKeyPolicy(isEnabled: true, rotateAfterDays: 30, rotationGraceDays: 0, recipients: ["r"])
        let desired = Sample.desired([botChannel(policy)])
        var live = Sample.converged(desired, policyTagsKnown: true)
        live.users["web"]?.accessKeys = [key("AKIAX", 1), key("AKIA1", 0)]
        let drift = Drift(
            desired: desired, live: live, options: DriftOptions(deliveredAccessKeys: [record("AKIA1", 0)], now: day(30))
        )
        let steps = try Plan(drift: drift).channels.flatMap(\.steps).map(\.summary)
        #expect(
            steps == [
                "UpdateAccessKey user=web key=AKIAX status=Inactive", "DeleteAccessKey user=web key=AKIAX",
                "CreateAccessKey user=web", "UpdateAccessKey user=web key=AKIA1 status=Inactive",
            ])
    }

    @Test("pruning a user deletes its keys before the user, without reading their last use")
    func prune() throws {
        let desired = Sample.desired([botChannel(enabled)])
        var live = Sample.converged(desired, policyTagsKnown: true)
        live.users["web"]?.accessKeys = [key("AKIA1", 0)]
        let drift = Drift(desired: DesiredState(instance: "default"), live: live, options: DriftOptions(now: day(1)))
        #expect(drift.isFinal)
        let steps = try Plan(drift: drift, allowMassDelete: true).channels.flatMap(\.steps).map(\.summary)
        let keyStep = try #require(steps.firstIndex(of: "DeleteAccessKey user=web key=AKIA1"))
        let userStep = try #require(steps.firstIndex(of: "DeleteUser user=web"))
        #expect(keyStep < userStep)
    }
}

@Suite("access keys in the report and the delivered records")
struct AccessKeyReportTests {
    /// Channel `bot` with two keys of `web`: one delivered and used yesterday, one not
    /// delivered, never used and 120 days old.
    private func report() -> DriftReport {
        let desired = Sample.desired([botChannel(enabled)])
        var live = Sample.converged(desired, policyTagsKnown: true)
        live.users["web"]?.accessKeys = [
            LiveAccessKey(id: "AKIAOLD", status: .active, createDate: day(0), lastUse: .never),
            LiveAccessKey(id: "AKIANEW", status: .active, createDate: day(100), lastUse: .at(day(119))),
        ]
        let options = DriftOptions(deliveredAccessKeys: [record("AKIANEW", 100)], now: day(120))
        return DriftReport(drift: Drift(desired: desired, live: live, options: options))
    }

    @Test("the text report lists every key with age and last use, and flags one unused for 90 days")
    func text() {
        #expect(
            report().text() == """
                bot: Drifted
                  - access key AKIAOLD of user web
                      \(notDelivered)
                      created 2026-01-01T00:00:00Z
                      deactivated first, as it is Active
                access keys:
                  bot: user web key AKIAOLD: Active, not delivered, 120 days old (created 2026-01-01), never used; unused for 120 days
                  bot: user web key AKIANEW: Active, delivered, 20 days old (created 2026-04-11), last used 2026-04-30
                1 channel: 1 Drifted; 1 change; 0 retained; 1 access key unused for 90 days or more

                """)
    }

    @Test("the Markdown report has a table of keys with the flag in bold")
    func markdown() {
        let text = report().markdown()
        #expect(
            text.contains(
                """
                **Access keys**

                | Channel | User | Key | Status | Age | Last used |
                |---|---|---|---|---:|---|
                | `bot` | `web` | `AKIAOLD` | Active, not delivered | 120 days | never **unused for 120 days** |
                | `bot` | `web` | `AKIANEW` | Active | 20 days | 2026-04-30 |

                """))
    }

    @Test("JSON gives each key's members and the key change's members")
    func json() throws {
        let value = try JSONValue(parsing: report().json())
        let channel = try #require(value["channels"]?[0])
        #expect(
            channel["accessKeys"]?[0]
                == JSONValue.object([
                    .init("user", .string("web")), .init("accessKeyId", .string("AKIAOLD")),
                    .init("status", .string("Active")), .init("delivered", .bool(false)),
                    .init("createDate", .string("2026-01-01T00:00:00Z")), .init("ageDays", .number(JSONNumber(120))),
                    .init("lastUsed", .string("never")), .init("unusedDays", .number(JSONNumber(120))),
                    .init("unusedTooLong", .bool(true)),
                ]))
        #expect(channel["accessKeys"]?[1]?["lastUsed"] == .string("2026-04-30T00:00:00Z"))
        let change = try #require(channel["changes"]?[0])
        #expect(change["action"] == .string("deleteAccessKey"))
        #expect(change["reason"] == .string("notDelivered"))
        #expect(change["deactivatesFirst"] == .bool(true))
        #expect(change["accessKeyId"] == .string("AKIAOLD"))
    }

    @Test("records keep delivered keys that still exist, with the status observed and when it turned inactive")
    func refreshed() {
        var live = Sample.converged(Sample.desired([botChannel(enabled)]), policyTagsKnown: true)
        live.users["web"]?.accessKeys = [key("AKIA1", 0, .inactive), key("AKIA2", 30)]
        let records = [
            record("AKIA2", 30), record("AKIA1", 0), record("AKIAGONE", 10),
            DeliveredKey(user: "gone-user", channel: "bot", accessKeyID: "AKIA9", createDate: day(0)),
        ]
        #expect(
            DeliveredKey.refreshed(records, live: live, now: day(40)) == [
                record("AKIA1", 0, .inactive, inactiveSince: day(40)), record("AKIA2", 30),
            ])
        let again = DeliveredKey.refreshed(
            [record("AKIA1", 0, .inactive, inactiveSince: day(40))], live: live, now: day(45))
        #expect(again == [record("AKIA1", 0, .inactive, inactiveSince: day(40))])
        var moved = record("AKIA2", 30)
        moved.channel = "old-channel"
        #expect(DeliveredKey.refreshed([moved], live: live, now: day(45)) == [record("AKIA2", 30)])
        live.users["web"]?.accessKeys = nil
        #expect(DeliveredKey.refreshed([record("AKIA2", 30)], live: live, now: day(45)) == [record("AKIA2", 30)])
    }
}

extension JSONValue {
    /// The element at `index` when this is an array; nil otherwise.
    fileprivate subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
