#!/usr/bin/env bash
# Issue 16's benchmark: the court report of a case with 10,000 events and 1,000 exhibits
# (goal: under 5 s, peak RSS under 200 MiB), against `sanad verify` of the same archive, the
# check every report runs first, in the same run. Two reports: the case's report as `report`
# writes it by default (every exhibit, the custody chain, no messages), and the same with every
# one of the 10,000 events in the transcript (--events), the demanding reading of the goal.
#   exhibit E0001: a WhatsApp export of 10,000 messages (Benchmarks/gen_chats.py: Latin and
#   Arabic text, multi-line messages, emoji); E0002–E1000: 999 small text files.
#   report: `sanad report ARCHIVE --events E0001:1-10000` (Arabic and English, every message).
# Usage: Benchmarks/report.sh BIN    (BENCH_RUNS, default 5; BENCH_DIR, default bench-work)
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
runs=${BENCH_RUNS:-5}
mkdir -p "$bench"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
work=$(mktemp -d "$bench/report.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SANAD_PASSPHRASE="benchmark key passphrase"
python3 "$root/Benchmarks/gen_chats.py" whatsapp 10000 "$work/WhatsApp Chat with Sara.txt"
mkdir "$work/notes"
python3 - "$work/notes" <<'PY'
import sys
for i in range(999):
    open(f"{sys.argv[1]}/note-{i:04d}.txt", "w").write(f"note {i}\n")
PY
"$bin" init "$work/ws" --plaintext --case-id BENCH-16 --org "Example NGO" -q >/dev/null
"$bin" add --workspace "$work/ws" "$work/WhatsApp Chat with Sara.txt" --collected-by Noor --timezone Asia/Baghdad -q >/dev/null
"$bin" add --workspace "$work/ws" "$work/notes" --collected-by Noor -q >/dev/null
"$bin" key new --out "$work/k" --name Bench --org Bench -q >/dev/null
"$bin" seal --workspace "$work/ws" --key "$work/k.key" --cert "$work/k.crt" --out "$work/s.zip" \
  --time 2026-01-01T00:00:00Z -q >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1; }
declare -a rt rr vt dt dr
for r in $(seq "$runs"); do
  cat "$work/s.zip" > /dev/null
  rm -f "$work/r.pdf" "$work/d.pdf"
  timed "$work/t" "$bin" report "$work/s.zip" --events E0001:1-10000 --out "$work/r.pdf" -q
  read -r s m < "$work/t"; rt+=("$s"); rr+=("$m")
  timed "$work/t" "$bin" verify "$work/s.zip" -q; read -r s _ < "$work/t"; vt+=("$s")
  timed "$work/t" "$bin" report "$work/s.zip" --out "$work/d.pdf" -q
  read -r s m < "$work/t"; dt+=("$s"); dr+=("$m")
done
dpages=$(pdfinfo "$work/d.pdf" | awk '/^Pages:/ {print $2}')
pages=$(pdfinfo "$work/r.pdf" | awk '/^Pages:/ {print $2}')
messages=$(pdftotext "$work/r.pdf" - | grep -o '#[0-9]* · ' | sort -u | wc -l)
[ "$messages" -eq 10000 ] || { echo "error: the report shows $messages messages, not 10000" >&2; exit 1; }
m() { printf '%s\n' "$@" | median; }
x() { python3 -c "print(f'{$1/$2:.1f}')"; }
mx() { printf '%s\n' "$@" | sort -n | tail -1; }
pass() { python3 -c "print('PASS' if $1 <= $2 else 'FAIL')"; }
rtm=$(m "${rt[@]}"); vtm=$(m "${vt[@]}"); peak=$(( $(mx "${rr[@]}") / 1024 ))
dtm=$(m "${dt[@]}"); dpeak=$(( $(mx "${dr[@]}") / 1024 ))
cat <<REPORT
### Court report (issue 16): 10,000 events and 1,000 exhibits

- Command: \`Benchmarks/report.sh ${1:-.build/release/sanad}\` (median of $runs runs; interleaved with the peer; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPU(s), $(lscpu | awk -F: '/Model name/ {sub(/^[ \t]+/, "", $2); print $2; exit}'), Linux $(uname -r)
- Sanad: $("$bin" --version) (source tree $(git -C "$root" describe --always --dirty)); cairo $(pkg-config --modversion cairo 2>/dev/null || echo '?'), pango $(pkg-config --modversion pango 2>/dev/null || echo '?')
- Input: 1,000 exhibits (a 10,000-message WhatsApp export and 999 small files), sealed; reports in Arabic and English: by default $dpages pages, with every message $pages pages

| Command | Median | Peer: \`sanad verify\` | Ratio | Goal | Peak RSS | All runs (s) |
|---|---:|---:|---:|---|---:|---|
| \`report\` (every exhibit, no messages) | ${dtm} s | ${vtm} s | $(x "$dtm" "$vtm") × | < 5 s: **$(pass "$dtm" 4.999)**; < 200 MiB: **$(pass "$dpeak" 199)** | ${dpeak} MiB | ${dt[*]} |
| \`report --events E0001:1-10000\` (every message too) | ${rtm} s | ${vtm} s | $(x "$rtm" "$vtm") × | < 5 s: **$(pass "$rtm" 4.999)**; < 200 MiB: **$(pass "$peak" 199)** | ${peak} MiB | ${rt[*]} |
REPORT
