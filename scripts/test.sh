#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), starts the local IAM emulator and its TLS front, runs the
# whole test suite against them, and stops them again. Arguments are passed to `swift test`
# (for example `--filter IAMClientTests`).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build --build-tests

scripts/emulator.sh start
trap 'scripts/emulator.sh stop' EXIT
set -a
# shellcheck disable=SC1091
. .build/emulator/env
set +a

swift test --skip-build "$@"
