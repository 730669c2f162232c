import Foundation
import Testing

@testable import GitStore

@Suite("lease ref on the remote")
struct LeaseTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let ref = "refs/channelops/lease/default"

    static func stores(_ count: Int, remote: RemoteFixture) throws -> [GitStore] {
        try (0..<count).map { try GitStore(cacheFor: remote.bare, in: remote.cachePath("cache\($0)")) }
    }

    @Test("a free lease is acquired and written to the remote ref with holder and expiry")
    func acquireFree() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let store = try Self.stores(1, remote: remote)[0]

        let outcome = try await store.acquireLease(
            instance: "default", holder: "w1", now: Self.now, duration: .seconds(30))

        guard case .acquired(let lease) = outcome else {
            Issue.record("expected the lease, got \(outcome)")
            return
        }
        #expect(lease.holder == "w1")
        #expect(lease.expires == Self.now.addingTimeInterval(30))
        #expect(try remote.gitInRemote("rev-parse", Self.ref) == lease.commit.hex)
        #expect(
            try remote.gitInRemote("show", "\(Self.ref):lease") == "holder: w1\nexpires: 2026-01-01T00:00:30Z")
        #expect(try await store.readLease(instance: "default") == lease)
    }

    @Test("a lease held by another is reported and left alone until it expires, then taken over")
    func heldThenTakenOver() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let stores = try Self.stores(2, remote: remote)
        let first = try await stores[0].acquireLease(
            instance: "default", holder: "w1", now: Self.now, duration: .seconds(30))
        guard case .acquired(let held) = first else {
            Issue.record("expected the lease, got \(first)")
            return
        }

        let early = try await stores[1].acquireLease(
            instance: "default", holder: "w2", now: Self.now.addingTimeInterval(29), duration: .seconds(30))
        let late = try await stores[1].acquireLease(
            instance: "default", holder: "w2", now: Self.now.addingTimeInterval(30), duration: .seconds(30))

        #expect(early == .heldByOther(held))
        guard case .acquired(let taken) = late else {
            Issue.record("expected the takeover, got \(late)")
            return
        }
        #expect(taken.holder == "w2")
        #expect(try remote.gitInRemote("rev-parse", "\(Self.ref)^") == held.commit.hex)
        // The first holder's renewal now fails: it must stop acting as the holder.
        let renewal = try await stores[0].renewLease(held, now: Self.now.addingTimeInterval(31), duration: .seconds(30))
        #expect(renewal == .lost(current: taken))
    }

    @Test("renewing extends the expiry with a commit on top of the previous lease")
    func renew() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let store = try Self.stores(1, remote: remote)[0]
        let outcome = try await store.acquireLease(
            instance: "default", holder: "w1", now: Self.now, duration: .seconds(30))
        guard case .acquired(let lease) = outcome else {
            Issue.record("expected the lease, got \(outcome)")
            return
        }

        let renewed = try await store.renewLease(lease, now: Self.now.addingTimeInterval(10), duration: .seconds(30))

        guard case .updated(let next) = renewed else {
            Issue.record("expected the renewal, got \(renewed)")
            return
        }
        #expect(next.expires == Self.now.addingTimeInterval(40))
        #expect(next.holder == "w1")
        #expect(try remote.gitInRemote("rev-parse", "\(Self.ref)^") == lease.commit.hex)
        #expect(try remote.gitInRemote("rev-parse", Self.ref) == next.commit.hex)
    }

    @Test("of two holders that saw the same expired lease, only the first swap wins")
    func compareAndSwapConflict() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let stores = try Self.stores(3, remote: remote)
        _ = try await stores[0].acquireLease(instance: "default", holder: "w0", now: Self.now, duration: .seconds(5))
        let later = Self.now.addingTimeInterval(60)
        let seenByOne = try await stores[1].readLease(instance: "default")
        let seenByTwo = try await stores[2].readLease(instance: "default")
        #expect(seenByOne == seenByTwo)

        let one = try await stores[1].takeLease(
            instance: "default", holder: "w1", now: later, duration: .seconds(30), replacing: seenByOne)
        let two = try await stores[2].takeLease(
            instance: "default", holder: "w2", now: later, duration: .seconds(30), replacing: seenByTwo)

        guard case .acquired(let winner) = one else {
            Issue.record("expected the first swap to win, got \(one)")
            return
        }
        #expect(two == .lostRace(current: winner))
        #expect(try remote.gitInRemote("show", "\(Self.ref):lease").hasPrefix("holder: w1\n"))
    }

    @Test("creating a lease that someone else created meanwhile loses the race")
    func createConflict() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let stores = try Self.stores(2, remote: remote)

        let one = try await stores[0].takeLease(
            instance: "default", holder: "w1", now: Self.now, duration: .seconds(30), replacing: nil)
        let two = try await stores[1].takeLease(
            instance: "default", holder: "w2", now: Self.now, duration: .seconds(30), replacing: nil)

        guard case .acquired(let winner) = one else {
            Issue.record("expected the first creation to win, got \(one)")
            return
        }
        #expect(two == .lostRace(current: winner))
    }

    @Test("a released lease can be taken at once by another holder")
    func release() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let stores = try Self.stores(2, remote: remote)
        let first = try await stores[0].acquireLease(
            instance: "default", holder: "w1", now: Self.now, duration: .seconds(30))
        guard case .acquired(let lease) = first else {
            Issue.record("expected the lease, got \(first)")
            return
        }

        let released = try await stores[0].releaseLease(lease, now: Self.now.addingTimeInterval(1))
        let second = try await stores[1].acquireLease(
            instance: "default", holder: "w2", now: Self.now.addingTimeInterval(1), duration: .seconds(30))

        guard case .updated(let ended) = released else {
            Issue.record("expected the release, got \(released)")
            return
        }
        #expect(ended.expires == Self.now.addingTimeInterval(1))
        guard case .acquired(let taken) = second else {
            Issue.record("expected the lease, got \(second)")
            return
        }
        #expect(taken.holder == "w2")
    }

    @Test("leases of different instances are independent")
    func instancesIndependent() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let stores = try Self.stores(2, remote: remote)

        let one = try await stores[0].acquireLease(
            instance: "prod", holder: "w1", now: Self.now, duration: .seconds(30))
        let two = try await stores[1].acquireLease(
            instance: "staging", holder: "w2", now: Self.now, duration: .seconds(30))

        guard case .acquired = one, case .acquired = two else {
            Issue.record("expected both leases, got \(one) and \(two)")
            return
        }
        #expect(try await stores[1].readLease(instance: "prod")?.holder == "w1")
    }

    @Test("a lease ref that points to something else is reported, not overwritten")
    func invalidLease() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let head = try remote.gitInRemote("rev-parse", "main")
        try remote.gitInRemote("update-ref", Self.ref, head)
        let store = try Self.stores(1, remote: remote)[0]

        let error = await #expect(throws: GitError.self) {
            try await store.acquireLease(instance: "default", holder: "w1", now: Self.now, duration: .seconds(30))
        }

        #expect(
            error?.description
                == "the lease ref \(Self.ref) points to \(head.prefix(7)), which is not a lease: its tree has no "
                + "'lease' file; delete the ref on the remote while no watcher runs")
        #expect(try remote.gitInRemote("rev-parse", Self.ref) == head)
    }

    @Test(
        "invalid instance names and holders are refused",
        arguments: [
            (
                "bad name", "w1",
                "invalid instance name 'bad name': it must be usable as one component of a git ref name"
            ),
            ("a/b", "w1", "invalid instance name 'a/b': it must be usable as one component of a git ref name"),
            ("default", " w1", "invalid lease holder ' w1': it must be one line without surrounding spaces"),
            ("default", "", "invalid lease holder '': it must be one line without surrounding spaces"),
        ])
    func invalidNames(instance: String, holder: String, expected: String) async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let store = try Self.stores(1, remote: remote)[0]

        let error = await #expect(throws: GitError.self) {
            try await store.takeLease(
                instance: instance, holder: holder, now: Self.now, duration: .seconds(30), replacing: nil)
        }

        #expect(error?.description == expected)
    }

    @Test(
        "the lease file round-trips and rejects malformed text",
        arguments: [
            ("holder: w1\nexpires: 2026-01-01T00:00:30Z\n", nil),
            ("expires: 2026-01-01T00:00:30Z\n", "the lease file has no holder"),
            ("holder: w1\n", "the lease file has no expiry"),
            ("holder: w1\nexpires: tomorrow\n", "the expiry 'tomorrow' is not an RFC 3339 time"),
            ("holder w1\n", "the line 'holder w1' is not 'key: value'"),
        ])
    func leaseDocument(text: String, failure: String?) throws {
        do {
            let document = try LeaseDocument(parsing: Array(text.utf8))
            #expect(failure == nil)
            #expect(document.bytes == Array(text.utf8))
            #expect(document.expires == Self.now.addingTimeInterval(30))
        } catch {
            #expect(error.reason == failure)
        }
    }
}
