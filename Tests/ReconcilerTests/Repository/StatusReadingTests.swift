import ChannelCore
import Testing

@testable import Reconciler

/// Reading status files back, the time a run records, and the default cache folder.
struct StatusReadingTests {
    static let status = ChannelStatus(
        channel: "support-bot", instance: "default", observedCommit: "3f2c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
        phase: .failed, message: "quote \" and: colon | pipe\nnew line", lastReconciled: "2024-05-01T12:00:00Z",
        protect: true,
        users: [.init(name: "web+1@x", arn: "arn:aws:iam::123456789012:user/channelops/web+1@x")],
        policies: [.init(name: "channelops-support-bot", arn: "arn:aws:iam::123456789012:policy/p")],
        conditions: [
            StatusCondition(
                type: "Ready", status: .isFalse, reason: StatusReason.applyFailed, message: "no", revision: "abc"),
            StatusCondition(type: "Synced", status: .unknown, reason: "", message: "", revision: ""),
        ])

    @Test("a status file reads back to the status written")
    func roundTrip() throws {
        let reading = StatusReading(files: ["support-bot.yaml": Array(Self.status.yamlText().utf8)])
        #expect(reading.problems == [])
        #expect(reading.statuses["support-bot"] == Self.status)
        #expect(reading.protectedWhenLastApplied == ["support-bot"])
    }

    @Test(
        "an unreadable status file is named with its problem and protects its channel",
        arguments: [
            (
                "phase: [\n",
                "status/x.yaml:2:1: invalid YAML: did not find expected node content (while parsing a flow node "
                    + "started at line 2, column 1)"
            ),
            ("- a\n", "status/x.yaml:1:1: the status document must be a mapping, found a list"),
            ("channel: x\nobservedCommit: abc\n", "status/x.yaml:1:1: missing key 'phase'"),
            (
                "channel: x\nobservedCommit: abc\nphase: Fine\n",
                "status/x.yaml:3:8: unknown phase 'Fine'; expected one of InSync, Drifted, Failed, Invalid"
            ),
            (
                "channel: x\nobservedCommit: abc\nphase: InSync\nprotect: maybe\n",
                "status/x.yaml:4:10: 'protect' must be true or false, found 'maybe'"
            ),
            (
                "channel: y\nobservedCommit: abc\nphase: InSync\n",
                "status/x.yaml:1:1: the file names channel 'y'"
            ),
            ("", "status/x.yaml:1:1: expected one YAML document, found 0"),
        ])
    func unreadable(text: String, problem: String) {
        let reading = StatusReading(files: ["x.yaml": Array(text.utf8), "REPORT.md": Array("# x\n".utf8)])
        #expect(reading.problems == [problem])
        #expect(reading.statuses.isEmpty)
        #expect(reading.protectedWhenLastApplied == ["x"])
    }

    @Test("CHANNELOPS_NOW fixes the recorded time; a bad value is refused with a hint")
    func recordedTime() throws {
        let fixed = try RecordedTime(environment: ["CHANNELOPS_NOW": "2024-05-01T14:00:00+02:00"])
        #expect(fixed.fixed.map(RecordedTime.rfc3339) == "2024-05-01T12:00:00Z")
        #expect(try RecordedTime(environment: ["CHANNELOPS_NOW": ""]).fixed == nil)
        #expect(try RecordedTime(environment: [:]).fixed == nil)
        #expect(throws: RecordedTimeError(value: "yesterday")) {
            try RecordedTime(environment: ["CHANNELOPS_NOW": "yesterday"])
        }
        #expect(
            RecordedTimeError(value: "yesterday").description
                == "CHANNELOPS_NOW 'yesterday' is not an RFC 3339 time; write it like 2024-05-01T12:00:00Z, or unset it"
        )
    }

    @Test("the default cache folder is below XDG_CACHE_HOME or HOME, and never holds a credential")
    func cacheFolder() {
        let remote = "https://user:s3cret@git.example.com/team/config.git"
        let folder = CacheFolder.defaultFolder(for: remote, environment: ["XDG_CACHE_HOME": "/cache"])
        #expect(folder?.hasPrefix("/cache/channelops/repos/config-") == true)
        #expect(folder?.contains("s3cret") == false)
        #expect(
            folder
                == CacheFolder.defaultFolder(
                    for: "https://git.example.com/team/config.git",
                    environment: ["XDG_CACHE_HOME": "/cache"]))
        #expect(
            CacheFolder.defaultFolder(for: "/srv/a/config.git", environment: ["HOME": "/home/me"])?
                .hasPrefix("/home/me/.cache/channelops/repos/config-") == true)
        #expect(
            CacheFolder.defaultFolder(for: "/srv/a/config.git", environment: ["HOME": "/h"])
                != CacheFolder.defaultFolder(for: "/srv/b/config.git", environment: ["HOME": "/h"]))
        #expect(CacheFolder.defaultFolder(for: "/srv/a", environment: [:]) == nil)
        #expect(
            SourceError.noCacheFolder.description
                == "no folder for the repository cache: set XDG_CACHE_HOME or HOME, or pass --cache-dir DIR")
    }
}
