#!/usr/bin/env python3
"""Writes N realistic channel manifests into a folder, for benchmarks.

Usage: generate-manifests.py FOLDER N

Each channel has one to three consumers, two permission statements (one with a condition), labels
and tags, like the samples. Names are unique across the whole set, as the manifest rules require.
"""
import os
import sys


def manifest(index: int) -> str:
    name = f"channel-{index:05d}"
    consumers = "\n".join(f"    - name: {name}-client-{c}" for c in range(1 + index % 3))
    return f"""apiVersion: channelops.io/v1
kind: Channel
metadata:
  name: {name}
  labels: {{team: team-{index % 40}, tier: "{index % 3}"}}
spec:
  description: Generated benchmark channel {index}
  consumers:
{consumers}
  permissions:
    - sid: Converse
      actions: [lex:RecognizeText, lex:RecognizeUtterance]
      resources:
        - arn:aws:lex:us-east-1:123456789012:bot-alias/BOT{index:05d}/ALIAS{index:05d}
    - sid: InvokeAgent
      effect: Allow
      actions: [bedrock:InvokeAgent]
      resources: ["arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT{index:05d}/*"]
      conditions:
        StringEquals: {{aws:RequestedRegion: us-east-1}}
  tags: {{cost-center: "{4000 + index % 900}", owner: team-{index % 40}}}
"""


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: generate-manifests.py FOLDER N")
    folder, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    for index in range(count):
        sub = os.path.join(folder, f"group-{index // 1000:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"channel-{index:05d}.yaml"), "w") as out:
            out.write(manifest(index))


if __name__ == "__main__":
    main()
