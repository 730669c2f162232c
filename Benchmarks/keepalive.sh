#!/usr/bin/env bash
# Measures 1,000 (or COUNT) sequential GetUser calls through the emulator's HTTPS front (nginx,
# keep-alive on) with the libcurl transport reusing its connection, then opening a new connection
# (TCP and TLS handshake) for every call, and prints both figures. moto's own server closes every
# connection, so only the nginx front can show the difference. Starts the emulator when it is not
# running and stops it again afterwards.
# Usage: Benchmarks/keepalive.sh [COUNT]   (default 1000)
# The tests build in debug mode; the figures are dominated by the network and the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}

started=no
if [ ! -f .build/emulator/env ] || ! scripts/emulator.sh status | grep -q "nginx: running"; then
    scripts/emulator.sh start
    started=yes
fi
if [ "$started" = yes ]; then
    trap 'scripts/emulator.sh stop' EXIT
fi
set -a
# shellcheck disable=SC1091
. .build/emulator/env
set +a

mkdir -p Benchmarks/out
swift build --build-tests >&2
CHANNELOPS_BENCHMARK_CALLS=$count swift test --skip-build --filter KeepAliveBenchmark 2>&1 \
    | tee Benchmarks/out/keepalive.log >/dev/null || {
    echo "keepalive: the benchmark failed; see Benchmarks/out/keepalive.log" >&2
    exit 1
}
grep '^keepalive:' Benchmarks/out/keepalive.log | sed 's/^keepalive: //'
