import Testing

@testable import ChannelCore

@Suite("suggestions for misspelt words")
struct SuggestionTests {
    @Test("edit distance counts insertions, deletions, substitutions and swaps as one edit each")
    func editDistance() {
        func distance(_ lhs: String, _ rhs: String) -> Int {
            Suggestion.editDistance(Array(lhs.utf8), Array(rhs.utf8))
        }
        #expect(distance("", "") == 0)
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "") == 3)
        #expect(distance("consumer", "consumers") == 1)
        #expect(distance("permisions", "permissions") == 1)
        #expect(distance("tgas", "tags") == 1)
        #expect(distance("kitten", "sitting") == 3)
    }

    @Test("the nearest candidate is suggested, compared without case")
    func nearest() {
        let fields = ["consumers", "description", "permissions", "protect", "tags"]
        #expect(Suggestion.nearest(to: "consumer", in: fields) == "consumers")
        #expect(Suggestion.nearest(to: "Consumers", in: fields) == "consumers")
        #expect(Suggestion.nearest(to: "tgas", in: fields) == "tags")
        #expect(Suggestion.nearest(to: "permisions", in: fields) == "permissions")
        #expect(Suggestion.nearest(to: "protected", in: fields) == "protect")
    }

    @Test("nothing is suggested when every candidate is too far away")
    func tooFar() {
        let fields = ["consumers", "description", "permissions", "protect", "tags"]
        #expect(Suggestion.nearest(to: "owner", in: fields) == nil)
        #expect(Suggestion.nearest(to: "", in: fields) == nil)
        #expect(Suggestion.nearest(to: "x", in: ["ab"]) == nil)
    }

    @Test("ties go to the candidate listed first")
    func ties() {
        #expect(Suggestion.nearest(to: "cat", in: ["bat", "hat"]) == "bat")
        #expect(Suggestion.nearest(to: "cat", in: ["hat", "bat"]) == "hat")
    }
}

@Suite("service catalog")
struct ServiceCatalogTests {
    @Test("the generated catalog holds every prefix of the source data, sorted and unique")
    func catalog() {
        #expect(ServiceCatalog.knownPrefixes.count == 445)
        #expect(ServiceCatalog.knownPrefixes == ServiceCatalog.knownPrefixes.sorted())
        #expect(Set(ServiceCatalog.knownPrefixes).count == ServiceCatalog.knownPrefixes.count)
    }

    @Test("prefixes the samples use are known", arguments: ["lex", "bedrock", "s3", "sts", "iam", "execute-api"])
    func known(_ prefix: String) {
        #expect(ServiceCatalog.contains(prefix))
    }

    @Test("lookups are exact and misspellings get the nearest prefix")
    func lookups() {
        #expect(!ServiceCatalog.contains("Lex"))
        #expect(!ServiceCatalog.contains("lexv2"))
        #expect(ServiceCatalog.suggestion(for: "lexx") == "lex")
        #expect(ServiceCatalog.suggestion(for: "bedrok") == "bedrock")
        #expect(ServiceCatalog.suggestion(for: "qqqqqqqqqq") == nil)
    }
}
