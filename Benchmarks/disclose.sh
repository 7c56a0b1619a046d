#!/usr/bin/env bash
# Issue 15's benchmark, on the 1,000,000-message WhatsApp export of Benchmarks/timeline.sh:
#   seal with commitments against seal --no-commitments, interleaved  (goal: ≤ 1.25 ×)
#   disclose of 100 consecutive messages from the committed archive     (goal: under 1 s)
#   verify of that excerpt                                               (goal: under 100 ms)
# and, for the record, verify of the whole archive with and without commitments.
# Usage: Benchmarks/disclose.sh BIN    (BENCH_RUNS, default 5; BENCH_DIR, default bench-work)
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
runs=${BENCH_RUNS:-5}
wa=$bench/whatsapp-1m.txt
mkdir -p "$bench"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
[ -f "$wa" ] || python3 "$root/Benchmarks/gen_chats.py" whatsapp 1000000 "$wa"
work=$(mktemp -d "$bench/disclose.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SANAD_PASSPHRASE="benchmark key passphrase"
"$bin" init "$work/ws" --plaintext --case-id B --org B -q >/dev/null
"$bin" add --workspace "$work/ws" "$wa" --collected-by Bench --timezone Asia/Baghdad -q >/dev/null
"$bin" key new --out "$work/k" --name Bench --org Bench -q >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1; }
seal() { rm -f "$work/$1.zip"; timed "$work/t" "$bin" seal --workspace "$work/ws" --key "$work/k.key" --cert "$work/k.crt" \
  --out "$work/$1.zip" --time 2026-01-01T00:00:00Z -q "${@:2}"; }
declare -a sw so rw ro dt dr vt vr fw fo
for r in $(seq "$runs"); do
  cat "$wa" > /dev/null
  seal with; read -r s m < "$work/t"; sw+=("$s"); rw+=("$m")
  seal without --no-commitments; read -r s m < "$work/t"; so+=("$s"); ro+=("$m")
  rm -f "$work/x.zip"
  timed "$work/t" "$bin" disclose "$work/with.zip" --events E0001:500000-500099 --out "$work/x.zip" -q
  read -r s m < "$work/t"; dt+=("$s"); dr+=("$m")
  timed "$work/t" "$bin" verify "$work/x.zip" -q; read -r s m < "$work/t"; vt+=("$s"); vr+=("$m")
  timed "$work/t" "$bin" verify "$work/with.zip" -q; read -r s _ < "$work/t"; fw+=("$s")
  timed "$work/t" "$bin" verify "$work/without.zip" -q; read -r s _ < "$work/t"; fo+=("$s")
done
"$bin" verify "$work/x.zip" -q > /dev/null || { echo "error: the excerpt does not verify" >&2; exit 1; }
python3 "$root/Tools/verify_excerpt.py" "$work/x.zip" > /dev/null || { echo "error: verify_excerpt.py disagrees" >&2; exit 1; }
m() { printf '%s\n' "$@" | median; }
x() { python3 -c "print(f'{$1/$2:.2f}')"; }
mx() { printf '%s\n' "$@" | sort -n | tail -1; }
pass() { python3 -c "print('PASS' if $1 <= $2 else 'FAIL')"; }
swm=$(m "${sw[@]}"); som=$(m "${so[@]}"); dtm=$(m "${dt[@]}"); vtm=$(m "${vt[@]}"); fwm=$(m "${fw[@]}"); fom=$(m "${fo[@]}")
cat <<REPORT
### Selective disclosure (issue 15): seal, disclose and verify on 1M messages

- Command: \`Benchmarks/disclose.sh ${1:-.build/release/sanad}\` (median of $runs runs; interleaved; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPU(s), $(lscpu | awk -F: '/Model name/ {sub(/^[ \t]+/, "", $2); print $2; exit}'), Linux $(uname -r)
- Sanad: $("$bin" --version) (source tree $(git -C "$root" describe --always --dirty))
- Input: the 1,000,000-message WhatsApp export of Benchmarks/timeline.sh ($(stat -c %s "$wa") bytes), one workspace; the excerpt: events 500000–500099

| Command | Median | Against | Ratio / goal | Peak RSS | All runs (s) |
|---|---:|---:|---|---:|---|
| \`seal\` (commitments) vs \`seal --no-commitments\` | ${swm} s | ${som} s | **$(x "$swm" "$som") ×**; ≤ 1.25 ×: **$(pass "$(x "$swm" "$som")" 1.25)** | $(( $(mx "${rw[@]}") / 1024 )) / $(( $(mx "${ro[@]}") / 1024 )) MiB | ${sw[*]}; ${so[*]} |
| \`disclose\` 100 messages | ${dtm} s | | < 1 s: **$(pass "$dtm" 0.999)** | $(( $(mx "${dr[@]}") / 1024 )) MiB | ${dt[*]} |
| \`verify\` of the excerpt | ${vtm} s | | < 0.1 s: **$(pass "$vtm" 0.099)** | $(( $(mx "${vr[@]}") / 1024 )) MiB | ${vt[*]} |
| \`verify\` of the archive, commitments recomputed vs none | ${fwm} s | ${fom} s | $(x "$fwm" "$fom") × (no goal) | | ${fw[*]}; ${fo[*]} |
REPORT
