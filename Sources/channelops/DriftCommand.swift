import ChannelCore
import Reconciler

/// `channelops drift`: compare the manifests with live IAM and report every difference; change
/// nothing.
enum DriftCommand {
    static let spec = CommandSpec(
        name: "drift",
        summary: "compare the manifests with live AWS IAM and report the differences; change nothing",
        details: """
            Reads the manifests as they are in the work tree of the git checkout holding the current
            folder, uncommitted edits included (files git ignores are skipped). A folder outside a
            git checkout is read as it is. With --repo, fetches --branch of that repository into a
            cache folder and reads the manifests committed at its head. Invalid manifests are
            reported and their channels left out. Channels whose last status says protect: true
            are never shown as resources to delete.

            exit codes: 0 in sync, 2 live IAM differs from the manifests, 1 invalid manifests or an
            error, 64 usage error
            """,
        options: RunOptions.sourceOptions + ReportFormat.options + [RunOptions.concurrencyOption]
            + CommonOptions.options,
        flags: [RunOptions.verifyPolicyTagsFlag]
    )

    static func run(_ arguments: ParsedArguments) async throws -> ExitCode {
        // Check every option before reading anything.
        let logger = try CommonOptions.logger(arguments)
        let format = try ReportFormat.parse(arguments)
        let destination = ReportDestination(file: arguments.value("output"))
        try destination.check()
        _ = try CommonOptions.instance(arguments)
        _ = try RunOptions.concurrency(arguments)

        // Read the manifests and the last status, then live IAM, and compare them.
        let source: ManifestFiles
        let status: StatusReading?
        if let repository = try ConfigSelection.remote(arguments) {
            let revision = try await ConfigSelection.fetch(repository, logger: logger)
            source = ManifestFiles(revision: revision, source: repository)
            status = revision.status
        } else {
            source = try await ManifestSource.workTree(folder: RunOptions.path(arguments))
            let checkout = try ConfigSelection.checkout(arguments, required: false)
            status = try await ConfigSelection.checkedOutStatus(checkout, logger: logger)?.status
        }
        let session = try await EngineSession.open(
            arguments, source: source, logger: logger, prune: true,
            protectedWhenLastApplied: status?.protectedWhenLastApplied ?? [], status: status)
        let drift: Drift
        do {
            drift = try await session.reconciler.drift(session.desired, options: session.driftOptions)
        } catch {
            // The calls made before the failure are counted all the same.
            session.logFinished("drift")
            throw error
        }
        session.logFinished("drift")

        // Report, and say by the exit code whether anything differs.
        let report = DriftReport(drift: drift, apiCalls: session.apiCalls)
        try destination.write(format.render(report, colour: destination.allowsColour))
        guard session.isValid else { return .failure }
        return drift.hasChanges || drift.hasConflicts ? .driftFound : .success
    }
}
