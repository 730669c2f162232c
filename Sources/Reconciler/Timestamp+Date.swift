public import ChannelCore
public import Foundation

extension Timestamp {
    /// The whole second of `date`, rounded down.
    public init(_ date: Date) {
        self.init(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
