import Testing

@testable import ChannelCore

/// A drift with one channel in each phase, a retained user, a note and an apply failure.
private func sampleReport(apiCalls: Int? = 4) -> DriftReport {
    let channels = [
        Sample.channel(
            "alpha",
            consumers: ["alpha-app"],
            actions: ["lex:PostText", "lex:PostContent"],
            tags: [KeyValue("team", "cx")]
        ),
        Sample.channel("beta", consumers: ["beta-app"]),
        Sample.channel("gamma", consumers: ["gamma-app"], description: "Gamma bot"),
    ]
    let desired = Sample.desired(channels)
    var live = Sample.converged(desired, policyTagsKnown: true)
    live.policies["channelops-gamma"]?.description = nil
    live.users["gamma-app"]?.inlinePolicyNames = ["debug"]
    live.policies["channelops-alpha"]?.document = Sample.document(["lex:PostText", "lex:DeleteBot", "lex:PostContent"])
    live.users["alpha-app"]?.attachedPolicyARNs.append(Sample.adminARN)
    live.users["alpha-app"]?.tags.removeAll { $0.key == "team" }
    live.users["beta-app"] = Sample.unmanagedUser("beta-app")
    live.users["old-app"] = Sample.managedUser("old-app", channel: "old")
    live.users["gone-app"] = Sample.managedUser("gone-app", channel: "gone")
    live.users["gone-app"]?.groupNames = ["admins"]
    let options = DriftOptions(protectedChannels: ["old"], invalidChannels: ["delta"])
    let drift = Drift(desired: desired, live: live, options: options)
    let failures = ["gamma": "DeleteUserPolicy user=gamma-app policy=debug failed: AccessDenied"]
    return DriftReport(drift: drift, failures: failures, apiCalls: apiCalls)
}

@Suite("Drift report")
struct DriftReportTests {
    @Test("text groups channels that are not in sync, with markers, a unified diff and a summary")
    func text() {
        let expected = """
            alpha: Drifted
              ~ user alpha-app tags
                  + team=cx
              ~ policy channelops-alpha document
                  --- live
                  +++ desired
                  @@ -5,7 +5,6 @@
                         "Effect": "Allow",
                         "Action": [
                           "lex:PostText",
                  -        "lex:DeleteBot",
                           "lex:PostContent"
                         ],
                         "Resource": [
              - detach arn:aws:iam::aws:policy/AdministratorAccess from user alpha-app
            beta: Conflict
              ! user 'beta-app' exists but is not managed by channelops instance 'default' (no tag channelops:managed-by=default); rename what the manifest declares, or delete the user or tag it to adopt it
            delta: Invalid
              ! the manifest is invalid; its resources are left as they are
            gamma: Failed
              ! DeleteUserPolicy user=gamma-app policy=debug failed: AccessDenied
              - inline policy debug of user gamma-app
              note: policy 'channelops-gamma' has the description (none), not 'Gamma bot'; IAM cannot change a policy's description, so it is kept
            gone: Drifted
              - user gone-app
                  also removes: attached arn:aws:iam::123456789012:policy/channelops/channelops-gone, group admins
            retained:
              user old-app (channel old): protect: true
            5 channels: 2 Drifted, 1 Failed, 1 Invalid, 1 Conflict; 5 changes; 1 retained; 4 API calls
            """
        #expect(sampleReport().text() == expected + "\n")
    }

    @Test("markdown has a table of the channels not in sync and a collapsed diff for each")
    func markdown() {
        let expected = """
            ### channelops: instance `default`

            | Channel | Phase | Changes | Problem |
            |---|---|---:|---|
            | `alpha` | Drifted | 3 |  |
            | `beta` | Conflict | 0 | user 'beta-app' exists but is not managed by channelops instance 'default' (no tag channelops:managed-by=default); rename what the manifest declares, or delete the user or tag it to adopt it |
            | `delta` | Invalid | 0 | invalid manifest |
            | `gamma` | Failed | 1 | DeleteUserPolicy user=gamma-app policy=debug failed: AccessDenied |
            | `gone` | Drifted | 1 |  |

            <details><summary><code>alpha</code>: 3 changes</summary>

            ```diff
            ~ user alpha-app tags
            + team=cx
            ~ policy channelops-alpha document
            --- live
            +++ desired
            @@ -5,7 +5,6 @@
                   "Effect": "Allow",
                   "Action": [
                     "lex:PostText",
            -        "lex:DeleteBot",
                     "lex:PostContent"
                   ],
                   "Resource": [
            - detach arn:aws:iam::aws:policy/AdministratorAccess from user alpha-app
            ```

            </details>

            <details><summary><code>gamma</code>: 1 change</summary>

            ```diff
            - inline policy debug of user gamma-app
              note: policy 'channelops-gamma' has the description (none), not 'Gamma bot'; IAM cannot change a policy's description, so it is kept
            ```

            </details>

            <details><summary><code>gone</code>: 1 change</summary>

            ```diff
            - user gone-app
              also removes: attached arn:aws:iam::123456789012:policy/channelops/channelops-gone, group admins
            ```

            </details>

            **Retained**

            | Resource | Channel | Reason |
            |---|---|---|
            | user `old-app` | `old` | protect: true |

            _5 channels: 2 Drifted, 1 Failed, 1 Invalid, 1 Conflict; 5 changes; 1 retained; 4 API calls_
            """
        #expect(sampleReport().markdown() == expected + "\n")
    }

    @Test("a channel in sync that has a note is shown with it in text and markdown")
    func inSyncNotes() {
        let desired = Sample.desired([Sample.channel("epsilon", consumers: ["epsilon-app"], description: "Bot")])
        var live = Sample.converged(desired, policyTagsKnown: true)
        live.policies["channelops-epsilon"]?.description = nil
        let report = DriftReport(drift: Drift(desired: desired, live: live))
        let note =
            "note: policy 'channelops-epsilon' has the description (none), not 'Bot'; IAM cannot change a "
            + "policy's description, so it is kept"
        #expect(
            report.text() == """
                epsilon: InSync
                  \(note)
                1 channel: 1 InSync; 0 changes; 0 retained

                """)
        #expect(
            report.markdown() == """
                ### channelops: instance `default`

                | Channel | Phase | Changes | Problem |
                |---|---|---:|---|
                | `epsilon` | InSync | 0 |  |

                <details><summary><code>epsilon</code>: 1 note</summary>

                ```diff
                  \(note)
                ```

                </details>

                _1 channel: 1 InSync; 0 changes; 0 retained_

                """)
    }

    @Test("a new policy shows the document it grants, indented, in text and markdown")
    func createdPolicyDocument() {
        let desired = Sample.desired([Sample.channel("zeta", consumers: ["zeta-app"], description: "Zeta bot")])
        let report = DriftReport(drift: Drift(desired: desired, live: LiveState()))
        #expect(
            report.text() == """
                zeta: Drifted
                  + user zeta-app (path /channelops/)
                      tags: channelops:managed-by=default, channelops:channel=zeta
                  + policy channelops-zeta (path /channelops/)
                      tags: channelops:managed-by=default, channelops:channel=zeta
                      description: Zeta bot
                      document:
                        {
                          "Version": "2012-10-17",
                          "Statement": [
                            {
                              "Effect": "Allow",
                              "Action": [
                                "lex:PostText"
                              ],
                              "Resource": [
                                "*"
                              ]
                            }
                          ]
                        }
                  + attach channelops-zeta to user zeta-app
                1 channel: 1 Drifted; 3 changes; 0 retained

                """)
        let markdown = report.markdown().split(separator: "\n", omittingEmptySubsequences: false)
        let start = markdown.firstIndex(of: "+ policy channelops-zeta (path /channelops/)")
        #expect(
            markdown[(start ?? 0)...].prefix(8) == [
                "+ policy channelops-zeta (path /channelops/)",
                "  tags: channelops:managed-by=default, channelops:channel=zeta",
                "  description: Zeta bot",
                "  document:",
                "  {",
                "    \"Version\": \"2012-10-17\",",
                "    \"Statement\": [",
                "      {",
            ])
    }

    @Test("json follows the documented schema, with per-action members")
    func json() {
        let desired = Sample.desired([Sample.channel("alpha", consumers: ["alpha-app"], description: "Alpha bot")])
        var live = LiveState(
            users: [Sample.managedUser("gone-app", channel: "gone")],
            policies: [Sample.managedPolicy(channel: "gone")]
        )
        live.users["kept-app"] = Sample.managedUser("kept-app", channel: "kept")
        let drift = Drift(desired: desired, live: live, options: DriftOptions(protectedChannels: ["kept"]))
        let expected = """
            {
              "schemaVersion": 1,
              "instance": "default",
              "summary": {
                "channels": 2,
                "inSync": 0,
                "drifted": 2,
                "failed": 0,
                "invalid": 0,
                "conflict": 0,
                "changes": 5,
                "retained": 1
              },
              "apiCalls": null,
              "notices": [],
              "channels": [
                {
                  "name": "alpha",
                  "phase": "Drifted",
                  "changes": [
                    {
                      "action": "createUser",
                      "marker": "+",
                      "summary": "user alpha-app (path /channelops/)",
                      "user": "alpha-app",
                      "path": "/channelops/",
                      "tags": {
                        "channelops:managed-by": "default",
                        "channelops:channel": "alpha"
                      }
                    },
                    {
                      "action": "createPolicy",
                      "marker": "+",
                      "summary": "policy channelops-alpha (path /channelops/)",
                      "policy": "channelops-alpha",
                      "path": "/channelops/",
                      "description": "Alpha bot",
                      "tags": {
                        "channelops:managed-by": "default",
                        "channelops:channel": "alpha"
                      },
                      "document": {
                        "Version": "2012-10-17",
                        "Statement": [
                          {
                            "Effect": "Allow",
                            "Action": [
                              "lex:PostText"
                            ],
                            "Resource": [
                              "*"
                            ]
                          }
                        ]
                      }
                    },
                    {
                      "action": "attachPolicy",
                      "marker": "+",
                      "summary": "attach channelops-alpha to user alpha-app",
                      "user": "alpha-app",
                      "policy": "channelops-alpha",
                      "policyArn": null
                    }
                  ],
                  "conflicts": [],
                  "notes": [],
                  "error": null,
                  "accessKeys": []
                },
                {
                  "name": "gone",
                  "phase": "Drifted",
                  "changes": [
                    {
                      "action": "deletePolicy",
                      "marker": "-",
                      "summary": "policy channelops-gone",
                      "policy": "channelops-gone",
                      "policyArn": "arn:aws:iam::123456789012:policy/channelops/channelops-gone",
                      "detachFrom": [
                        "gone-app"
                      ],
                      "versions": [
                        "v1"
                      ]
                    },
                    {
                      "action": "deleteUser",
                      "marker": "-",
                      "summary": "user gone-app",
                      "user": "gone-app",
                      "arn": "arn:aws:iam::123456789012:user/channelops/gone-app",
                      "attachedPolicies": [
                        "arn:aws:iam::123456789012:policy/channelops/channelops-gone"
                      ],
                      "inlinePolicies": [],
                      "groups": [],
                      "accessKeys": []
                    }
                  ],
                  "conflicts": [],
                  "notes": [],
                  "error": null,
                  "accessKeys": []
                }
              ],
              "retained": [
                {
                  "channel": "kept",
                  "kind": "user",
                  "name": "kept-app",
                  "arn": "arn:aws:iam::123456789012:user/channelops/kept-app",
                  "reason": "protected"
                }
              ]
            }
            """
        #expect(DriftReport(drift: drift).json() == expected + "\n")
    }

    @Test("colour wraps markers, headers and diff lines in ANSI escapes only when asked")
    func colour() {
        let plain = sampleReport().text()
        let coloured = sampleReport().text(colour: true)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1malpha: Drifted\u{1B}[0m\n"))
        #expect(
            coloured.contains(
                "  \u{1B}[31m- detach arn:aws:iam::aws:policy/AdministratorAccess from user alpha-app\u{1B}[0m\n"))
        #expect(coloured.contains("      \u{1B}[32m+ team=cx\u{1B}[0m\n"))
        #expect(coloured.contains("      \u{1B}[36m@@ -5,7 +5,6 @@\u{1B}[0m\n"))
        let stripped = coloured.replacing(/\x{1B}\[[0-9]+m/, with: "")
        #expect(stripped == plain)
    }

    @Test("a report with everything in sync says so in one line per format")
    func inSync() {
        let desired = Sample.desired(Base.channels)
        let drift = Drift(desired: desired, live: Sample.converged(desired, policyTagsKnown: true))
        let report = DriftReport(drift: drift, apiCalls: 1)
        #expect(report.text() == "2 channels: 2 InSync; 0 changes; 0 retained; 1 API call\n")
        #expect(
            report.markdown() == """
                ### channelops: instance `default`

                All 2 channels are in sync.

                _2 channels: 2 InSync; 0 changes; 0 retained; 1 API call_

                """
        )
    }

    @Test("notices and an unnamed channel are printed in every format")
    func noticesAndUnnamedChannel() {
        var stray = Sample.managedUser("stray", channel: "")
        stray.tags.removeAll { $0.key == Rendering.channelTagKey }
        let drift = Drift(
            desired: DesiredState(instance: "default"),
            live: LiveState(users: [stray]),
            options: DriftOptions(unreadableFiles: ["b.yaml", "a.yaml"])
        )
        let report = DriftReport(drift: drift)
        #expect(
            report.text() == """
                retained:
                  user stray (no channel tag): a manifest file could not be read
                notice: 2 manifest files could not be read (a.yaml, b.yaml), so nothing is deleted in this run
                0 channels; 0 changes; 1 retained

                """
        )
        #expect(report.markdown().contains("> 2 manifest files could not be read (a.yaml, b.yaml)"))
        #expect(report.json().contains(#""reason": "manifestsUnreadable""#))
    }
}
