/// Settings of the engine: how much runs at once and how patiently it waits for IAM.
public struct ReconcilerOptions: Sendable, Equatable {
    /// The default limit of IAM calls in flight; IAM's rate limits tolerate it, and moto's
    /// server starts answering HTTP 500 at about twice as many concurrent writes.
    public static let defaultConcurrency = 8

    /// At most this many IAM calls run at once (`--concurrency`); at least 1.
    ///
    /// The bound holds both for the reads that complete a snapshot and for applying channels.
    public var concurrency: Int
    /// How many times a step is tried in all when IAM answers `NoSuchEntity` for a user or
    /// policy the same channel created earlier in the run (IAM is eventually consistent).
    public var eventualConsistencyAttempts: Int
    /// The wait before the first such retry; it doubles before each further one.
    public var eventualConsistencyDelay: Duration
    /// How many times the state is read after an apply to confirm convergence, when the first
    /// read still shows drift although every step succeeded (a read may lag behind writes).
    public var convergenceChecks: Int
    /// The wait before each convergence read after the first.
    public var convergenceDelay: Duration

    /// Creates options; the defaults suit AWS.
    public init(
        concurrency: Int = ReconcilerOptions.defaultConcurrency,
        eventualConsistencyAttempts: Int = 5,
        eventualConsistencyDelay: Duration = .milliseconds(250),
        convergenceChecks: Int = 3,
        convergenceDelay: Duration = .seconds(2)
    ) {
        precondition(concurrency >= 1, "the concurrency must be at least 1")
        self.concurrency = concurrency
        self.eventualConsistencyAttempts = max(1, eventualConsistencyAttempts)
        self.eventualConsistencyDelay = eventualConsistencyDelay
        self.convergenceChecks = max(1, convergenceChecks)
        self.convergenceDelay = convergenceDelay
    }
}
