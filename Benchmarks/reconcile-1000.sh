#!/usr/bin/env bash
# Reconciles 1,000 generated channels against a fresh moto server and prints, for each step,
# the wall time and the IAM calls it made (the JSON report's apiCalls):
#   1. initial apply:        reconcile --once from an empty account;
#   2. no-op drift:          drift right after, nothing differs;
#   3. one channel changed:  one manifest gets another action, committed, then reconcile --once.
# It checks the call counts it can predict: the initial apply makes one write per rendered user,
# policy and attachment plus the two GetAccountAuthorizationDetails reads (before and after),
# and the no-op drift only the snapshot's pages (moto answers in one page).
# Usage: Benchmarks/reconcile-1000.sh [COUNT]   (default 1000)
# CHANNELOPS_VENV names the Python virtual environment holding moto (default: .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
venv=${CHANNELOPS_VENV:-.venv}
[ -x "$venv/bin/moto_server" ] || { echo "no moto_server in $venv; run scripts/setup.sh or set CHANNELOPS_VENV" >&2; exit 1; }

swift build -c release --product channelops >&2
binary=$(pwd)/.build/release/channelops
work=$(mktemp -d)
moto_pid=
cleanup() {
    if [ -n "$moto_pid" ]; then
        kill "$moto_pid" 2>/dev/null || true
        wait "$moto_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A fresh moto of its own, so nothing else is in the account.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
    sleep 0.2
done
endpoint=http://127.0.0.1:$port

# A config checkout holding the generated manifests, committed.
git init --quiet --bare --initial-branch=main "$work/origin.git"
git init --quiet --initial-branch=main "$work/repo"
git -C "$work/repo" remote add origin "$work/origin.git"
python3 Benchmarks/generate-manifests.py "$work/repo/channels" "$count"
commit() {
    git -C "$work/repo" add --all
    git -C "$work/repo" -c user.name=benchmark -c user.email=benchmark@channelops.invalid commit --quiet -m "$1"
}
commit "generated channels"
summary=$(cd "$work/repo" && "$binary" validate)
users=$(sed -E 's/.*\(([0-9]+) users?, ([0-9]+) attachments?\).*/\1/' <<<"$summary")
attachments=$(sed -E 's/.*\(([0-9]+) users?, ([0-9]+) attachments?\).*/\2/' <<<"$summary")

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1

# Runs channelops in the checkout; prints "seconds apiCalls retries exit".
run() {
    local start end status=0
    start=$(date +%s.%N)
    (cd "$work/repo" && "$binary" "$@" --endpoint-url "$endpoint" --format json --log-format json \
        >"$work/report.json" 2>"$work/log.jsonl") || status=$?
    end=$(date +%s.%N)
    python3 - "$start" "$end" "$status" "$work/report.json" "$work/log.jsonl" <<'PY'
import json, sys
start, end, status, report, log = sys.argv[1:]
calls = json.load(open(report))["apiCalls"]
retries = "?"
for line in open(log):
    if not line.startswith("{"):
        continue
    record = json.loads(line)
    if record.get("message") == "run finished":
        retries = record["retries"]
print(f"{float(end) - float(start):.2f} {calls} {retries} {status}")
PY
}

read -r apply_time apply_calls apply_retries apply_exit < <(run reconcile --once)
read -r drift_time drift_calls drift_retries drift_exit < <(run drift)
file=$(find "$work/repo/channels" -name 'channel-00007.yaml')
sed -i 's/actions: \[lex:RecognizeText, lex:RecognizeUtterance\]/actions: [lex:RecognizeText, lex:RecognizeUtterance, lex:PutSession]/' "$file"
commit "one channel changed"
read -r change_time change_calls change_retries change_exit < <(run reconcile --once)

writes=$((users + count + attachments))
printf '%s channels: %s users, %s policies, %s attachments\n' "$count" "$users" "$count" "$attachments"
printf '%-22s %9s %10s %8s %5s\n' step "wall (s)" "API calls" retries exit
printf '%-22s %9s %10s %8s %5s\n' "initial apply" "$apply_time" "$apply_calls" "$apply_retries" "$apply_exit"
printf '%-22s %9s %10s %8s %5s\n' "no-op drift" "$drift_time" "$drift_calls" "$drift_retries" "$drift_exit"
printf '%-22s %9s %10s %8s %5s\n' "one channel changed" "$change_time" "$change_calls" "$change_retries" "$change_exit"

failed=0
if [ "$apply_exit" != 0 ] || [ "$drift_exit" != 0 ] || [ "$change_exit" != 0 ]; then
    echo "unexpected exit code: apply $apply_exit, drift $drift_exit, change $change_exit (expected 0, 0, 0)" >&2
    failed=1
fi
if [ "$apply_retries" = 0 ] && [ "$apply_calls" != $((writes + 2)) ]; then
    echo "initial apply made $apply_calls calls; expected $writes writes + 2 snapshot reads" >&2
    failed=1
fi
if [ "$drift_retries" = 0 ] && [ "$drift_calls" != 1 ]; then
    echo "no-op drift made $drift_calls calls; expected the single snapshot page" >&2
    failed=1
fi
exit $failed
