#!/usr/bin/env bash
# Issue 14: a whole archive sealed for a recipient, in the same run as the plain seal:
#   seal --encrypt-archive-to   vs  seal (zip), of the 1 GiB case (goal: at most 1.3 x, peak RSS < 64 MiB)
#   verify ARCHIVE.p7m --key    vs  verify ARCHIVE.zip              (goal: at most 1.3 x)
# Usage: Benchmarks/envelope.sh BIN    (run Benchmarks/ingest.sh once first to make the input)
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
input=$bench/input-1g
runs=${BENCH_RUNS:-3}
[ -f "$bench/input-1g.complete" ] || { echo "run Benchmarks/ingest.sh first to make $input" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
work=$(mktemp -d "$bench/env.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SANAD_PASSPHRASE=bench

"$bin" init "$work/ws" --plaintext --case-id BENCH-1 --org Bench -q > /dev/null
"$bin" add --workspace "$work/ws" "$input" --collected-by Bench -q > /dev/null
"$bin" key new --out "$work/k" --name Bench --org Bench -q >/dev/null
"$bin" key new --out "$work/judge" --name Judge --org Court -q >/dev/null
mapfile -d '' payload < <(find "$work/ws/objects" -type f -print0 | sort -z)

warm() { cat "${payload[@]}" > /dev/null; for f in "$@"; do [ -f "$f" ] && cat "$f" > /dev/null; done; sync; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1; }
seal=("$bin" seal --workspace "$work/ws" --key "$work/k.key" --cert "$work/k.crt" --time 2026-01-01T00:00:00Z -q)

declare -a t_seal t_eseal t_verify t_everify rss_seal rss_eseal rss_verify rss_everify
for r in $(seq "$runs"); do
  rm -f "$work/a.zip" "$work/a.zip.p7m"
  warm
  timed "$work/t" "${seal[@]}" --out "$work/a.zip"; t_seal+=("$(cut -d' ' -f1 "$work/t")"); rss_seal+=("$(cut -d' ' -f2 "$work/t")")
  warm
  timed "$work/t" "${seal[@]}" --out "$work/a.zip.p7m" --encrypt-archive-to "$work/judge.crt"
  t_eseal+=("$(cut -d' ' -f1 "$work/t")"); rss_eseal+=("$(cut -d' ' -f2 "$work/t")")
  warm "$work/a.zip"
  timed "$work/t" "$bin" verify "$work/a.zip" -q; t_verify+=("$(cut -d' ' -f1 "$work/t")"); rss_verify+=("$(cut -d' ' -f2 "$work/t")")
  warm "$work/a.zip.p7m"
  timed "$work/t" "$bin" verify "$work/a.zip.p7m" --key "$work/judge.key" --cert "$work/judge.crt" -q
  t_everify+=("$(cut -d' ' -f1 "$work/t")"); rss_everify+=("$(cut -d' ' -f2 "$work/t")")
done
med() { printf '%s\n' "$@" | median; }
top() { printf '%s\n' "$@" | sort -n | tail -1; }
s=$(med "${t_seal[@]}"); es=$(med "${t_eseal[@]}"); v=$(med "${t_verify[@]}"); ev=$(med "${t_everify[@]}")
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
mib() { python3 -c "print(f'{$1/1024:.1f}')"; }
cat <<MD
### A whole archive in an envelope: 1 GiB case (2 × 449.5 MiB + 1,000 × 128 KiB)

- Command: \`Benchmarks/envelope.sh $1\` (median of $runs runs; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -r)
- Sanad $("$bin" --version); OpenSSL $(openssl version | cut -d' ' -f2)

| Contender | Wall (median) | All runs (s) | Peak RSS |
|---|---:|---|---:|
| \`sanad seal\` (zip) | ${s} s | ${t_seal[*]} | $(mib "$(top "${rss_seal[@]}")") MiB |
| **\`sanad seal --encrypt-archive-to\`** | **${es} s** | ${t_eseal[*]} | $(mib "$(top "${rss_eseal[@]}")") MiB |
| \`sanad verify\` of the zip | ${v} s | ${t_verify[*]} | $(mib "$(top "${rss_verify[@]}")") MiB |
| **\`sanad verify --key\`** of the envelope | **${ev} s** | ${t_everify[*]} | $(mib "$(top "${rss_everify[@]}")") MiB |

- Sealed in an envelope: **$(ratio "$es" "$s") ×** the plain seal (goal ≤ 1.3 ×, peak RSS < 64 MiB).
- Verified from the envelope: **$(ratio "$ev" "$v") ×** the plain verify (goal ≤ 1.3 ×).
MD
