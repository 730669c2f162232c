import Foundation

/// The outside world the AWS settings are read from: environment variables, a way to read files,
/// and the home directory that `~` stands for.
///
/// Everything that resolves configuration or credentials takes this value instead of reading the
/// process state, so tests can give exact inputs. `fromProcess()` builds the real one.
public struct ConfigurationEnvironment: Sendable {
    /// Environment variables by name.
    public var variables: [String: String]
    /// Returns the text of the file at a path, or `nil` when no file exists there; throws
    /// `ConfigurationError.unreadableFile` when it exists but cannot be read.
    public var readFile: @Sendable (String) throws(ConfigurationError) -> String?
    /// The directory `~` expands to; `nil` leaves `~` paths as they are.
    public var homeDirectory: String?

    /// Makes an environment from explicit parts, as tests do.
    public init(
        variables: [String: String],
        homeDirectory: String?,
        readFile: @escaping @Sendable (String) throws(ConfigurationError) -> String?
    ) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.readFile = readFile
    }

    /// The process's environment, its files, and `HOME` (or the user's home directory when
    /// `HOME` is unset).
    public static func fromProcess() -> ConfigurationEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let home =
            variables["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return ConfigurationEnvironment(variables: variables, homeDirectory: home) { path throws(ConfigurationError) in
            try readLocalFile(path)
        }
    }

    /// The value of a variable, or `nil` when it is unset or empty.
    ///
    /// An empty value counts as unset, as it does for the AWS CLI: pipelines often clear a
    /// variable by setting it to the empty string.
    func value(_ name: String) -> String? {
        guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// `path` with a leading `~` replaced by the home directory.
    func expandingTilde(_ path: String) -> String {
        guard let home = homeDirectory, path == "~" || path.hasPrefix("~/") else {
            return path
        }
        return home + path.dropFirst()
    }
}

/// Reads a local file as UTF-8 text; `nil` when nothing exists at `path`.
private func readLocalFile(_ path: String) throws(ConfigurationError) -> String? {
    guard FileManager.default.fileExists(atPath: path) else {
        return nil
    }
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw .unreadableFile(path: path, reason: error.localizedDescription)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw .unreadableFile(path: path, reason: "the file is not UTF-8 text")
    }
    return text
}
