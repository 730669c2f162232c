/// A failure to obtain credentials at run time: no source had any, or a source that was
/// configured failed to deliver.
///
/// Messages name the source, the endpoint or role involved and what to do; they never hold a
/// secret key, session token or identity token.
public enum CredentialError: Error, Sendable, CustomStringConvertible {
    /// Every source of the chain was looked at and none had credentials.
    case noCredentials(lookedAt: [CredentialSourceReport])
    /// STS answered a call with an error document or an unexpected status.
    case stsFailure(STSFailure)
    /// A source answered with something that is not a credential document.
    case unexpectedResponse(source: String, problem: String)
    /// A request of a source got no HTTP response.
    case transport(source: String, error: TransportError)
    /// The instance metadata service gave no credentials.
    case instanceMetadata(problem: String)
    /// The container credential endpoint gave no credentials.
    case container(url: String, problem: String)
    /// The credentials to assume a role with could not be had.
    case sourceFailed(roleARN: String, underlying: any Error)
    /// A token file named by the configuration could not be read.
    case tokenFile(path: String, setting: String, problem: String)

    /// The message: what failed, where, and what to do; never a secret.
    public var description: String {
        switch self {
        case .noCredentials(let reports):
            return "no AWS credentials found; looked at: "
                + reports.map(\.description).joined(separator: ", ")
                + "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or select a profile that has "
                + "credentials with --profile or AWS_PROFILE"
        case .stsFailure(let failure):
            return failure.description
        case .unexpectedResponse(let source, let problem):
            return "\(source): \(problem)"
        case .transport(let source, let error):
            return "\(source): no response from \(error)"
        case .instanceMetadata(let problem):
            return "instance metadata: \(problem)"
        case .container(let url, let problem):
            return "container credentials at \(url): \(problem)"
        case .sourceFailed(let roleARN, let underlying):
            return "cannot get the source credentials to assume \(roleARN): \(underlying)"
        case .tokenFile(let path, let setting, let problem):
            return "cannot read the token file \(path) (from \(setting)): \(problem)"
        }
    }
}
