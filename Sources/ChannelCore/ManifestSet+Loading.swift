/// Decodes and validates the manifests of a whole repository, reporting every problem at once.
///
/// Each document is decoded on its own (see `ManifestDecoder`); then channel names and consumer
/// names must be unique across the repository, compared without case as IAM compares user and
/// policy names, and no two consumers may name the same Secrets Manager secret (compared with
/// case, as Secrets Manager compares names). Every occurrence of a duplicate is reported,
/// naming the other places, and every channel involved becomes invalid. Empty documents (such as
/// a trailing `---`) are skipped. The function is pure and safe to call from any thread.
public func loadManifests(_ files: [ManifestFile]) -> ManifestSet {
    loadManifests(decoded: files.map(decodeManifestFile))
}

/// A manifest file whose documents were each decoded on their own, before the repository-wide
/// checks; see `decodeManifestFile(_:)`.
package struct DecodedManifestFile: Sendable {
    package var path: String
    /// Set when the file could not be read as YAML at all.
    package var unreadable: Diagnostic?
    package var manifests: [DecodedManifest]
}

/// Decodes every document of one file; the part of loading that can run for files in parallel.
package func decodeManifestFile(_ file: ManifestFile) -> DecodedManifestFile {
    switch file.contents {
    case .unreadable(let diagnostic):
        return DecodedManifestFile(path: file.path, unreadable: diagnostic, manifests: [])
    case .documents(let documents):
        let manifests = documents.filter { $0.root != nil || !$0.diagnostics.isEmpty }.map(ManifestDecoder.decode)
        return DecodedManifestFile(path: file.path, unreadable: nil, manifests: manifests)
    }
}

/// Completes loading from files decoded with `decodeManifestFile(_:)`, in the files' order.
package func loadManifests(decoded files: [DecodedManifestFile]) -> ManifestSet {
    var decoded: [DecodedManifest] = []
    var diagnostics: [Diagnostic] = []
    var unreadableFiles: [String] = []
    for file in files {
        if let diagnostic = file.unreadable {
            diagnostics.append(diagnostic)
            unreadableFiles.append(file.path)
        }
        decoded += file.manifests
    }

    // Repository-wide uniqueness; a clash makes every channel involved invalid.
    var isInvalid = decoded.map { $0.channel == nil }
    for clash in channelNameClashes(decoded) + consumerNameClashes(decoded) + secretNameClashes(decoded) {
        diagnostics.append(clash.diagnostic)
        isInvalid[clash.manifest] = true
    }

    var set = ManifestSet(unreadableFiles: unreadableFiles.sorted())
    for (index, manifest) in decoded.enumerated() {
        diagnostics += manifest.diagnostics
        if let channel = manifest.channel, !isInvalid[index] {
            set.channels.append(channel)
        } else if let name = manifest.name {
            set.invalidChannelNames.insert(name)
        }
    }
    set.channels.sort { ($0.name, $0.location) < ($1.name, $1.location) }
    set.diagnostics = diagnostics.sorted()
    return set
}

/// Decodes and validates the manifests of a repository whose files were all read.
public func loadManifests(_ files: [(file: String, documents: [ManifestDocument])]) -> ManifestSet {
    loadManifests(files.map { ManifestFile(path: $0.file, documents: $0.documents) })
}

/// A repository-wide duplicate found at one place, and the manifest it makes invalid.
private struct Clash {
    var manifest: Int
    var diagnostic: Diagnostic
}

/// One named thing (a channel or a consumer) that must be unique in the repository.
private struct Occurrence {
    var manifest: Int
    var name: String
    var location: SourceLocation
    /// For a consumer, the name of its channel when it could be read.
    var channel: String?

    /// How the other places name this one: `a.yaml:3:9`, with the channel's name for a consumer.
    var reference: String {
        channel.map { "\(location) (channel '\($0)')" } ?? "\(location)"
    }
}

private func channelNameClashes(_ decoded: [DecodedManifest]) -> [Clash] {
    var occurrences: [Occurrence] = []
    occurrences.reserveCapacity(decoded.count)
    for (index, manifest) in decoded.enumerated() {
        if let name = manifest.name, let location = manifest.nameLocation {
            occurrences.append(Occurrence(manifest: index, name: name, location: location))
        }
    }
    return clashes(in: occurrences) { occurrence, others in
        "channel name '\(occurrence.name)' is also used at \(others); "
            + "channel names must be unique in the repository, compared without case"
    }
}

private func consumerNameClashes(_ decoded: [DecodedManifest]) -> [Clash] {
    var occurrences: [Occurrence] = []
    occurrences.reserveCapacity(decoded.count * 2)
    for (index, manifest) in decoded.enumerated() {
        for consumer in manifest.consumers {
            occurrences.append(
                Occurrence(manifest: index, name: consumer.name, location: consumer.location, channel: manifest.name)
            )
        }
    }
    return clashes(in: occurrences) { occurrence, others in
        "consumer name '\(occurrence.name)' is also used at \(others); "
            + "IAM user names must be unique in the repository, compared without case"
    }
}

/// Secrets named by `accessKey.secretsManager`, each written at its consumer's place: one
/// secret holds one consumer's key, so two consumers writing it would overwrite each other.
private func secretNameClashes(_ decoded: [DecodedManifest]) -> [Clash] {
    var occurrences: [Occurrence] = []
    for (index, manifest) in decoded.enumerated() {
        for consumer in manifest.consumers {
            guard let secret = consumer.accessKey?.secretsManagerName else { continue }
            occurrences.append(
                Occurrence(manifest: index, name: secret, location: consumer.location, channel: manifest.name))
        }
    }
    return clashes(in: occurrences, ignoringCase: false) { occurrence, others in
        "Secrets Manager secret '\(occurrence.name)' is also named by the consumer at \(others); "
            + "each secret holds one consumer's access key"
    }
}

/// Finds names used more than once, compared without case unless `ignoringCase` is false, and
/// reports each place with the others it clashes with, in source order.
private func clashes(
    in occurrences: [Occurrence], ignoringCase: Bool = true, message: (Occurrence, String) -> String
) -> [Clash] {
    var first: [String: Int] = [:]
    first.reserveCapacity(occurrences.count)
    var groups: [Int: [Int]] = [:]
    for (index, occurrence) in occurrences.enumerated() {
        let key = ignoringCase ? ValidationRules.foldedCase(occurrence.name) : occurrence.name
        if let firstIndex = first[key] {
            groups[firstIndex, default: [firstIndex]].append(index)
        } else {
            first[key] = index
        }
    }
    var result: [Clash] = []
    for group in groups.values {
        let sorted = group.sorted { occurrences[$0].location < occurrences[$1].location }
        for index in sorted {
            let others = sorted.filter { $0 != index }.map { occurrences[$0].reference }.joined(separator: ", ")
            let occurrence = occurrences[index]
            result.append(
                Clash(
                    manifest: occurrence.manifest,
                    diagnostic: Diagnostic(occurrence.location, message(occurrence, others))))
        }
    }
    return result
}
