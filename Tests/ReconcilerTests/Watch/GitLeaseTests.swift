import Foundation
import GitStore
import Testing

@testable import Reconciler

/// The lease of two watchers on one bare repository, with times passed in.
struct GitLeaseTests {
    static let start = Date(timeIntervalSince1970: 1_714_564_800)

    @Test("one watcher holds the lease; the other waits, takes it after expiry, and the first learns it lost")
    func takeTurns() async throws {
        let fixture = try GitFixture()
        func lease(_ name: String) throws -> GitLease {
            let store = try GitStore(cacheFor: fixture.bare, in: fixture.folder + "/cache-\(name)")
            return try GitLease(store: store, instance: "default", holder: name, duration: .seconds(30))
        }
        let first = try lease("first")
        let second = try lease("second")
        let at = { (second: TimeInterval) in Self.start.addingTimeInterval(second) }

        #expect(try await first.acquire(now: at(0)) == .held(until: at(30)))
        #expect(try await second.acquire(now: at(1)) == .heldByOther(holder: "first", until: at(30)))
        #expect(try await first.renew(now: at(10)) == .held(until: at(40)))
        #expect(try await second.acquire(now: at(39)) == .heldByOther(holder: "first", until: at(40)))
        #expect(try await second.acquire(now: at(40)) == .held(until: at(70)))
        #expect(try await first.renew(now: at(41)) == .lost(holder: "second"))
        #expect(try fixture.inRemote("show", "refs/channelops/lease/default:lease").hasPrefix("holder: second\n"))

        // Releasing ends the lease at once, so the other need not wait for the expiry.
        try await second.release(now: at(50))
        #expect(try await first.acquire(now: at(51)) == .held(until: at(81)))
    }
}
