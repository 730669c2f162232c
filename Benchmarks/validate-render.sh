#!/usr/bin/env bash
# Measures `channelops validate` and `channelops render --format json` on generated manifests:
# wall time (hyperfine) and peak memory (GNU time's maximum resident set size).
# Usage: Benchmarks/validate-render.sh [COUNT]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
folder=Benchmarks/out/manifests-$count

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
swift build -c release --product channelops >&2
binary=.build/release/channelops
[ -d "$folder" ] || python3 Benchmarks/generate-manifests.py "$folder" "$count"

hyperfine --warmup 2 --runs 10 \
    "$binary validate --path $folder" \
    "$binary render --path $folder --format json >/dev/null"
for command in "validate --path $folder" "render --path $folder --format json"; do
    rss=$( { /usr/bin/time -f '%M' $binary $command >/dev/null; } 2>&1 | tail -n 1)
    echo "peak memory of '$command': $((rss / 1024)) MB"
done
