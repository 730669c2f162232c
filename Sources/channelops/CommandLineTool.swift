import ChannelCore
import Foundation

/// Dispatches the command line to one command and maps its outcome to an exit code.
///
/// Errors are printed here, once, as `error: ...` lines on standard error; standard output carries
/// only what the command was asked to produce.
enum CommandLineTool {
    static let version = "0.1.0"

    static let commands: [CommandSpec] = [
        ValidateCommand.spec, RenderCommand.spec, DriftCommand.spec, ReconcileCommand.spec, WatchCommand.spec,
    ]

    static func run(_ arguments: [String]) async -> ExitCode {
        guard let first = arguments.first else {
            let names = commands.map(\.name).joined(separator: ", ")
            printError("error: no command given; use one of \(names) (see 'channelops --help')")
            return .usage
        }
        guard let spec = commands.first(where: { $0.name == first }) else {
            return runWithoutCommand(first)
        }
        do {
            let rest = Array(arguments.dropFirst())
            if rest.contains("--help") || rest.contains("-h") {
                try printOut(help(for: spec))
                return .success
            }
            let parsed = try parseArguments(rest, for: spec)
            switch spec.name {
            case ValidateCommand.spec.name: return try await ValidateCommand.run(parsed)
            case RenderCommand.spec.name: return try await RenderCommand.run(parsed)
            case DriftCommand.spec.name: return try await DriftCommand.run(parsed)
            case ReconcileCommand.spec.name: return try await ReconcileCommand.run(parsed)
            case WatchCommand.spec.name: return try await WatchCommand.run(parsed)
            default: return .usage
            }
        } catch let error as UsageError {
            printError("error: \(error.description) (see 'channelops \(spec.name) --help')")
            return .usage
        } catch {
            printError("error: \(error)")
            return .failure
        }
    }

    /// Answers `--help`, `--version` and an unknown command, which suggests the nearest one.
    private static func runWithoutCommand(_ first: String) -> ExitCode {
        do throws(OutputError) {
            switch first {
            case "--help", "-h", "help":
                try printOut(usage())
                return .success
            case "--version":
                try printOut("channelops \(version)")
                return .success
            default:
                var message = "unknown command '\(first)'"
                if let near = Suggestion.nearest(to: first, in: commands.map(\.name)) {
                    message += "; did you mean '\(near)'?"
                }
                printError("error: \(message) (see 'channelops --help')")
                return .usage
            }
        } catch {
            printError("error: \(error)")
            return .failure
        }
    }

    static func usage() -> String {
        var text = "channelops \(version): GitOps reconciler for the AWS IAM permissions of messaging channels\n\n"
        text += "usage: channelops <command> [options]\n\ncommands:\n"
        for spec in commands {
            text += "  " + spec.name.padding(toLength: 12, withPad: " ", startingAt: 0) + spec.summary + "\n"
        }
        return text + "\nrun 'channelops <command> --help' for a command's options"
    }

    static func help(for spec: CommandSpec) -> String {
        var text = "usage: channelops \(spec.name) [options]\n\n\(spec.summary)\n\n"
        if !spec.details.isEmpty {
            text += spec.details + "\n\n"
        }
        text += "options:\n"
        for option in spec.options {
            let left = "--\(option.name) \(option.value)"
            text += "  " + left.padding(toLength: 26, withPad: " ", startingAt: 0) + option.help + "\n"
        }
        for flag in spec.flags {
            text += "  " + "--\(flag.name)".padding(toLength: 26, withPad: " ", startingAt: 0) + flag.help + "\n"
        }
        return text
    }
}
