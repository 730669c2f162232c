import Testing

@testable import ChannelCore

@Suite("delivered keys in the status")
struct DeliveredKeyStatusTests {
    private let created = Timestamp(secondsSince1970: 1_767_225_600)

    @Test("a record is written with its fields in order and read back the same, inactiveSince only while inactive")
    func roundTrip() throws {
        let active = DeliveredKey(
            user: "web", channel: "bot", accessKeyID: "AKIA1", createDate: created, issuedAt: created.adding(days: 2))
        #expect(
            active.statusValue.yamlText() == """
                user: web
                accessKeyId: AKIA1
                created: "2026-01-01T00:00:00Z"
                issued: "2026-01-03T00:00:00Z"
                status: Active

                """)
        let inactive = active.observed(.inactive, now: created.adding(days: 40))
        for record in [active, inactive] {
            guard case .object(let members) = record.statusValue else {
                Issue.record("not an object")
                continue
            }
            var fields: [String: String] = [:]
            for member in members { fields[member.key] = member.value.stringValue }
            #expect(try DeliveredKey(statusFields: fields, channel: "bot") == record)
        }
        #expect(inactive.statusValue["inactiveSince"] == .string("2026-02-10T00:00:00Z"))
    }

    @Test("an entry that cannot be read names its field")
    func errors() {
        let fields = [
            "user": "web", "accessKeyId": "AKIA1", "created": "2026-01-01T00:00:00Z",
            "issued": "2026-01-01T00:00:00Z", "status": "Active",
        ]
        let cases: [(change: (inout [String: String]) -> Void, message: String)] = [
            ({ $0["user"] = nil }, "an accessKeys entry has no 'user'"),
            ({ $0["accessKeyId"] = "" }, "an accessKeys entry has no 'accessKeyId'"),
            (
                { $0["created"] = "yesterday" },
                "an accessKeys entry has 'created: yesterday', which is not an RFC 3339 time"
            ),
            ({ $0["status"] = "active" }, "an accessKeys entry has 'status: active', which is not Active or Inactive"),
            (
                { $0["inactiveSince"] = "soon" },
                "an accessKeys entry has 'inactiveSince: soon', which is not an RFC 3339 time"
            ),
        ]
        for testCase in cases {
            var broken = fields
            testCase.change(&broken)
            #expect(throws: DeliveredKeyStatusError.self) { try DeliveredKey(statusFields: broken, channel: "bot") }
            do {
                _ = try DeliveredKey(statusFields: broken, channel: "bot")
            } catch {
                #expect(error.description == testCase.message)
            }
        }
    }

    @Test("key files are kept for users holding a delivered key, the newly delivered one winning")
    func mergedFiles() {
        let records = [
            DeliveredKey(user: "web", channel: "bot", accessKeyID: "AKIA1", createDate: created),
            DeliveredKey(user: "app", channel: "bot", accessKeyID: "AKIA2", createDate: created),
        ]
        let merged = SealedKeyFiles.merged(
            existing: ["keys/web.age": [1], "keys/app.age": [2], "keys/gone.age": [3]],
            delivered: ["keys/web.age": [9]],
            records: records)
        #expect(merged == ["keys/web.age": [9], "keys/app.age": [2]])
        #expect(SealedKeyFiles.path(forUser: "a.b@c") == "keys/a.b@c.age")
    }
}
