import ChannelCore

/// Builds located node trees from parser events, without recursion.
///
/// Open lists and mappings live on an explicit stack bounded by `maximumDepth`, so no input can
/// exhaust the call stack. Anchors are resolved per document; every alias counts the nodes it
/// copies against `maximumAliasNodes` for the whole file. Duplicate and non-string keys are
/// recorded as diagnostics of their document, which is still read.
struct TreeBuilder {
    private struct Anchored {
        var node: ManifestNode
        var nodeCount: Int
    }

    /// A list or mapping whose end has not been seen yet.
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        /// A list's finished items.
        var items: [ManifestNode] = []
        /// A mapping's finished entries.
        var entries: [ManifestNode.Entry] = []
        /// A mapping's key whose value is being read; nil between entries.
        var pendingKey: ManifestNode?
        /// Whether the value being read belongs to a key that was left out; it is dropped too.
        var isDroppingValue = false
        /// Where each key was written, once the mapping is too big to scan for duplicates.
        var keyIndex: [String: SourceLocation]?
        var nodeCount = 1
    }

    /// Mappings up to this size look for duplicate keys by scanning their entries.
    private static let linearKeyScanLimit = 16

    private let file: String
    private let maximumDepth: Int
    private let maximumAliasNodes: Int
    private(set) var documents: [ManifestDocument] = []
    private var stack: [Frame] = []
    private var documentLocation: SourceLocation
    private var root: ManifestNode?
    private var diagnostics: [Diagnostic] = []
    private var anchors: [String: Anchored] = [:]
    private var aliasNodes = 0

    init(file: String, maximumDepth: Int, maximumAliasNodes: Int) {
        self.file = file
        self.maximumDepth = maximumDepth
        self.maximumAliasNodes = maximumAliasNodes
        self.documentLocation = SourceLocation(file: file, line: 1, column: 1)
    }

    /// Adds one event to the tree.
    mutating func add(_ event: ParserEvent) throws(YAMLDocumentError) {
        switch event {
        case .streamStart, .streamEnd:
            break
        case .documentStart(let mark):
            documentLocation = location(mark)
            root = nil
            diagnostics = []
            anchors = [:]
        case .documentEnd:
            documents.append(ManifestDocument(root: root, location: documentLocation, diagnostics: diagnostics))
        case .alias(let anchor, let mark):
            try addAlias(anchor, at: location(mark))
        case .scalar(let text, let style, let tag, let anchor, let mark):
            // libyaml gives an empty document an empty plain scalar as its root; it has none.
            if stack.isEmpty, text.isEmpty, style == .plain, tag == nil, anchor == nil {
                return
            }
            let node = ManifestNode(.scalar(text, style), at: location(mark), tag: tag)
            if let anchor {
                anchors[anchor] = Anchored(node: node, nodeCount: 1)
            }
            attach(node, nodeCount: 1)
        case .sequenceStart(let tag, let anchor, let mark):
            try open(Frame(isMapping: false, location: location(mark), tag: tag, anchor: anchor))
        case .mappingStart(let tag, let anchor, let mark):
            try open(Frame(isMapping: true, location: location(mark), tag: tag, anchor: anchor))
        case .sequenceEnd, .mappingEnd:
            close()
        }
    }

    private mutating func open(_ frame: Frame) throws(YAMLDocumentError) {
        guard stack.count < maximumDepth else {
            throw YAMLDocumentError(
                .nestingTooDeep,
                at: frame.location,
                "lists and mappings nest more than \(maximumDepth) levels deep here; "
                    + "a manifest needs far fewer, so flatten the document"
            )
        }
        stack.append(frame)
    }

    private mutating func close() {
        guard let frame = stack.popLast() else {
            return
        }
        let content: ManifestNode.Content = frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items)
        let node = ManifestNode(content, at: frame.location, tag: frame.tag)
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, nodeCount: frame.nodeCount)
        }
        attach(node, nodeCount: frame.nodeCount)
    }

    private mutating func addAlias(_ anchor: String, at location: SourceLocation) throws(YAMLDocumentError) {
        guard let anchored = anchors[anchor] else {
            if stack.contains(where: { $0.anchor == anchor }) {
                throw YAMLDocumentError(
                    .invalidAlias,
                    at: location,
                    "alias '*\(anchor)' refers to the node '&\(anchor)' that contains it; "
                        + "recursive structures are not allowed"
                )
            }
            throw YAMLDocumentError(
                .invalidAlias,
                at: location,
                "alias '*\(anchor)' refers to no anchor '&\(anchor)' defined before it in this document"
            )
        }
        aliasNodes += anchored.nodeCount
        guard aliasNodes <= maximumAliasNodes else {
            throw YAMLDocumentError(
                .aliasExpansionTooLarge,
                at: location,
                "aliases in this file expand to more than \(maximumAliasNodes) nodes at '*\(anchor)'; "
                    + "write the values out instead of nesting aliases"
            )
        }
        attach(anchored.node, nodeCount: anchored.nodeCount)
    }

    /// Adds a finished node to the innermost open list or mapping, or makes it the root.
    ///
    /// In a mapping, nodes alternate between key and value. A key that is not a string, or that
    /// repeats an earlier key, is reported and left out with its value.
    private mutating func attach(_ node: ManifestNode, nodeCount: Int) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        stack[top].nodeCount += nodeCount
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        if let key = stack[top].pendingKey.take() {
            stack[top].entries.append(ManifestNode.Entry(key: key, value: node))
            return
        }
        if stack[top].isDroppingValue {
            stack[top].isDroppingValue = false
            return
        }
        guard case .scalar(let text, _) = node.content else {
            let found = if case .mapping = node.content { "a mapping" } else { "a list" }
            diagnostics.append(.nonStringKey(found: found, at: node.location))
            stack[top].isDroppingValue = true
            return
        }
        if let first = firstLocation(of: text, at: top) {
            diagnostics.append(.duplicateKey(text, at: node.location, first: first))
            stack[top].isDroppingValue = true
            return
        }
        stack[top].pendingKey = node
        indexKey(text, at: node.location, in: top)
    }

    private func firstLocation(of key: String, at top: Int) -> SourceLocation? {
        if let keyIndex = stack[top].keyIndex {
            return keyIndex[key]
        }
        for entry in stack[top].entries {
            if case .scalar(let text, _) = entry.key.content, text == key {
                return entry.key.location
            }
        }
        return nil
    }

    /// Records a new key in the mapping's index, creating the index once scanning would be slow.
    private mutating func indexKey(_ key: String, at location: SourceLocation, in top: Int) {
        if stack[top].keyIndex != nil {
            stack[top].keyIndex?[key] = location
        } else if stack[top].entries.count >= Self.linearKeyScanLimit {
            var index: [String: SourceLocation] = [key: location]
            for entry in stack[top].entries {
                if case .scalar(let text, _) = entry.key.content {
                    index[text] = entry.key.location
                }
            }
            stack[top].keyIndex = index
        }
    }

    private func location(_ mark: ParserEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }
}
