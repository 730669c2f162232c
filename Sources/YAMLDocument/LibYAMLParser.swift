internal import CYAML
import ChannelCore

/// Owns one libyaml parser and the private copy of the bytes it reads.
///
/// Not thread-safe: use one parser from one thread, then drop it.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// libyaml reads straight from this buffer, so it must live as long as the parser.
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let count: Int
    private let file: String

    /// Prepares a parser for `bytes`; `file` names the input in errors.
    init(bytes: [UInt8], file: String) throws(YAMLDocumentError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        guard yaml_parser_initialize(parser) != 0 else {
            parser.deallocate()
            throw YAMLDocumentError(
                .libraryFailure,
                at: SourceLocation(file: file, line: 1, column: 1),
                "yaml_parser_initialize failed: libyaml could not allocate its parser"
            )
        }
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        self.parser = parser
        self.input = input
        self.count = bytes.count
        self.file = file
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// Parses and returns the next event; after `streamEnd` it must not be called again.
    func nextEvent() throws(YAMLDocumentError) -> ParserEvent {
        let event = LibYAMLEvent()
        guard yaml_parser_parse(parser, &event.raw) != 0 else {
            throw parserError()
        }
        let raw = event.raw
        let mark = ParserEvent.Mark(line: Int(raw.start_mark.line), column: Int(raw.start_mark.column))
        switch raw.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: try string(raw.data.alias.anchor, mark) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let scalar = raw.data.scalar
            return .scalar(
                text: try string(scalar.value, length: scalar.length, mark) ?? "",
                style: style(scalar.style),
                tag: try tag(scalar.tag, mark),
                anchor: try string(scalar.anchor, mark),
                mark
            )
        case YAML_SEQUENCE_START_EVENT:
            let start = raw.data.sequence_start
            return .sequenceStart(tag: try tag(start.tag, mark), anchor: try string(start.anchor, mark), mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = raw.data.mapping_start
            return .mappingStart(tag: try tag(start.tag, mark), anchor: try string(start.anchor, mark), mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            throw YAMLDocumentError(
                .libraryFailure,
                at: location(mark),
                "yaml_parser_parse returned the unexpected event type \(raw.type.rawValue)"
            )
        }
    }

    // MARK: converting libyaml's values

    private func style(_ style: yaml_scalar_style_t) -> ManifestNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE:
            return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
            return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE:
            return .literal
        case YAML_FOLDED_SCALAR_STYLE:
            return .folded
        default:
            return .plain
        }
    }

    /// A tag in the short form users write: `!!str` for `tag:yaml.org,2002:str`.
    private func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ mark: ParserEvent.Mark) throws(YAMLDocumentError)
        -> String?
    {
        guard let tag = try string(pointer, mark) else {
            return nil
        }
        let standard = "tag:yaml.org,2002:"
        return tag.hasPrefix(standard) ? "!!" + tag.dropFirst(standard.utf8.count) : tag
    }

    /// Copies a NUL-terminated string, or `length` bytes when given; nil for a null pointer.
    private func string(
        _ pointer: UnsafeMutablePointer<yaml_char_t>?,
        length: Int? = nil,
        _ mark: ParserEvent.Mark
    ) throws(YAMLDocumentError) -> String? {
        guard let pointer else {
            return nil
        }
        let bytes = UnsafeBufferPointer(start: pointer, count: length ?? strlen(pointer))
        // Most manifest text is ASCII, which is valid UTF-8 as it is and decodes fastest.
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw YAMLDocumentError(
                .notText,
                at: location(mark),
                "libyaml returned text that is not valid UTF-8; save the file as UTF-8 text"
            )
        }
        return text
    }

    private func strlen(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> Int {
        var end = pointer
        while end.pointee != 0 {
            end += 1
        }
        return end - pointer
    }

    private func location(_ mark: ParserEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    // MARK: errors

    /// Converts the parser's error state, read at once after the failing call.
    private func parserError() -> YAMLDocumentError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return YAMLDocumentError(
                .libraryFailure,
                at: SourceLocation(file: file, line: 1, column: 1),
                "yaml_parser_parse failed: libyaml ran out of memory"
            )
        case YAML_READER_ERROR:
            return readerError(problem: problem, offset: Int(state.problem_offset), value: Int(state.problem_value))
        default:
            var message = "invalid YAML: \(problem)"
            if let context = state.context.map({ String(cString: $0) }) {
                let mark = state.context_mark
                message += " (\(context) started at line \(mark.line + 1), column \(mark.column + 1))"
            }
            let mark = ParserEvent.Mark(line: Int(state.problem_mark.line), column: Int(state.problem_mark.column))
            if problem == "found character that cannot start any token" {
                message += hint(for: byte(at: mark))
            }
            return YAMLDocumentError(.invalidYAML, at: location(mark), message)
        }
    }

    /// A problem found while decoding the bytes into characters; libyaml gives a byte offset only.
    private func readerError(problem: String, offset: Int, value: Int) -> YAMLDocumentError {
        let at = location(mark(ofByte: offset))
        let hex = String(value, radix: 16, uppercase: true)
        if problem.contains("control characters") {
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return YAMLDocumentError(
                .notText,
                at: at,
                "the file contains the control character \(code), which YAML does not allow; "
                    + "a manifest must be text"
            )
        }
        let detail = value >= 0 ? "\(problem) 0x\(hex.count < 2 ? "0" + hex : hex)" : problem
        return YAMLDocumentError(.notText, at: at, "the file is not valid UTF-8 text (\(detail)); save it as UTF-8")
    }

    /// What to do about the character that libyaml could not start a token with, when it is a
    /// common mistake.
    private func hint(for byte: UInt8?) -> String {
        switch byte {
        case UInt8(ascii: "\t"):
            return "; indent with spaces, since YAML does not allow tabs there"
        case UInt8(ascii: "@"), UInt8(ascii: "`"):
            return "; put the value in quotes, since YAML reserves @ and ` at the start of a value"
        default:
            return ""
        }
    }

    /// The byte where libyaml's line and column point, if the line and column are in the input.
    private func byte(at mark: ParserEvent.Mark) -> UInt8? {
        var line = 0
        var column = 0
        for byte in input.prefix(count) {
            if line == mark.line, column == mark.column {
                return byte
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return nil
    }

    /// The line and column of a byte offset, counted as libyaml counts them: columns in
    /// characters, and a line break at LF, CR or CR LF.
    private func mark(ofByte offset: Int) -> ParserEvent.Mark {
        var line = 0
        var column = 0
        var previous: UInt8 = 0
        for byte in input.prefix(min(max(offset, 0), count)) {
            if byte == UInt8(ascii: "\n"), previous == UInt8(ascii: "\r") {
                // The LF of a CR LF pair; the CR already broke the line.
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                line += 1
                column = 0
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            previous = byte
        }
        return ParserEvent.Mark(line: line, column: column)
    }
}
