/// A problem with the AWS settings: a malformed shared file, a bad value, or a profile that
/// cannot yield credentials as written.
///
/// All cases are terminal: retrying does not help until the configuration changes. Messages name
/// the setting and where it came from (variable name, or `file:line`), and never quote a secret:
/// a malformed line is identified by its number, not echoed, because it may hold a key.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line of a shared config or credentials file that cannot be parsed.
    case malformedLine(path: String, line: Int, problem: String)
    /// A file that exists but cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The profile named by `--profile` or `AWS_PROFILE` is in neither shared file.
    case profileNotFound(name: String, selectedBy: String, configPath: String, credentialsPath: String)
    /// A setting with a value outside what it allows; `setting` names the variable or the
    /// `file:line` of the key.
    case invalidValue(setting: String, value: String, expected: String)
    /// A CA bundle path that does not name a file.
    case caBundleNotFound(path: String, setting: String)
    /// A profile whose settings cannot work together; `location` is `file:line` of the profile.
    case invalidProfile(name: String, location: String, problem: String)
    /// Profiles whose `source_profile` settings form a loop.
    case sourceProfileCycle(chain: [String])
    /// One half of a key pair is set and the other is not.
    case partialCredentials(source: String, present: String, missing: String)
    /// A setting naming a credential mechanism that channelops does not implement.
    case unsupportedSetting(profile: String, location: String, setting: String, advice: String)

    /// The message: the setting, its source and what it allows; never a secret.
    public var description: String {
        switch self {
        case .malformedLine(let path, let line, let problem):
            return "\(path):\(line): \(problem)"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .profileNotFound(let name, let selectedBy, let configPath, let credentialsPath):
            return "profile '\(name)' (selected by \(selectedBy)) is not defined in \(configPath) "
                + "or \(credentialsPath); add [profile \(name)] to the config file or [\(name)] to "
                + "the credentials file, or select another profile"
        case .invalidValue(let setting, let value, let expected):
            return "\(setting) is '\(value)'; expected \(expected)"
        case .caBundleNotFound(let path, let setting):
            return "the CA bundle \(path) (from \(setting)) does not exist; point \(setting) at a "
                + "PEM file of trusted certificates"
        case .invalidProfile(let name, let location, let problem):
            return "profile '\(name)' (\(location)): \(problem)"
        case .sourceProfileCycle(let chain):
            return "source_profile settings loop: \(chain.joined(separator: " -> ")); give one "
                + "profile in the chain static keys and no source_profile"
        case .partialCredentials(let source, let present, let missing):
            return "\(source): \(present) is set but \(missing) is not; set both or neither"
        case .unsupportedSetting(let profile, let location, let setting, let advice):
            return "profile '\(profile)' (\(location)) uses \(setting), which channelops does not "
                + "support; \(advice)"
        }
    }
}
