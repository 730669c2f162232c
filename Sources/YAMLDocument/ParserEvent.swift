import ChannelCore

/// One libyaml parsing event, copied into Swift values.
///
/// Lines and columns are libyaml's, counted from 0; columns count characters, not bytes.
enum ParserEvent {
    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd
    case alias(anchor: String, Mark)
    case scalar(text: String, style: ManifestNode.ScalarStyle, tag: String?, anchor: String?, Mark)
    case sequenceStart(tag: String?, anchor: String?, Mark)
    case sequenceEnd
    case mappingStart(tag: String?, anchor: String?, Mark)
    case mappingEnd

    /// A place in the input as libyaml counts it, from 0.
    struct Mark {
        var line: Int
        var column: Int
    }
}
