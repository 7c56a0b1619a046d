#!/usr/bin/env bash
# Replays every saved fuzz finding in Tests/Regressions (X.bin with its note X.json) through a
# release build of sanad-fuzz, each under a time limit: a quadratic slowdown can show only with
# optimisation (a debug build keeps copies alive differently), so XCTest alone cannot pin it.
#   scripts/replay-regressions.sh .build/release/sanad-fuzz [SECONDS]
set -euo pipefail
fuzz=$1
limit=${2:-5}
cd "$(dirname "$0")/.."
shopt -s nullglob
count=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for input in Tests/Regressions/*.bin; do
    count=$((count + 1))
    rc=0
    timeout "$limit" "$fuzz" --replay "$input" >/dev/null 2>"$log" || rc=$?
    if [ "$rc" -ne 0 ]; then
        tail -c 2000 "$log" >&2
        if [ "$rc" -eq 124 ]; then echo "regression: $input took over $limit s" >&2; else echo "regression: $input failed (exit $rc)" >&2; fi
        exit 1
    fi
done
echo "replayed $count saved finding(s) in Tests/Regressions: every property holds, none over ${limit} s"
