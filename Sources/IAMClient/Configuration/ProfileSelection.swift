/// The profile a run reads: `--profile`, else `AWS_PROFILE`, else `default`.
struct ProfileSelection: Sendable, Equatable {
    /// How the profile was chosen.
    enum Origin: Sendable, Equatable {
        case option
        case variable
        case implicitDefault
    }

    var name: String
    var origin: Origin
    /// The profile's settings; `nil` only for an implicit or explicit `default` that is in
    /// neither file.
    var profile: AWSProfile?

    /// Selects the profile.
    ///
    /// - Throws: `ConfigurationError.profileNotFound` when a profile other than `default` is
    ///   named and defined in neither file; `default` may be absent, as for the AWS CLI.
    init(
        options: ConfigurationOptions,
        environment: ConfigurationEnvironment,
        files: SharedConfigFiles
    ) throws(ConfigurationError) {
        if let name = options.profile, !name.isEmpty {
            (self.name, origin) = (name, .option)
        } else if let name = environment.value("AWS_PROFILE") {
            (self.name, origin) = (name, .variable)
        } else {
            (self.name, origin) = ("default", .implicitDefault)
        }
        profile = files.profiles[name]
        if profile == nil && name != "default" {
            throw .profileNotFound(
                name: name,
                selectedBy: origin == .option ? "--profile" : "AWS_PROFILE",
                configPath: files.configPath,
                credentialsPath: files.credentialsPath
            )
        }
    }
}
