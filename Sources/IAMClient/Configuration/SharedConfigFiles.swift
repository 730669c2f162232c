/// The shared config and credentials files, read and merged into profiles.
///
/// Paths come from `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and
/// `~/.aws/credentials`. A missing file is no error: it holds no profiles. In the config file a
/// profile is `[profile NAME]` or `[default]` (`[profile default]` too, which wins over
/// `[default]`), and `[services NAME]` holds per-service endpoint settings; other sections are
/// ignored. In the credentials file every `[NAME]` is a profile. Where both files set the same
/// key of a profile, the credentials file wins, as it does for the AWS CLI.
struct SharedConfigFiles: Sendable, Equatable {
    var configPath: String
    var credentialsPath: String
    var configFileExists: Bool
    var credentialsFileExists: Bool
    /// Profiles by name.
    var profiles: [String: AWSProfile]
    /// `[services NAME]` sections of the config file by name.
    var services: [String: ProfileFile.Section]

    /// Reads both files through `environment.readFile`.
    ///
    /// - Throws: `ConfigurationError.unreadableFile` or `.malformedLine` from either file.
    static func load(from environment: ConfigurationEnvironment) throws(ConfigurationError) -> SharedConfigFiles {
        let configPath = environment.expandingTilde(environment.value("AWS_CONFIG_FILE") ?? "~/.aws/config")
        let credentialsPath = environment.expandingTilde(
            environment.value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials"
        )
        let configText = try environment.readFile(configPath)
        let credentialsText = try environment.readFile(credentialsPath)

        var files = SharedConfigFiles(
            configPath: configPath,
            credentialsPath: credentialsPath,
            configFileExists: configText != nil,
            credentialsFileExists: credentialsText != nil,
            profiles: [:],
            services: [:]
        )
        if let configText {
            files.addConfigFile(try ProfileFile.parse(configText, path: configPath))
        }
        if let credentialsText {
            for section in try ProfileFile.parse(credentialsText, path: credentialsPath).sections {
                files.merge(section, intoProfile: section.header, path: credentialsPath)
            }
        }
        return files
    }

    private mutating func addConfigFile(_ file: ProfileFile) {
        // `[default]` goes first so that `[profile default]` overrides it wherever each appears.
        let ordered =
            file.sections.filter { $0.header == "default" }
            + file.sections.filter { $0.header != "default" }
        for section in ordered {
            let words = section.header.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if section.header == "default" {
                merge(section, intoProfile: "default", path: file.path)
            } else if words.count == 2, words[0] == "profile" {
                merge(section, intoProfile: String(words[1]), path: file.path)
            } else if words.count == 2, words[0] == "services" {
                services[String(words[1]), default: section].properties.merge(section.properties) { $1 }
            }
        }
    }

    private mutating func merge(_ section: ProfileFile.Section, intoProfile name: String, path: String) {
        var profile =
            profiles[name]
            ?? AWSProfile(name: name, settings: [:], location: "\(path):\(section.line)")
        for (key, property) in section.properties {
            profile.settings[key] = AWSProfile.Setting(
                value: property.value,
                subProperties: property.subProperties,
                path: path,
                line: property.line
            )
        }
        profiles[name] = profile
    }

    /// Why an absent profile yields nothing from the files, for the list of sources looked at.
    var profileAbsenceReason: String {
        switch (configFileExists, credentialsFileExists) {
        case (false, false):
            return "\(configPath) and \(credentialsPath) not found"
        case (true, false):
            return "not in \(configPath); \(credentialsPath) not found"
        case (false, true):
            return "not in \(credentialsPath); \(configPath) not found"
        case (true, true):
            return "not in \(configPath) or \(credentialsPath)"
        }
    }
}
