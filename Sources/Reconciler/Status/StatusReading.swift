public import ChannelCore
import YAMLDocument

/// The status files found at a branch head, read back.
///
/// What the next run needs from them: which channels were `protect: true`. A file that cannot
/// be read counts as protecting its channel, so that a damaged status never lets a channel's
/// resources be pruned by mistake.
public struct StatusReading: Sendable, Equatable {
    /// The statuses read, by channel.
    public var statuses: [String: ChannelStatus]
    /// `file: problem` for each status file that could not be read.
    public var problems: [String]
    /// Channels named by the file name of an unreadable status file.
    public var unreadableChannels: Set<String>

    /// Reads the files below `status/`, keyed by their path relative to it.
    ///
    /// Only `<channel>.yaml` files at the top of the folder are statuses; anything else is passed
    /// over.
    public init(files: [String: [UInt8]]) {
        var statuses: [String: ChannelStatus] = [:]
        var problems: [String] = []
        var unreadable: Set<String> = []
        for path in files.keys.sorted() where path.hasSuffix(".yaml") && !path.contains("/") {
            let channel = String(path.dropLast(".yaml".count))
            let display = "status/" + path
            do {
                let documents = try YAMLDocumentParser.parse(files[path] ?? [], file: display)
                guard documents.count == 1, let root = documents.first?.root else {
                    throw StatusDecodingError(
                        location: SourceLocation(file: display, line: 1, column: 1),
                        message: "expected one YAML document, found \(documents.count)")
                }
                let status = try ChannelStatus(decoding: root)
                guard status.channel == channel else {
                    throw StatusDecodingError(
                        location: root.location, message: "the file names channel '\(status.channel)'")
                }
                statuses[channel] = status
            } catch let error as YAMLDocumentError {
                problems.append("\(error.location): \(error.message)")
                unreadable.insert(channel)
            } catch let error as StatusDecodingError {
                problems.append(error.description)
                unreadable.insert(channel)
            } catch {
                problems.append("\(display): \(error)")
                unreadable.insert(channel)
            }
        }
        self.statuses = statuses
        self.problems = problems
        self.unreadableChannels = unreadable
    }

    /// The channels the last run recorded as `protect: true`, and those whose status could not be
    /// read: what the engine takes as `protectedWhenLastApplied`.
    public var protectedWhenLastApplied: Set<String> {
        Set(statuses.values.filter(\.protect).map(\.channel)).union(unreadableChannels)
    }
}
