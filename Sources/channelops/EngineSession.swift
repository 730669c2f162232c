import ChannelCore
import ChannelLog
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
    /// `protectedWhenLastApplied` names the channels the last status recorded as `protect: true`
    /// (see `DriftOptions`).
    /// Prints every manifest problem on standard error; the run goes on with the valid
    /// channels, the invalid ones frozen (see `DriftOptions`), and `isValid` false.
    /// - Throws: `RenderError` for a bad instance name, `IAMConnectionError` for invalid AWS
    ///   settings.
    static func open(
        _ arguments: ParsedArguments,
        source: ManifestFiles,
        logger: Logger,
        prune: Bool,
        protectedWhenLastApplied: Set<String> = []
    ) async throws -> EngineSession {
        let started = ContinuousClock.now
        let instance = try CommonOptions.instance(arguments)
        let concurrency = try RunOptions.concurrency(arguments)

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
            logger: logger
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
                verifyAllPolicyTags: arguments.has(RunOptions.verifyPolicyTagsFlag.name)
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
