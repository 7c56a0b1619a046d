#!/usr/bin/env bash
# Times `sanad verify` of a sealed zip with 100,000 entries (49,995 small files, their item
# records, and the tag and signature files) against `unzip -t` on the same file, in the same run
# (issue 10: verify must take under 2 × unzip -t). Prints a Markdown block for
# docs/BENCHMARKS.md.
#
#   Benchmarks/verify-entries.sh BIN        e.g. Benchmarks/verify-entries.sh .build/release/sanad
#
# Environment: BENCH_DIR (default <repo>/bench-work, gitignored), BENCH_RUNS (default 3).
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
runs=${BENCH_RUNS:-3}
files=49995
input=$bench/input-100k-entries
sealed=$bench/sealed-100k-entries.zip
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
export SANAD_PASSPHRASE=bench

log() { echo "[bench] $*" >&2; }
if [[ ! -f $sealed ]]; then
    log "making $files small files and sealing them (once; cached in $bench)"
    rm -rf "$input" "$bench/ws-100k" "$bench/k-100k".*
    mkdir -p "$input"
    python3 - "$input" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"msg-{i:05d}.txt"), "w") as f:
        f.write(f"message {i}: {'x' * (i % 200)}\n")
PY
    "$bin" init "$bench/ws-100k" --plaintext --case-id BENCH-100K --org Bench -q >/dev/null
    "$bin" add --workspace "$bench/ws-100k" "$input" --collected-by Bench -q >/dev/null
    "$bin" key new --out "$bench/k-100k" --name Bench --org Bench -q >/dev/null
    "$bin" seal --workspace "$bench/ws-100k" --key "$bench/k-100k.key" --cert "$bench/k-100k.crt" --out "$sealed" \
        --time 2026-01-01T00:00:00Z -q >/dev/null
fi
entries=$(unzip -Z1 "$sealed" | wc -l)
cat "$sealed" > /dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a t_unzip t_verify rss
for r in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o "$bench/t" unzip -tqq "$sealed" >/dev/null; t_unzip+=("$(cat "$bench/t")")
    /usr/bin/time -f "%e %M" -o "$bench/t" "$bin" verify "$sealed" -q >/dev/null || true
    t_verify+=("$(cut -d' ' -f1 "$bench/t")"); rss+=("$(cut -d' ' -f2 "$bench/t")")
done
u=$(printf '%s\n' "${t_unzip[@]}" | median); v=$(printf '%s\n' "${t_verify[@]}" | median)
m=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
cat <<MD
### Verify: a zip of $entries entries

- Command: \`Benchmarks/verify-entries.sh $1\` (median of $runs runs; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -r)
- Sanad $("$bin" --version); $(unzip -v | head -1 | cut -d, -f1); archive $(stat -c %s "$sealed") bytes

| Contender | Wall (median) | All runs (s) |
|---|---:|---|
| \`unzip -t\` | ${u} s | ${t_unzip[*]} |
| **\`sanad verify\`** | **${v} s** | ${t_verify[*]} |

- verify / unzip -t: **$(python3 -c "print(f'{$v/$u:.2f}')") ×** (goal < 2 ×); peak RSS $((m / 1024)) MiB
MD
