import ChannelCore
import ChannelLog
import Foundation
import Reconciler

/// `channelops watch`: reconcile on every new commit of the branch, and on `--resync` for drift
/// made in AWS, until SIGTERM or SIGINT.
enum WatchCommand {
    static let spec = CommandSpec(
        name: "watch",
        summary: "reconcile on every new commit, and every --resync for drift made in AWS",
        details: """
            Fetches --branch every --interval (of --repo, or of the checkout's origin in pipeline
            mode) and reconciles the manifests committed at its head when the manifest folder
            changed, and every --resync even without a commit. Commits that change only status/
            start nothing. Each reconcile commits the status back, unless --no-status, and logs one
            line: the commit, the trigger, the changes applied, the duration and the IAM calls.
            Failures (network, throttling, a rejected push) are retried after a growing wait.

            Several watchers of one instance take turns through the lease ref
            refs/channelops/lease/<instance> on the remote: only its holder reconciles; the others
            wait and take over when it expires (--lease-duration, default three intervals and at
            least 30s). SIGTERM or SIGINT stops the watch within a step, writes no half-made status
            and releases the lease.

            exit codes: 0 stopped by a signal, 1 an error before watching, 64 usage error
            """,
        options: RunOptions.sourceOptions + [
            ("interval", "DURATION", "how often to fetch the branch, such as 30s or 1m (default: 1m)"),
            ("resync", "DURATION", "the longest time between reconciles without a commit (default: 10m)"),
            (
                "lease-duration", "DURATION",
                "how long each renewal holds the lease (default: 3 intervals, at least 30s)"
            ),
            RunOptions.concurrencyOption,
        ] + CommonOptions.options,
        flags: [
            ("no-prune", "keep managed resources that no manifest declares; list them as retained"),
            ("allow-mass-delete", "allow deleting more than 10 managed users and more than half of them"),
            ("no-status", "write no status back to git"),
        ]
    )

    static func run(_ arguments: ParsedArguments) async throws -> ExitCode {
        // Check every option before touching git or AWS.
        let logger = try CommonOptions.logger(arguments)
        let instance = try CommonOptions.instance(arguments)
        let concurrency = try RunOptions.concurrency(arguments)
        let interval = try DurationOption.parse(arguments.value("interval"), option: "interval", fallback: .seconds(60))
        let resync = try DurationOption.parse(arguments.value("resync"), option: "resync", fallback: .seconds(600))
        let settings = Watcher.Settings(
            interval: interval, resync: resync,
            leaseDuration: try arguments.value("lease-duration").map { (text) throws(UsageError) in
                try DurationOption.parse(text, option: "lease-duration", fallback: .seconds(30))
            })
        guard settings.leaseDuration > interval else {
            throw UsageError(
                description: "--lease-duration must be longer than --interval, so that the holder renews it in time")
        }
        let recordedTime = try RecordedTime(environment: ProcessInfo.processInfo.environment)

        // Open the repository and the IAM client.
        let repository: ConfigSource
        if let remote = try ConfigSelection.remote(arguments) {
            repository = remote
        } else if let checkout = try ConfigSelection.checkout(arguments, required: true) {
            repository = checkout
        } else {
            throw UsageError(description: "no git checkout holds the current folder; pass --repo URL_OR_PATH")
        }
        let connection = try IAMConnection.open(
            options: RunOptions.configuration(arguments), concurrency: concurrency, logger: logger)
        // Keys are issued only when the status commit can deliver them.
        let keyStage = arguments.has("no-status") ? nil : StagedKeyDelivery()
        let engine = Reconciler(
            operations: connection.operations, options: ReconcilerOptions(concurrency: concurrency),
            logger: engineLogger(logger), keyDelivery: keyStage,
            secretStore: SecretsManagerStore(service: connection.secretsManager, instance: instance),
            clock: recordedTime.clock)
        let reconcile = RepositoryReconcile(
            source: repository, engine: engine,
            settings: RepositoryReconcile.Settings(
                instance: instance, prune: !arguments.has("no-prune"),
                allowMassDelete: arguments.has("allow-mass-delete"), writesStatus: !arguments.has("no-status")),
            recordedTime: recordedTime,
            apiCallCount: { connection.counter.counts.total },
            keyStage: keyStage)
        let lease = try GitLease(
            store: repository.store, instance: instance,
            holder: GitLease.holderID(host: ProcessInfo.processInfo.hostName, processID: getpid()),
            duration: settings.leaseDuration)
        let watcher = Watcher(
            target: RepositoryWatchTarget(reconcile: reconcile), lease: lease, clock: SystemClock(),
            settings: settings, logger: logger.with(LogKey.instance, instance))

        // Watch until a signal ends it.
        let signals = TerminationSignals()
        let signal = await signals.run { await watcher.run() }
        if let signal {
            logger.info("stopped by signal", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
        }
        return .success
    }

    /// The engine's logger: at the default level the watch logs one line per reconcile, so the
    /// engine's own info lines are left out; its warnings and errors stay, and `--log-level
    /// debug` shows everything.
    static func engineLogger(_ logger: Logger) -> Logger {
        var quiet = logger
        if logger.level == .info { quiet.level = .notice }
        return quiet
    }
}
