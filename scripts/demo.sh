#!/usr/bin/env bash
# Sets up the machine, builds channelops in release mode and runs it on the sample config
# repository: validate the manifests, render the IAM resources they declare, then reconcile them against a local IAM emulator (moto)
# and print the report, then run drift to show the account in sync.
#
# The demo's emulator is its own (state in .build/demo-emulator), apart from the one the tests
# use, and is stopped on exit; the sample repository is copied into a temporary git checkout,
# since reconcile applies what is committed. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/setup.sh
swift build -c release --product channelops
channelops=$(pwd)/.build/release/channelops

echo "== channelops validate --path samples/config-repo/channels"
$channelops validate --path samples/config-repo/channels

echo
echo "== channelops render --path samples/config-repo/channels --format yaml"
$channelops render --path samples/config-repo/channels --format yaml

# Start the demo's emulator; stop it and remove the checkout however the script ends.
export CHANNELOPS_EMULATOR_STATE=$root/.build/demo-emulator
work=$(mktemp -d)
cleanup() {
    "$root/scripts/emulator.sh" stop
    rm -rf "$work"
}
trap cleanup EXIT
scripts/emulator.sh start
# shellcheck disable=SC1091
endpoint=$(. "$CHANNELOPS_EMULATOR_STATE/env" && echo "$CHANNELOPS_TEST_MOTO_URL")

# The sample config repository as a git checkout with an origin, as a pipeline would have it.
git init --quiet --bare --initial-branch=main "$work/origin.git"
git init --quiet --initial-branch=main "$work/config-repo"
cp -R samples/config-repo/. "$work/config-repo/"
git -C "$work/config-repo" remote add origin "$work/origin.git"
git -C "$work/config-repo" add --all
git -C "$work/config-repo" -c user.name=demo -c user.email=demo@channelops.invalid commit --quiet -m "sample channels"
git -C "$work/config-repo" push --quiet origin main

# moto's fixed fake keys: the emulator accepts any key; these reach nothing outside it.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
cd "$work/config-repo"

echo
echo "== channelops reconcile --once --endpoint-url $endpoint"
$channelops reconcile --once --endpoint-url "$endpoint" --log-level warning

echo
echo "== channelops drift --endpoint-url $endpoint"
status=0
$channelops drift --endpoint-url "$endpoint" --log-level warning || status=$?
echo "drift exit code: $status (0: in sync)"
exit "$status"
