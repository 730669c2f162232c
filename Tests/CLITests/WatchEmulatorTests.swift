import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `channelops watch` against the emulator: changes applied and their status committed, status
/// commits ignored, SIGTERM, and two watchers taking turns through the lease; over a path and
/// over `git://`.
@Suite(
    "watch against the emulator", .serialized, .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct WatchEmulatorTests {
    /// How the watchers reach the repository.
    enum Transport: String, CaseIterable, Sendable {
        case path
        case gitDaemon = "git://"
    }

    /// One test's repository, emulator instance and running watchers.
    final class World: @unchecked Sendable {
        // @unchecked: used from the test's own task only.
        let scenario: EmulatorScenario
        var server: GitServer?
        let repo: String
        var watchers: [WatchProcess] = []

        init(_ transport: Transport) throws {
            scenario = try EmulatorScenario()
            let channel = ChannelManifest(name: scenario.name("watch"), consumers: [scenario.name("watch-app")])
            try scenario.checkout.write(channel)
            try scenario.checkout.commit("first channel")
            switch transport {
            case .path:
                server = nil
                repo = scenario.checkout.origin.path
            case .gitDaemon:
                let server = try GitServer(base: scenario.checkout.folder.url)
                self.server = server
                repo = server.url("origin.git")
            }
        }

        /// Starts `channelops watch` with its own cache folder.
        func startWatcher(_ name: String, leaseDuration: String = "30s", logLevel: String = "info") throws
            -> WatchProcess
        {
            let watcher = try WatchProcess(
                executable: scenario.runner.executable,
                arguments: [
                    "watch", "--repo", repo, "--interval", "1s", "--resync", "10m", "--lease-duration", leaseDuration,
                    "--cache-dir", scenario.checkout.folder.url.appendingPathComponent("cache-\(name)").path,
                    "--endpoint-url", scenario.moto.url.absoluteString, "--instance", scenario.instance,
                    "--log-level", logLevel,
                ],
                environment: scenario.runner.environment, directory: scenario.checkout.folder.url.path,
                logFolder: scenario.checkout.folder.url.path, name: name)
            watchers.append(watcher)
            return watcher
        }

        /// Runs git in the origin.
        func inOrigin(_ arguments: String...) throws -> String {
            try ConfigCheckout.git(arguments, in: scenario.checkout.origin).trimmingCharacters(in: .newlines)
        }

        /// The `reconciled` log lines of a watcher.
        func reconciled(_ watcher: WatchProcess) -> [String] {
            watcher.errorLines(containing: " reconciled")
        }

        /// The holder the lease ref names, or nil when there is none.
        func leaseHolder() -> String? {
            guard let text = try? inOrigin("show", "refs/channelops/lease/\(scenario.instance):lease") else {
                return nil
            }
            return text.split(separator: "\n").first { $0.hasPrefix("holder: ") }.map { String($0.dropFirst(8)) }
        }
    }

    /// When the reconcile of a `reconciled` log line started: its time less its duration, to the
    /// second (log times have whole seconds).
    static func startTime(of line: String) throws -> Date {
        let stamp = try #require(line.split(separator: " ").first.map(String.init))
        let ended = try Date.ISO8601FormatStyle().parse(stamp)
        let milliseconds = try #require(field("duration_ms", in: line).flatMap(Double.init))
        return ended.addingTimeInterval(-milliseconds / 1000)
    }

    /// The value of `key=value` in a log line.
    static func field(_ key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    @Test(
        "a pushed change is applied and its status committed; a status-only commit starts nothing; SIGTERM exits 0",
        arguments: Transport.allCases)
    func appliesChangesAndStops(_ transport: Transport) async throws {
        let world = try World(transport)
        let scenario = world.scenario
        let watcher = try world.startWatcher("one")

        // The first reconcile applies the channel and commits its status.
        let started = await WatchProcess.eventually(within: .seconds(60)) { world.reconciled(watcher).count == 1 }
        #expect(started, "\(watcher.errorText)")
        #expect(try await scenario.managedUsers().keys.sorted() == [scenario.name("watch-app")])
        #expect(try world.inOrigin("log", "-1", "--format=%s", "main").hasPrefix("status: reconciled"))

        // A new consumer pushed: applied and committed within a few intervals.
        let channel = ChannelManifest(
            name: scenario.name("watch"), consumers: [scenario.name("watch-app"), scenario.name("watch-web")])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit("second consumer")
        let change = try world.inOrigin("rev-parse", "main")
        let pushed = Date()
        // A reconcile may take long on an emulator busy with other tests; what the watch controls
        // is how soon it starts one, checked from the log line below.
        let applied = await WatchProcess.eventually(within: .seconds(60)) {
            (try? world.inOrigin("show", "main:status/\(channel.name).yaml").contains(change)) == true
        }
        #expect(applied, "\(watcher.errorText)")
        #expect(try await Set(scenario.managedUsers().keys) == Set(channel.consumers))
        let line = try #require(world.reconciled(watcher).last)
        #expect(Self.field("trigger", in: line) == "manifests", "\(line)")
        #expect(Self.field("revision", in: line) == String(change.prefix(7)), "\(line)")
        #expect(Self.field("changes", in: line) == "2", "\(line)")
        #expect(Self.field("calls", in: line).flatMap(Int.init).map { $0 > 0 } == true, "\(line)")
        let startedAfter = try Self.startTime(of: line).timeIntervalSince(pushed)
        // Against --resync (10m), not a few seconds: the watch fetches every 1s interval, but a
        // loaded machine may delay it; a watch that missed the push would wait for the resync.
        #expect(startedAfter < 30, "the reconcile started \(startedAfter) s after the push: \(line)")

        // A commit that changes only status/ starts nothing.
        let before = world.reconciled(watcher).count
        try scenario.checkout.write("status/NOTE.md", "written by hand\n")
        try scenario.checkout.commit("a note in status")
        try await Task.sleep(for: .seconds(4))
        #expect(world.reconciled(watcher).count == before, "\(watcher.errorText)")

        // SIGTERM ends it quickly with exit 0, leaving no half-made status commit.
        let head = try world.inOrigin("rev-parse", "main")
        let stopping = ContinuousClock.now
        watcher.send(SIGTERM)
        let code = await watcher.wait(timeout: .seconds(60))
        #expect(code == 0, "\(watcher.errorText)")
        // Generous for a loaded machine; a watch that ignored the signal is killed at the wait's end.
        #expect(ContinuousClock.now - stopping < .seconds(30))
        #expect(try world.inOrigin("rev-parse", "main") == head)
        #expect(watcher.errorText.contains("released the lease"))
        #expect(watcher.errorLines(containing: " error channelops ").isEmpty, "\(watcher.errorText)")
    }

    @Test(
        "two watchers: only the lease holder applies; after it is killed and its lease expires, the other takes over",
        arguments: Transport.allCases)
    func twoWatchersTakeTurns(_ transport: Transport) async throws {
        let world = try World(transport)
        let scenario = world.scenario
        // At debug level every IAM request is logged, so each watcher's log shows all its calls.
        let first = try world.startWatcher("first", leaseDuration: "3s", logLevel: "debug")
        let second = try world.startWatcher("second", leaseDuration: "3s", logLevel: "debug")

        // One takes the lease and reconciles; the other only waits.
        let settled = await WatchProcess.eventually(within: .seconds(60)) {
            world.reconciled(first).count + world.reconciled(second).count >= 1
                && (first.errorText.contains("waiting for the lease")
                    || second.errorText.contains("waiting for the lease"))
        }
        #expect(settled, "first:\n\(first.errorText)\nsecond:\n\(second.errorText)")
        let (holder, waiter) = world.reconciled(first).isEmpty ? (second, first) : (first, second)
        let holderID = try #require(
            holder.errorLines(containing: "took the lease").first.flatMap { Self.field("holder", in: $0) })
        #expect(world.leaseHolder() == holderID)

        // A change is applied by the holder alone: the waiter makes no IAM call at all.
        let channel = ChannelManifest(
            name: scenario.name("watch"), consumers: [scenario.name("watch-app"), scenario.name("watch-web")])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit("second consumer")
        let change = try world.inOrigin("rev-parse", "main")
        let applied = await WatchProcess.eventually(within: .seconds(60)) {
            world.reconciled(holder).contains { Self.field("revision", in: $0) == String(change.prefix(7)) }
        }
        #expect(applied, "\(holder.errorText)")
        #expect(world.reconciled(waiter).isEmpty, "\(waiter.errorText)")
        #expect(world.leaseHolder() == holderID)
        let holderCalls = world.reconciled(holder).compactMap { Self.field("calls", in: $0).flatMap(Int.init) }
        #expect(holderCalls.count == world.reconciled(holder).count && holderCalls.allSatisfy { $0 > 0 })
        #expect(holder.errorLines(containing: "sent AWS request").count == holderCalls.reduce(0, +))
        #expect(waiter.errorLines(containing: "sent AWS request").isEmpty, "\(waiter.errorText)")

        // Killed without a chance to release, the holder's lease expires and the other takes over.
        holder.send(SIGKILL)
        _ = await holder.wait(timeout: .seconds(5))
        let killedAt = ContinuousClock.now
        let tookOver = await WatchProcess.eventually(within: .seconds(60)) { !world.reconciled(waiter).isEmpty }
        #expect(tookOver, "\(waiter.errorText)")
        #expect(ContinuousClock.now - killedAt >= .seconds(1))
        let waiterID = try #require(
            waiter.errorLines(containing: "took the lease").first.flatMap { Self.field("holder", in: $0) })
        #expect(waiterID != holderID)
        #expect(world.leaseHolder() == waiterID)
        #expect(Self.field("trigger", in: world.reconciled(waiter).first ?? "") == "start")

        // It then applies the next change.
        try scenario.checkout.write(
            ChannelManifest(name: channel.name, consumers: channel.consumers + [scenario.name("watch-bot")]))
        try scenario.checkout.commit("third consumer")
        let third = await WatchProcess.eventually(within: .seconds(60)) {
            (try? await scenario.managedUsers().keys.contains(scenario.name("watch-bot"))) == true
        }
        #expect(third, "\(waiter.errorText)")

        waiter.send(SIGTERM)
        #expect(await waiter.wait(timeout: .seconds(10)) == 0, "\(waiter.errorText)")
    }

    @Test("while the git server is down the watch logs the failed fetches and waits longer each time, then goes on")
    func survivesServerOutage() async throws {
        let world = try World(.gitDaemon)
        let scenario = world.scenario
        let server = try #require(world.server)
        let watcher = try world.startWatcher("one")
        let started = await WatchProcess.eventually(within: .seconds(60)) { world.reconciled(watcher).count == 1 }
        #expect(started, "\(watcher.errorText)")

        // The server goes away for a while; the watch keeps trying, waiting longer each time.
        server.stop()
        let failing = await WatchProcess.eventually(within: .seconds(20)) {
            watcher.errorLines(containing: "could not fetch the branch; retrying").count >= 3
        }
        #expect(failing, "\(watcher.errorText)")
        let waits = watcher.errorLines(containing: "could not fetch the branch; retrying").compactMap {
            Self.field("retry_in", in: $0).flatMap { Int($0.dropLast(2)) }
        }
        #expect(waits.count >= 3 && waits[2] > waits[0], "\(waits)")

        // Back on the same port, with a change waiting: the watch applies it.
        try scenario.checkout.write(
            ChannelManifest(
                name: scenario.name("watch"), consumers: [scenario.name("watch-app"), scenario.name("watch-web")]))
        try scenario.checkout.commit("second consumer")
        world.server = try GitServer(base: scenario.checkout.folder.url, port: server.port)
        let applied = await WatchProcess.eventually(within: .seconds(60)) {
            (try? await scenario.managedUsers().keys.contains(scenario.name("watch-web"))) == true
        }
        #expect(applied, "\(watcher.errorText)")
        watcher.send(SIGTERM)
        #expect(await watcher.wait(timeout: .seconds(10)) == 0, "\(watcher.errorText)")
    }
}
