import ChannelCore
import ChannelLog
import Foundation
import IAMClient
import Reconciler

/// What `drift` and `reconcile` share: the manifests loaded, the IAM client and the engine.
struct EngineSession {
    var instance: String
    var logger: Logger
    var source: ManifestFiles
    var loaded: LoadedManifests
    var connection: IAMConnection
    var reconciler: Reconciler
    var driftOptions: DriftOptions
    var started: ContinuousClock.Instant

    /// Loads the manifests of `source` and sets up the client and the engine.
    ///
    /// `protectedWhenLastApplied` names the channels the last status recorded as `protect: true`,
    /// `status` is that status as read (its delivered keys and unreadable channels go to
    /// `DriftOptions`), and `keyDelivery` receives the keys the engine issues (nil: it issues
    /// none). Key ages count by `CHANNELOPS_NOW` when set (see `RecordedTime`).
    /// Prints every manifest problem on standard error; the run goes on with the valid
    /// channels, the invalid ones frozen (see `DriftOptions`), and `isValid` false.
    /// - Throws: `RenderError` for a bad instance name, `IAMConnectionError` for invalid AWS
    ///   settings, `RecordedTimeError` for a `CHANNELOPS_NOW` that is not an RFC 3339 time.
    static func open(
        _ arguments: ParsedArguments,
        source: ManifestFiles,
        logger: Logger,
        prune: Bool,
        protectedWhenLastApplied: Set<String> = [],
        status: StatusReading? = nil,
        keyDelivery: (any KeyDelivery)? = nil
    ) async throws -> EngineSession {
        let started = ContinuousClock.now
        let instance = try CommonOptions.instance(arguments)
        let concurrency = try RunOptions.concurrency(arguments)
        let recordedTime = try RecordedTime(environment: ProcessInfo.processInfo.environment)
        if let fixed = recordedTime.fixed {
            logger.warning(
                "the clock is set by CHANNELOPS_NOW, for tests and rehearsals", ["now": RecordedTime.rfc3339(fixed)])
        }

        // Load the manifests; problems are reported, the valid channels go on.
        logger.info(
            "read manifests",
            [LogKey.count: "\(source.files.count)", "source": source.origin, LogKey.instance: instance])
        let loaded = try await LoadedManifests.load(source.files, instance: instance)
        if !loaded.isValid {
            if !loaded.diagnostics.isEmpty { printErrorLines(loaded.diagnostics.map(\.description)) }
            logger.warning(
                "invalid manifests: their channels are left as they are",
                ["channels": loaded.manifests.invalidChannelNames.sorted().joined(separator: ",")])
        }

        // Connect to IAM as the AWS settings say.
        let connection = try IAMConnection.open(
            options: RunOptions.configuration(arguments), concurrency: concurrency, logger: logger)
        logger.debug(
            "resolved AWS settings",
            ["configuration": connection.configuration.description, "credentials": connection.credentialSource])
        let reconciler = Reconciler(
            operations: connection.operations,
            options: ReconcilerOptions(concurrency: concurrency),
            logger: logger,
            keyDelivery: keyDelivery,
            secretStore: SecretsManagerStore(service: connection.secretsManager, instance: instance),
            clock: recordedTime.clock
        )
        return EngineSession(
            instance: instance,
            logger: logger,
            source: source,
            loaded: loaded,
            connection: connection,
            reconciler: reconciler,
            driftOptions: DriftOptions(
                manifests: loaded.manifests,
                rendered: loaded.rendered,
                protectedWhenLastApplied: protectedWhenLastApplied,
                prune: prune,
                verifyAllPolicyTags: arguments.has(RunOptions.verifyPolicyTagsFlag.name),
                deliveredAccessKeys: status?.deliveredAccessKeys ?? [],
                channelsWithUnknownKeys: status?.unreadableChannels ?? []
            ),
            started: started
        )
    }

    /// The desired state of the valid channels.
    var desired: DesiredState { loaded.rendered.state }

    /// Whether every manifest was read and is valid.
    var isValid: Bool { loaded.isValid }

    /// The IAM requests sent so far, retries included.
    var apiCalls: Int { connection.counter.counts.total }

    /// Logs the closing line of the run: how many IAM calls it made and how long it took.
    func logFinished(_ command: String) {
        let counts = connection.counter.counts
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.info(
            "run finished",
            [
                "command": command, LogKey.calls: "\(counts.total)", "retries": "\(counts.retries)",
                LogKey.durationMS: "\(milliseconds)",
            ])
        logger.debug("API calls by action", counts.byAction.mapValues { "\($0)" })
    }
}
