/// Turns one manifest document into a channel, strictly, collecting every problem it finds.
///
/// The decoder knows each field's type, so it reads scalars the way a user means them: string
/// fields keep the text exactly as written (`yes`, `0123` and `4217` stay strings) and only
/// `protect` is a boolean, spelt `true` or `false`. It never stops at the first problem; a
/// document with any problem yields no channel. Cross-file rules (unique channel and consumer
/// names) are checked by `loadManifests(_:)`.
package struct ManifestDecoder {
    private enum Fields {
        static let top = ["apiVersion", "kind", "metadata", "spec"]
        static let metadata = ["labels", "name"]
        static let spec = ["consumers", "description", "permissions", "protect", "tags"]
        static let consumer = ["accessKey", "name"]
        static let accessKey = ["enabled", "recipients", "rotateAfterDays", "rotationGraceDays", "secretsManager"]
        static let secretsManager = ["name"]
        static let permission = ["actions", "conditions", "effect", "resources", "sid"]
    }

    /// The entry index of each allowed field found in a mapping, by the field's position in its
    /// `Fields` list; inline storage, so looking fields up allocates nothing.
    private struct Slots {
        private var storage: (Int?, Int?, Int?, Int?, Int?) = (nil, nil, nil, nil, nil)
        /// Allowed fields that an unknown key was taken for a misspelling of; such a field is not
        /// reported missing as well.
        var suggested: [String] = []

        subscript(_ slot: Int) -> Int? {
            get {
                switch slot {
                case 0: return storage.0
                case 1: return storage.1
                case 2: return storage.2
                case 3: return storage.3
                default: return storage.4
                }
            }
            set {
                switch slot {
                case 0: storage.0 = newValue
                case 1: storage.1 = newValue
                case 2: storage.2 = newValue
                case 3: storage.3 = newValue
                default: storage.4 = newValue
                }
            }
        }
    }

    private static let apiVersion = "channelops.io/v1"
    private static let kind = "Channel"
    private static let stringTags = ["!!str", "!"]
    private static let mappingTags = ["!!map"]
    private static let sequenceTags = ["!!seq"]
    private static let booleanTags = ["!!bool"]
    private static let integerTags = ["!!int"]
    private static let yaml11Note = " (YAML 1.1 words such as yes, no, on and off are not booleans here)"

    private var diagnostics: [Diagnostic]

    private init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Decodes and validates one document; the reader's own diagnostics of the document are
    /// included in the result.
    package static func decode(_ document: ManifestDocument) -> DecodedManifest {
        var decoder = ManifestDecoder(diagnostics: document.diagnostics)
        var result = DecodedManifest()
        decoder.decodeDocument(document, into: &result)
        result.diagnostics = decoder.diagnostics
        return result
    }

    private mutating func decodeDocument(_ document: ManifestDocument, into result: inout DecodedManifest) {
        guard let root = document.root else {
            return
        }
        guard case .mapping(let entries) = root.content else {
            report(
                root,
                "a manifest must be a mapping with apiVersion, kind, metadata and spec, found \(root.foundDescription)")
            return
        }
        guard tagFits(root, Self.mappingTags, path: "the document") else {
            return
        }

        // The header: which schema the document claims to follow.
        let top = fields(of: entries, context: "at the top level", allowed: Fields.top)
        checkHeader(0, of: top, in: entries, field: "apiVersion", expected: Self.apiVersion, parent: root)
        checkHeader(1, of: top, in: entries, field: "kind", expected: Self.kind, parent: root)

        // The channel's identity and its specification.
        var labels: [KeyValue] = []
        var spec = Spec()
        if let metadata = required(
            2, of: top, in: entries, field: "metadata", context: "at the top level", parent: root)
        {
            labels = decodeMetadata(metadata, into: &result)
        }
        if let node = required(3, of: top, in: entries, field: "spec", context: "at the top level", parent: root) {
            spec = decodeSpec(node, into: &result)
        }

        if diagnostics.isEmpty, let name = result.name {
            result.channel = Channel(
                name: name,
                labels: labels,
                description: spec.description,
                consumers: spec.consumers,
                permissions: spec.permissions,
                tags: spec.tags,
                protect: spec.protect,
                location: document.location
            )
        }
    }

    private mutating func checkHeader(
        _ slot: Int,
        of found: Slots,
        in entries: [ManifestNode.Entry],
        field: String,
        expected: String,
        parent: ManifestNode
    ) {
        guard
            let node = required(
                slot, of: found, in: entries, field: field, context: "at the top level", parent: parent),
            let value = string(node, path: field)
        else {
            return
        }
        if value != expected {
            report(node, "\(field) must be '\(expected)', found '\(value)'")
        }
    }

    // MARK: metadata

    /// Decodes `metadata`, recording the name in `result` whenever it can be read; returns the
    /// labels.
    private mutating func decodeMetadata(_ node: ManifestNode, into result: inout DecodedManifest) -> [KeyValue] {
        guard let entries = mapping(node, path: "metadata") else {
            return []
        }
        let found = fields(of: entries, context: "in metadata", allowed: Fields.metadata)
        if let nameNode = required(1, of: found, in: entries, field: "name", context: "in metadata", parent: node),
            let name = string(nameNode, path: "metadata.name")
        {
            result.name = name
            result.nameLocation = nameNode.location
            if let problem = ValidationRules.channelNameProblem(name) {
                report(nameNode, "metadata.name \(problem)")
            }
        }
        guard let labels = found[0] else {
            return []
        }
        return sortedKeyValues(stringPairs(entries[labels].value, path: "metadata.labels"))
    }

    // MARK: spec

    private struct Spec {
        var description: String?
        var consumers: [Consumer] = []
        var permissions: [Permission] = []
        var tags: [KeyValue] = []
        var protect = false
    }

    private mutating func decodeSpec(_ node: ManifestNode, into result: inout DecodedManifest) -> Spec {
        var spec = Spec()
        guard let entries = mapping(node, path: "spec") else {
            return spec
        }
        let found = fields(of: entries, context: "in spec", allowed: Fields.spec)
        if let consumers = required(0, of: found, in: entries, field: "consumers", context: "in spec", parent: node) {
            spec.consumers = decodeConsumers(consumers)
            result.consumers = spec.consumers
        }
        if let index = found[1], let text = string(entries[index].value, path: "spec.description") {
            spec.description = text
            if let problem = ValidationRules.descriptionProblem(text) {
                report(entries[index].value, "spec.description \(problem)")
            }
        }
        if let permissions = required(2, of: found, in: entries, field: "permissions", context: "in spec", parent: node)
        {
            spec.permissions = decodePermissions(permissions)
        }
        if let index = found[3] {
            spec.protect = boolean(entries[index].value, path: "spec.protect") ?? false
        }
        if let index = found[4] {
            spec.tags = decodeTags(entries[index].value)
        }
        return spec
    }

    /// Decodes `spec.consumers`, returning every consumer whose name could be read (valid or
    /// not), so that repository-wide uniqueness can be checked even for a failing channel.
    private mutating func decodeConsumers(_ node: ManifestNode) -> [Consumer] {
        guard let items = list(node, path: "spec.consumers") else {
            return []
        }
        if items.isEmpty {
            report(node, "spec.consumers is empty; a channel needs at least one consumer")
        }
        var consumers: [Consumer] = []
        consumers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if case .scalar(let text, _) = item.content, !item.isNull {
                report(
                    item,
                    "spec.consumers[\(index)] must be a mapping, found \(item.foundDescription); "
                        + "write '- name: \(text)'"
                )
                continue
            }
            guard let entries = mapping(item, path: "spec.consumers[\(index)]") else {
                continue
            }
            let found = fields(of: entries, context: "in spec.consumers[\(index)]", allowed: Fields.consumer)
            var accessKey: AccessKeyPolicy?
            if let keyIndex = found[0] {
                accessKey = decodeAccessKey(entries[keyIndex].value, path: "spec.consumers[\(index)].accessKey")
            }
            guard
                let nameNode = required(
                    1, of: found, in: entries, field: "name", context: "in spec.consumers[\(index)]", parent: item),
                let name = string(nameNode, path: "spec.consumers[\(index)].name")
            else {
                continue
            }
            if let problem = ValidationRules.userNameProblem(name) {
                report(nameNode, "spec.consumers[\(index)].name \(problem)")
            }
            consumers.append(Consumer(name: name, location: nameNode.location, accessKey: accessKey))
        }
        return consumers
    }

    private mutating func decodePermissions(_ node: ManifestNode) -> [Permission] {
        guard let items = list(node, path: "spec.permissions") else {
            return []
        }
        if items.isEmpty {
            report(node, "spec.permissions is empty; a channel needs at least one permission")
        }
        var permissions: [Permission] = []
        permissions.reserveCapacity(items.count)
        var sids: [String: SourceLocation] = [:]
        for (index, item) in items.enumerated() {
            guard let (permission, sidLocation) = decodePermission(item, index: index) else {
                continue
            }
            if let sid = permission.sid, let sidLocation {
                if let first = sids[sid] {
                    report(
                        sidLocation,
                        "spec.permissions[\(index)].sid '\(sid)' is already used at \(first); "
                            + "statement ids must be unique in a channel"
                    )
                } else {
                    sids[sid] = sidLocation
                }
            }
            permissions.append(permission)
        }
        return permissions
    }

    /// Decodes one permission, with where its sid is written (for the uniqueness check); nil
    /// when it has a problem.
    private mutating func decodePermission(_ node: ManifestNode, index: Int) -> (Permission, SourceLocation?)? {
        let path = { "spec.permissions[\(index)]" }
        guard let entries = mapping(node, path: path()) else {
            return nil
        }
        let before = diagnostics.count
        let found = fields(of: entries, context: "in \(path())", allowed: Fields.permission)
        var permission = Permission(actions: [], resources: [], location: node.location)
        if let actions = required(0, of: found, in: entries, field: "actions", context: "in \(path())", parent: node) {
            permission.actions = stringList(actions, path: path() + ".actions", noun: "action") {
                ValidationRules.actionProblem($0)
            }
        }
        if let conditions = found[1] {
            permission.conditions = decodeConditions(entries[conditions].value, path: path() + ".conditions")
        }
        if let effectIndex = found[2], let effect = string(entries[effectIndex].value, path: path() + ".effect") {
            if let problem = ValidationRules.effectProblem(effect) {
                report(entries[effectIndex].value, "\(path()).effect \(problem)")
            }
            permission.effect = Permission.Effect(rawValue: effect) ?? .allow
        }
        if let resources = required(
            3, of: found, in: entries, field: "resources", context: "in \(path())", parent: node)
        {
            permission.resources = stringList(resources, path: path() + ".resources", noun: "resource") {
                ValidationRules.resourceProblem($0)
            }
        }
        var sidLocation: SourceLocation?
        if let sidIndex = found[4], let sid = string(entries[sidIndex].value, path: path() + ".sid") {
            if let problem = ValidationRules.sidProblem(sid) {
                report(entries[sidIndex].value, "\(path()).sid \(problem)")
            }
            permission.sid = sid
            sidLocation = entries[sidIndex].value.location
        }
        return diagnostics.count == before ? (permission, sidLocation) : nil
    }

    // MARK: access keys

    /// Decodes a consumer's `accessKey` block; nil when it has a problem.
    private mutating func decodeAccessKey(_ node: ManifestNode, path: String) -> AccessKeyPolicy? {
        guard let entries = mapping(node, path: path) else {
            return nil
        }
        let before = diagnostics.count
        let found = fields(of: entries, context: "in \(path)", allowed: Fields.accessKey)
        var policy = AccessKeyPolicy()
        if let index = found[0] {
            policy.isEnabled = boolean(entries[index].value, path: path + ".enabled") ?? false
        }
        if let index = found[1] {
            policy.recipients = decodeRecipients(entries[index].value, path: path + ".recipients")
        }
        if let index = found[2] {
            policy.rotateAfterDays = dayCount(
                entries[index].value, path: path + ".rotateAfterDays", range: ValidationRules.rotateAfterDaysRange)
        }
        if let index = found[3],
            let days = dayCount(
                entries[index].value, path: path + ".rotationGraceDays", range: ValidationRules.rotationGraceDaysRange)
        {
            policy.rotationGraceDays = days
        }
        if let index = found[4] {
            policy.secretsManagerName = decodeSecretsManager(entries[index].value, path: path + ".secretsManager")
        }

        // Rules that tie fields together.
        if policy.isEnabled, policy.recipients.isEmpty, diagnostics.count == before {
            let need = "an enabled access key needs at least one age recipient to seal its secret for"
            if let index = found[1] {
                report(entries[index].value, "\(path).recipients is empty; \(need)")
            } else if !found.suggested.contains("recipients") {
                report(node, "missing required field 'recipients' in \(path); \(need)")
            }
        }
        if let rotation = policy.rotateAfterDays, let rotationIndex = found[2],
            let problem = ValidationRules.gracePeriodProblem(
                graceDays: policy.rotationGraceDays, isDefault: found[3] == nil, rotateAfterDays: rotation)
        {
            report(entries[found[3] ?? rotationIndex].value, "\(path).rotationGraceDays \(problem)")
        }
        return diagnostics.count == before ? policy : nil
    }

    /// Reads `recipients`, a list of age recipients; a secret key given by mistake is never
    /// repeated in a message, not even in part.
    private mutating func decodeRecipients(_ node: ManifestNode, path: String) -> [String] {
        guard case .sequence(let items) = node.content else {
            if case .scalar(let text, _) = node.content, ValidationRules.isAgeSecretKey(text) {
                report(node, "\(path) must be a list of age recipients, found an age secret key; \(Self.secretKeyHint)")
            } else if case .scalar(let text, _) = node.content, !node.isNull {
                report(
                    node, "\(path) must be a list of age recipients, found \(node.foundDescription); write [\(text)]")
            } else {
                report(node, "\(path) must be a list of age recipients, found \(node.foundDescription)")
            }
            return []
        }
        guard tagFits(node, Self.sequenceTags, path: path) else {
            return []
        }
        var recipients: [String] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let text = string(item, path: "\(path)[\(index)]") else {
                continue
            }
            if let problem = ValidationRules.recipientProblem(text) {
                report(item, "\(path)[\(index)] \(problem)")
            } else if let first = seen[text] {
                report(item, "\(path)[\(index)] repeats \(path)[\(first)]; give each recipient once")
            } else {
                seen[text] = index
            }
            recipients.append(text)
        }
        return recipients
    }

    private static let secretKeyHint =
        "give the public key (age-keygen -y prints it), and make a new identity, since this one is now exposed"

    /// Reads `secretsManager`, a mapping with the secret's `name`.
    private mutating func decodeSecretsManager(_ node: ManifestNode, path: String) -> String? {
        guard let entries = mapping(node, path: path) else {
            return nil
        }
        let found = fields(of: entries, context: "in \(path)", allowed: Fields.secretsManager)
        guard let nameNode = required(0, of: found, in: entries, field: "name", context: "in \(path)", parent: node),
            let name = string(nameNode, path: path + ".name")
        else {
            return nil
        }
        if let problem = ValidationRules.secretNameProblem(name) {
            report(nameNode, "\(path).name \(problem)")
        }
        return name
    }

    /// Reads a whole number of days in decimal, with an optional sign, and checks its range.
    private mutating func dayCount(_ node: ManifestNode, path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let text, let style) = node.content, !node.isNull else {
            report(node, "\(path) must be a whole number of days, found \(node.foundDescription)")
            return nil
        }
        guard tagFits(node, Self.integerTags, path: path) else {
            return nil
        }
        if style != .plain {
            report(
                node, "\(path) must be a whole number of days, found the quoted string '\(text)'; remove the quotes")
            return nil
        }
        var digits = Substring(text)
        var sign = 1
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy(ValidationRules.isDigit) else {
            report(node, "\(path) must be a whole number of days, found \(node.foundDescription)")
            return nil
        }
        // More digits than any valid count are out of range; they need not fit in an Int.
        let value = digits.count > 9 ? nil : Int(digits).map { $0 * sign }
        if let problem = ValidationRules.dayCountProblem(value, written: text, range: range) {
            report(node, "\(path) \(problem)")
            return nil
        }
        return value
    }

    // MARK: conditions

    private mutating func decodeConditions(_ node: ManifestNode, path: @autoclosure () -> String)
        -> [ConditionOperator]
    {
        guard let entries = mapping(node, path: path(), expected: "a mapping of condition operators") else {
            return []
        }
        var operators: [ConditionOperator] = []
        operators.reserveCapacity(entries.count)
        for entry in entries {
            guard let name = keyText(entry.key) else {
                continue
            }
            if let problem = ValidationRules.conditionOperatorProblem(name) {
                report(entry.key, "\(path()) \(problem)")
            }
            guard
                let clauses = mapping(
                    entry.value, path: "\(path()).\(name)", expected: "a mapping of condition keys to values")
            else {
                continue
            }
            var result = ConditionOperator(name: name, clauses: [])
            result.clauses.reserveCapacity(clauses.count)
            for clause in clauses {
                if let decoded = decodeClause(clause, path: "\(path()).\(name)") {
                    result.clauses.append(decoded)
                }
            }
            operators.append(result)
        }
        return operators
    }

    private mutating func decodeClause(_ entry: ManifestNode.Entry, path: @autoclosure () -> String)
        -> ConditionOperator.Clause?
    {
        guard let key = keyText(entry.key) else {
            return nil
        }
        if key.isEmpty {
            report(entry.key, "\(path()) has an empty condition key; write a key such as aws:RequestedRegion")
            return nil
        }
        let expected = "a string or a list of strings"
        switch entry.value.content {
        case .scalar:
            return conditionValue(entry.value, path: "\(path()).\(key)", expected: expected).map {
                ConditionOperator.Clause(key: key, values: [$0], isList: false)
            }
        case .sequence(let items):
            guard tagFits(entry.value, Self.sequenceTags, path: "\(path()).\(key)") else {
                return nil
            }
            if items.isEmpty {
                report(entry.value, "\(path()).\(key) has no values; give at least one")
                return nil
            }
            var values: [String] = []
            values.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                if let value = conditionValue(item, path: "\(path()).\(key)[\(index)]", expected: "a string") {
                    values.append(value)
                }
            }
            return values.count == items.count ? ConditionOperator.Clause(key: key, values: values, isList: true) : nil
        case .mapping:
            report(entry.value, "\(path()).\(key) must be \(expected), found a mapping")
            return nil
        }
    }

    private mutating func conditionValue(_ node: ManifestNode, path: @autoclosure () -> String, expected: String)
        -> String?
    {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            report(node, "\(path()) must be \(expected), found \(node.foundDescription)")
            return nil
        }
        return tagFits(node, Self.stringTags, path: path()) ? text : nil
    }

    // MARK: tags and labels

    private mutating func decodeTags(_ node: ManifestNode) -> [KeyValue] {
        let pairs = stringPairs(node, path: "spec.tags")
        if let problem = ValidationRules.tagCountProblem(pairs.count) {
            report(node, "spec.tags \(problem)")
        }
        var seen: [String: (key: String, location: SourceLocation)] = [:]
        for pair in pairs {
            if let problem = ValidationRules.tagKeyProblem(pair.key) {
                report(pair.keyLocation, "spec.tags \(problem)")
            }
            if let problem = ValidationRules.tagValueProblem(pair.value) {
                report(pair.valueLocation, "spec.tags.\(pair.key) \(problem)")
            }
            let folded = ValidationRules.foldedCase(pair.key)
            if let first = seen[folded] {
                report(
                    pair.keyLocation,
                    "spec.tags key '\(pair.key)' differs from '\(first.key)' at \(first.location) only in case; "
                        + "IAM compares tag keys without case, so keep one of them"
                )
            } else {
                seen[folded] = (pair.key, pair.keyLocation)
            }
        }
        return sortedKeyValues(pairs)
    }

    private struct LocatedPair {
        var key: String
        var value: String
        var keyLocation: SourceLocation
        var valueLocation: SourceLocation
    }

    private mutating func stringPairs(_ node: ManifestNode, path: String) -> [LocatedPair] {
        guard let entries = mapping(node, path: path, expected: "a mapping of strings to strings") else {
            return []
        }
        var pairs: [LocatedPair] = []
        pairs.reserveCapacity(entries.count)
        for entry in entries {
            guard let key = keyText(entry.key), let value = string(entry.value, path: "\(path).\(key)") else {
                continue
            }
            pairs.append(
                LocatedPair(
                    key: key, value: value, keyLocation: entry.key.location, valueLocation: entry.value.location)
            )
        }
        return pairs
    }

    private func sortedKeyValues(_ pairs: [LocatedPair]) -> [KeyValue] {
        pairs.map { KeyValue($0.key, $0.value) }.sorted { $0.key < $1.key }
    }

    // MARK: typed values

    /// Finds the allowed fields of a mapping by name, reporting unknown fields with the nearest
    /// allowed name and fields written twice.
    private mutating func fields(
        of entries: [ManifestNode.Entry],
        context: @autoclosure () -> String,
        allowed: [String]
    ) -> Slots {
        var slots = Slots()
        for index in entries.indices {
            guard let key = keyText(entries[index].key) else {
                continue
            }
            guard let slot = allowed.firstIndex(of: key) else {
                let suggestion = key == "<<" ? nil : Suggestion.nearest(to: key, in: allowed)
                report(entries[index].key, unknownFieldMessage(key, suggestion, context: context(), allowed: allowed))
                if let suggestion {
                    slots.suggested.append(suggestion)
                }
                continue
            }
            if let first = slots[slot] {
                diagnostics.append(
                    .duplicateKey(key, at: entries[index].key.location, first: entries[first].key.location))
                continue
            }
            slots[slot] = index
        }
        return slots
    }

    private func unknownFieldMessage(_ key: String, _ suggestion: String?, context: String, allowed: [String])
        -> String
    {
        let list = allowed.joined(separator: ", ")
        if key == "<<" {
            return "unknown field '<<' \(context); YAML merge keys are not supported, so write the fields out. "
                + "allowed: \(list)"
        }
        if let suggestion {
            return "unknown field '\(key)' \(context); did you mean '\(suggestion)'? allowed: \(list)"
        }
        return "unknown field '\(key)' \(context); allowed: \(list)"
    }

    /// The text of a mapping key; keys are strings, so any other kind or tag is reported.
    private mutating func keyText(_ key: ManifestNode) -> String? {
        guard let text = key.scalarText else {
            diagnostics.append(.nonStringKey(found: key.foundDescription, at: key.location))
            return nil
        }
        return tagFits(key, Self.stringTags, path: "the key '\(text)'") ? text : nil
    }

    /// The value of a required field, or nil after reporting it missing from `parent` (unless an
    /// unknown key was already reported as its misspelling).
    private mutating func required(
        _ slot: Int,
        of found: Slots,
        in entries: [ManifestNode.Entry],
        field: String,
        context: @autoclosure () -> String,
        parent: ManifestNode
    ) -> ManifestNode? {
        guard let index = found[slot] else {
            if !found.suggested.contains(field) {
                report(parent, "missing required field '\(field)' \(context())")
            }
            return nil
        }
        return entries[index].value
    }

    private mutating func mapping(
        _ node: ManifestNode,
        path: @autoclosure () -> String,
        expected: String = "a mapping"
    ) -> [ManifestNode.Entry]? {
        guard case .mapping(let entries) = node.content else {
            report(node, "\(path()) must be \(expected), found \(node.foundDescription)")
            return nil
        }
        return tagFits(node, Self.mappingTags, path: path()) ? entries : nil
    }

    private mutating func list(_ node: ManifestNode, path: @autoclosure () -> String) -> [ManifestNode]? {
        guard case .sequence(let items) = node.content else {
            report(node, "\(path()) must be a list, found \(node.foundDescription)")
            return nil
        }
        return tagFits(node, Self.sequenceTags, path: path()) ? items : nil
    }

    private mutating func string(_ node: ManifestNode, path: @autoclosure () -> String) -> String? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            report(node, "\(path()) must be a string, found \(node.foundDescription)")
            return nil
        }
        return tagFits(node, Self.stringTags, path: path()) ? text : nil
    }

    /// Reads a list of strings that should not be empty, checking each with `problem`.
    private mutating func stringList(
        _ node: ManifestNode,
        path: @autoclosure () -> String,
        noun: String,
        problem: (String) -> String?
    ) -> [String] {
        guard case .sequence(let items) = node.content else {
            var message = "\(path()) must be a list of strings, found \(node.foundDescription)"
            if case .scalar(let text, _) = node.content, !node.isNull {
                message += "; write [\(text)]"
            }
            report(node, message)
            return []
        }
        guard tagFits(node, Self.sequenceTags, path: path()) else {
            return []
        }
        if items.isEmpty {
            report(node, "\(path()) is empty; a permission needs at least one \(noun)")
        }
        var values: [String] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let text = string(item, path: "\(path())[\(index)]") else {
                continue
            }
            if let message = problem(text) {
                report(item, "\(path())[\(index)] \(message)")
            }
            values.append(text)
        }
        return values
    }

    /// Reads a boolean, which is exactly `true` or `false`; YAML 1.1's other spellings get a hint.
    private mutating func boolean(_ node: ManifestNode, path: String) -> Bool? {
        guard case .scalar(let text, let style) = node.content, !node.isNull else {
            report(node, "\(path) must be true or false, found \(node.foundDescription)")
            return nil
        }
        guard tagFits(node, Self.booleanTags, path: path) else {
            return nil
        }
        if style != .plain {
            report(node, "\(path) must be true or false, found the quoted string '\(text)'; remove the quotes")
            return nil
        }
        switch text {
        case "true":
            return true
        case "false":
            return false
        default:
            break
        }
        let message = "\(path) must be true or false, found \(node.foundDescription)"
        let lowered = text.lowercased()
        switch lowered {
        case "true", "yes", "y", "on":
            report(node, message + "; write true" + (lowered == "true" ? "" : Self.yaml11Note))
        case "false", "no", "n", "off":
            report(node, message + "; write false" + (lowered == "false" ? "" : Self.yaml11Note))
        default:
            report(node, message)
        }
        return nil
    }

    /// Whether the node's explicit tag, if any, is one of `allowed`; reports it when not.
    private mutating func tagFits(_ node: ManifestNode, _ allowed: [String], path: @autoclosure () -> String) -> Bool {
        guard let tag = node.tag, !allowed.contains(tag) else {
            return true
        }
        report(node, "\(path()) has the unsupported tag '\(tag)'; remove it (allowed here: \(allowed[0]))")
        return false
    }

    private mutating func report(_ node: ManifestNode, _ message: String) {
        diagnostics.append(Diagnostic(node.location, message))
    }

    private mutating func report(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }
}
