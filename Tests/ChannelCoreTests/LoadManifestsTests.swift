import Testing

@testable import ChannelCore

/// Builds a file of manifests, each document on its own made-up lines.
private func file(_ path: String, _ manifests: Y...) -> ManifestFile {
    var maker = TreeMaker(file: path)
    return ManifestFile(path: path, documents: manifests.map { maker.document($0) })
}

@Suite("loading a repository's manifests")
struct LoadManifestsTests {
    @Test("valid channels come out sorted by name with no diagnostics")
    func valid() {
        let set = loadManifests([
            file("b.yaml", sampleManifest(name: "zeta", consumers: ["z"])),
            file(
                "a.yaml", sampleManifest(name: "alpha", consumers: ["a"]), sampleManifest(name: "mid", consumers: ["m"])
            ),
        ])
        #expect(set.channels.map(\.name) == ["alpha", "mid", "zeta"])
        #expect(set.diagnostics == [])
        #expect(set.invalidChannelNames == [])
        #expect(set.unreadableFiles == [])
        #expect(set.isValid)
    }

    @Test("no files and empty documents give an empty, valid set")
    func empty() {
        let emptyDocument = ManifestDocument(root: nil, location: SourceLocation(file: "e.yaml", line: 1, column: 1))
        #expect(loadManifests([ManifestFile]()) == ManifestSet())
        #expect(loadManifests([ManifestFile(path: "e.yaml", documents: [emptyDocument])]) == ManifestSet())
    }

    @Test("a channel name used twice, in any case, fails both channels and each names the other")
    func duplicateChannelNames() {
        let set = loadManifests([
            file("a.yaml", sampleManifest(name: "support-bot", consumers: ["one"])),
            file("b.yaml", sampleManifest(name: "Support-Bot", consumers: ["two"])),
            file("c.yaml", sampleManifest(name: "other", consumers: ["three"])),
        ])
        #expect(set.channels.map(\.name) == ["other"])
        #expect(set.invalidChannelNames == ["support-bot", "Support-Bot"])
        #expect(
            set.diagnostics.map(\.description) == [
                "a.yaml:9:1: error: channel name 'support-bot' is also used at b.yaml:9:1; "
                    + "channel names must be unique in the repository, compared without case",
                "b.yaml:9:1: error: channel name 'Support-Bot' is also used at a.yaml:9:1; "
                    + "channel names must be unique in the repository, compared without case",
                "b.yaml:9:1: error: metadata.name 'Support-Bot' contains 'S'; a channel name has 1 to 40 lower-case "
                    + "letters, digits and '-', starting and ending with a letter or digit",
            ])
    }

    @Test("a name used three times names the two other places at each")
    func threeTimes() {
        let set = loadManifests([
            file("a.yaml", sampleManifest(name: "x", consumers: ["1"]), sampleManifest(name: "x", consumers: ["2"])),
            file("b.yaml", sampleManifest(name: "x", consumers: ["3"])),
        ])
        #expect(set.channels == [])
        #expect(
            set.diagnostics.map(\.description) == [
                "a.yaml:9:1: error: channel name 'x' is also used at a.yaml:43:1, b.yaml:9:1; "
                    + "channel names must be unique in the repository, compared without case",
                "a.yaml:43:1: error: channel name 'x' is also used at a.yaml:9:1, b.yaml:9:1; "
                    + "channel names must be unique in the repository, compared without case",
                "b.yaml:9:1: error: channel name 'x' is also used at a.yaml:9:1, a.yaml:43:1; "
                    + "channel names must be unique in the repository, compared without case",
            ])
    }

    @Test("a consumer name used by two channels fails both, naming the other place and channel")
    func duplicateConsumers() {
        let set = loadManifests([
            file("a.yaml", sampleManifest(name: "alpha", consumers: ["web-widget"])),
            file("b.yaml", sampleManifest(name: "beta", consumers: ["Web-Widget"])),
            file("c.yaml", sampleManifest(name: "gamma", consumers: ["other"])),
        ])
        #expect(set.channels.map(\.name) == ["gamma"])
        #expect(set.invalidChannelNames == ["alpha", "beta"])
        #expect(
            set.diagnostics.map(\.description) == [
                "a.yaml:22:1: error: consumer name 'web-widget' is also used at b.yaml:22:1 (channel 'beta'); "
                    + "IAM user names must be unique in the repository, compared without case",
                "b.yaml:22:1: error: consumer name 'Web-Widget' is also used at a.yaml:22:1 (channel 'alpha'); "
                    + "IAM user names must be unique in the repository, compared without case",
            ])
    }

    @Test("a consumer listed twice in one channel is a duplicate too")
    func duplicateConsumerInOneChannel() {
        let set = loadManifests([file("a.yaml", sampleManifest(name: "alpha", consumers: ["web", "web"]))])
        #expect(set.channels == [])
        #expect(set.invalidChannelNames == ["alpha"])
        #expect(
            set.diagnostics.map(\.description) == [
                "a.yaml:22:1: error: consumer name 'web' is also used at a.yaml:25:1 (channel 'alpha'); "
                    + "IAM user names must be unique in the repository, compared without case",
                "a.yaml:25:1: error: consumer name 'web' is also used at a.yaml:22:1 (channel 'alpha'); "
                    + "IAM user names must be unique in the repository, compared without case",
            ])
    }

    @Test("an invalid channel is left out and frozen by name; one without a readable name is not named")
    func invalidChannels() {
        let set = loadManifests([
            file("a.yaml", sampleManifest(name: "good", consumers: ["g"])),
            file("b.yaml", sampleManifest(name: "bad", consumers: ["b"]).setting(["spec", "protect"], "yes")),
            file("c.yaml", sampleManifest(name: "x", consumers: ["c"]).setting("metadata", nil)),
        ])
        #expect(set.channels.map(\.name) == ["good"])
        #expect(set.invalidChannelNames == ["bad"])
        #expect(set.diagnostics.count == 2)
        #expect(!set.isValid)
    }

    @Test("an unreadable file is reported and listed, and the other files still load")
    func unreadable() {
        let failure = Diagnostic(SourceLocation(file: "z.yaml", line: 3, column: 7), "invalid YAML: broken")
        let other = Diagnostic(SourceLocation(file: "m.yaml", line: 1, column: 1), "invalid YAML: also broken")
        let set = loadManifests([
            ManifestFile(path: "z.yaml", contents: .unreadable(failure)),
            file("a.yaml", sampleManifest()),
            ManifestFile(path: "m.yaml", contents: .unreadable(other)),
        ])
        #expect(set.channels.map(\.name) == ["support-bot"])
        #expect(set.unreadableFiles == ["m.yaml", "z.yaml"])
        #expect(set.diagnostics == [other, failure])
        #expect(!set.isValid)
    }

    @Test("the list-of-tuples form gives the same result as ManifestFile")
    func tupleForm() {
        var maker = TreeMaker(file: "a.yaml")
        let documents = [maker.document(sampleManifest())]
        #expect(
            loadManifests([(file: "a.yaml", documents: documents)])
                == loadManifests([ManifestFile(path: "a.yaml", documents: documents)]))
    }
}
