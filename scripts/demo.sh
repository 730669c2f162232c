#!/usr/bin/env bash
# Sets up the machine, builds channelops in release mode and runs it on the sample config
# repository: validate the manifests, then render the IAM resources they declare.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build -c release --product channelops
channelops=.build/release/channelops

echo "== channelops validate --path samples/config-repo/channels"
$channelops validate --path samples/config-repo/channels

echo "== channelops render --path samples/config-repo/channels --format yaml"
$channelops render --path samples/config-repo/channels --format yaml
