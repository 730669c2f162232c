import Testing

@testable import ChannelCore

@Suite("Line diff")
struct LineDiffTests {
    @Test("equal texts have no hunks and print nothing")
    func equalTexts() {
        let diff = LineDiff(old: ["a", "b"], new: ["a", "b"])
        #expect(!diff.hasChanges)
        #expect(diff.unified(oldName: "old", newName: "new") == [])
    }

    @Test("a changed line prints as removal then addition with context")
    func changedLine() {
        let diff = LineDiff(old: ["a", "b", "c"], new: ["a", "x", "c"])
        #expect(
            diff.unified(oldName: "live", newName: "desired") == [
                "--- live", "+++ desired", "@@ -1,3 +1,3 @@", " a", "-b", "+x", " c",
            ])
    }

    @Test("an empty side and a single line use diff -u's counts of 0 and 1")
    func edgeCounts() {
        #expect(LineDiff(old: [], new: ["a", "b"]).hunks().map(\.header) == ["@@ -0,0 +1,2 @@"])
        #expect(LineDiff(old: ["a"], new: []).hunks().map(\.header) == ["@@ -1 +0,0 @@"])
    }

    @Test("distant changes make separate hunks with three lines of context, near ones share one")
    func hunks() {
        let old = (1...20).map(String.init)
        var new = old
        new[1] = "two"
        new[17] = "eighteen"
        let diff = LineDiff(old: old, new: new)
        #expect(diff.hunks().map(\.header) == ["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"])
        #expect(
            diff.unified(oldName: "a", newName: "b").suffix(7) == [
                " 15", " 16", " 17", "-18", "+eighteen", " 19", " 20",
            ]
        )
        #expect(diff.hunks(context: 8).map(\.header) == ["@@ -1,20 +1,20 @@"])
    }

    @Test("the script is minimal: a moved line costs one removal and one addition")
    func minimal() {
        let diff = LineDiff(old: ["a", "b", "c", "d"], new: ["b", "c", "d", "a"])
        #expect(diff.lines == [.removed("a"), .context("b"), .context("c"), .context("d"), .added("a")])
    }
}
