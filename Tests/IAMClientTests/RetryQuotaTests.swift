import IAMClient
import Testing

@Suite("the retry quota shared by the calls of a run")
struct RetryQuotaTests {
    static let throttled = ScriptedTransport.Step.fixture("Error-Throttling.xml", status: 400)

    @Test("a retry after an error takes 5 tokens, after a timeout 10; a success gives back what its retry took")
    func costs() async throws {
        // Below capacity, so that both the take and the give-back show in the count.
        let quota = RetryQuota(initialTokens: 400)
        let transport = ScriptedTransport([Self.throttled, .fixture("GetUser-moto.xml")])
        _ = try await makeScriptedIAM(transport, retryQuota: quota).getUser(name: "alice")
        #expect(quota.available == 400)

        let timedOut = RetryQuota(initialTokens: 100)
        let slow = ScriptedTransport([.fail(.timeout), .fail(.timeout), .fail(.timeout)])
        _ = await #expect(throws: IAMError.self) {
            try await makeScriptedIAM(slow, retryQuota: timedOut).listUsers()
        }
        #expect(slow.sent.count == 3)
        #expect(timedOut.available == 80)
    }

    @Test("a call that succeeds at once gives back one token, never past the capacity")
    func refund() async throws {
        let quota = RetryQuota(initialTokens: 490)
        let iam = makeScriptedIAM(
            ScriptedTransport(Array(repeating: .fixture("GetUser-moto.xml"), count: 12)), retryQuota: quota)
        for _ in 0..<12 { _ = try await iam.getUser(name: "alice") }
        #expect(quota.available == RetryQuota.capacity)
    }

    @Test("once the quota is used up a retryable failure is reported after its first attempt, and says why")
    func exhausted() async throws {
        let quota = RetryQuota(initialTokens: 7)
        let transport = ScriptedTransport([Self.throttled, Self.throttled, Self.throttled])
        let iam = makeScriptedIAM(transport, retryQuota: quota)
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.getUser(name: "alice") })
        // One retry took 5 of the 7 tokens; the second found only 2.
        #expect(transport.sent.count == 2)
        #expect(quota.available == 2)
        #expect(error.isRetryQuotaExhausted)
        #expect(!error.isRetryExhausted)
        #expect(
            error.description
                == "GetUser user=alice: Throttling: Rate exceeded (HTTP 400, request id "
                + "9f8e7d6c-0000-0000-0000-000000000015); gave up after 2 attempts: too many calls of this run "
                + "failed, so no more are retried")
    }

    @Test("a failure that is not retryable takes nothing from the quota")
    func notRetryableIsFree() async throws {
        let quota = RetryQuota(initialTokens: 10)
        let transport = ScriptedTransport([.fixture("Error-NoSuchEntity.xml", status: 404)])
        _ = await #expect(throws: IAMError.self) {
            try await makeScriptedIAM(transport, retryQuota: quota).getUser(name: "bob")
        }
        #expect(quota.available == 10)
    }
}
