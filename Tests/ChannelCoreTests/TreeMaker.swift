import ChannelCore

/// A YAML-like value for building manifest trees in tests without a YAML parser.
///
/// String literals are plain scalars, as a user would type them unquoted; dictionary literals
/// keep their order, as YAML mappings do.
indirect enum Y: Sendable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case plain(String)
    case quoted(String)
    case list([Y])
    case map([(String, Y)])
    case tagged(String, Y)

    init(stringLiteral value: String) {
        self = .plain(value)
    }

    init(arrayLiteral elements: Y...) {
        self = .list(elements)
    }

    init(dictionaryLiteral elements: (String, Y)...) {
        self = .map(elements)
    }

    /// Returns the mapping with `key` set to `value` (replaced in place, or added at the end),
    /// or removed when `value` is nil.
    func setting(_ key: String, _ value: Y?) -> Y {
        guard case .map(var entries) = self else {
            return self
        }
        if let index = entries.firstIndex(where: { $0.0 == key }) {
            if let value {
                entries[index].1 = value
            } else {
                entries.remove(at: index)
            }
        } else if let value {
            entries.append((key, value))
        }
        return .map(entries)
    }

    /// Returns the value with the mapping at `path` changed by `setting`.
    func setting(_ path: [String], _ value: Y?) -> Y {
        guard let first = path.first else {
            return value ?? self
        }
        if path.count == 1 {
            return setting(first, value)
        }
        guard case .map(let entries) = self, let child = entries.first(where: { $0.0 == first })?.1 else {
            return self
        }
        return setting(first, child.setting(Array(path.dropFirst()), value))
    }
}

/// Builds located nodes from `Y` values; each node gets the next line of a made-up file, in
/// document order, so diagnostics sort the way the tree is written.
struct TreeMaker {
    var file: String
    private var line = 0

    init(file: String) {
        self.file = file
    }

    mutating func document(_ value: Y) -> ManifestDocument {
        let location = SourceLocation(file: file, line: line + 1, column: 1)
        return ManifestDocument(root: node(value), location: location)
    }

    mutating func node(_ value: Y, tag: String? = nil) -> ManifestNode {
        line += 1
        let location = SourceLocation(file: file, line: line, column: 1)
        switch value {
        case .plain(let text):
            return ManifestNode(.scalar(text, .plain), at: location, tag: tag)
        case .quoted(let text):
            return ManifestNode(.scalar(text, .doubleQuoted), at: location, tag: tag)
        case .list(let items):
            var nodes: [ManifestNode] = []
            for item in items {
                nodes.append(node(item))
            }
            return ManifestNode(.sequence(nodes), at: location, tag: tag)
        case .map(let pairs):
            var entries: [ManifestNode.Entry] = []
            for (key, value) in pairs {
                let keyNode = node(.plain(key))
                entries.append(ManifestNode.Entry(key: keyNode, value: node(value)))
            }
            return ManifestNode(.mapping(entries), at: location, tag: tag)
        case .tagged(let tag, let inner):
            line -= 1
            return node(inner, tag: tag)
        }
    }
}

/// A valid manifest to vary in tests.
func sampleManifest(name: String = "support-bot", consumers: [String] = ["web-widget"]) -> Y {
    [
        "apiVersion": "channelops.io/v1",
        "kind": "Channel",
        "metadata": ["name": .plain(name), "labels": ["team": "cx"]],
        "spec": [
            "description": "Customer support bot",
            "consumers": .list(consumers.map { ["name": .plain($0)] }),
            "permissions": [
                [
                    "sid": "SendText",
                    "actions": ["lex:PostText", "lex:PostContent"],
                    "resources": ["arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"],
                ]
            ],
        ],
    ]
}

/// Decodes one manifest built from `value` in the file `file`.
func decoded(_ value: Y, file: String = "t.yaml") -> DecodedManifest {
    var maker = TreeMaker(file: file)
    return ManifestDecoder.decode(maker.document(value))
}

/// The diagnostics of one manifest as printed lines.
func messages(_ value: Y) -> [String] {
    decoded(value).diagnostics.sorted().map(\.description)
}
