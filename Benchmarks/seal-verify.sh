#!/usr/bin/env bash
# Times `sanad seal` and `sanad verify` of a 1 GiB case (2 large + 1,000 small files, the input of
# ingest.sh) against the peers named in issue 3, in the same run:
#   seal   vs  openssl dgst -sha256 over the payload (one core)
#   verify vs  openssl dgst -sha256, and vs unzip + bagit.py --validate --processes 2 --sha256
# Usage: Benchmarks/seal-verify.sh BIN    (run Benchmarks/ingest.sh once first to make the input)
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
input=$bench/input-1g
runs=${BENCH_RUNS:-3}
[ -f "$bench/input-1g.complete" ] || { echo "run Benchmarks/ingest.sh first to make $input" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
python3 -c "import bagit" 2>/dev/null || python3 -m pip install -q bagit
work=$(mktemp -d "$bench/sv.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SANAD_PASSPHRASE=bench

"$bin" init "$work/ws" --plaintext --case-id BENCH-1 --org Bench -q > /dev/null
"$bin" add --workspace "$work/ws" "$input" --collected-by Bench -q > /dev/null
"$bin" key new --out "$work/k" --name Bench --org Bench -q >/dev/null
mapfile -d '' payload < <(find "$work/ws/objects" -type f -print0 | sort -z)

warm() { cat "${payload[@]}" > /dev/null; [ -f "$1" ] && cat "$1" > /dev/null || true; sync; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1; }

declare -a t_dgst t_seal t_verify t_bagit rss_seal rss_verify
for r in $(seq "$runs"); do
  warm ""
  timed "$work/t" openssl dgst -sha256 "${payload[@]}"; t_dgst+=("$(cut -d' ' -f1 "$work/t")")
  rm -f "$work/a.zip"
  timed "$work/t" "$bin" seal --workspace "$work/ws" --key "$work/k.key" --cert "$work/k.crt" --out "$work/a.zip" --time 2026-01-01T00:00:00Z -q
  t_seal+=("$(cut -d' ' -f1 "$work/t")"); rss_seal+=("$(cut -d' ' -f2 "$work/t")")
  warm "$work/a.zip"
  timed "$work/t" "$bin" verify "$work/a.zip" -q; t_verify+=("$(cut -d' ' -f1 "$work/t")"); rss_verify+=("$(cut -d' ' -f2 "$work/t")")
  rm -rf "$work/u"; warm "$work/a.zip"
  start=$(date +%s.%N)
  unzip -q "$work/a.zip" -d "$work/u"
  python3 -m bagit --validate --processes 2 --sha256 "$work/u/BENCH-1" 2>/dev/null
  t_bagit+=("$(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')")")
done
d=$(printf '%s\n' "${t_dgst[@]}" | median); s=$(printf '%s\n' "${t_seal[@]}" | median)
v=$(printf '%s\n' "${t_verify[@]}" | median); b=$(printf '%s\n' "${t_bagit[@]}" | median)
rs=$(printf '%s\n' "${rss_seal[@]}" | sort -n | tail -1); rv=$(printf '%s\n' "${rss_verify[@]}" | sort -n | tail -1)
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
cat <<MD
### Seal and verify: 1 GiB case (2 × 449.5 MiB + 1,000 × 128 KiB)

- Command: \`Benchmarks/seal-verify.sh $1\` (median of $runs runs; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -r)
- Sanad $("$bin" --version); OpenSSL $(openssl version | cut -d' ' -f2); bagit $(python3 -c 'import bagit; print(bagit.VERSION)' 2>/dev/null || echo '?')

| Contender | Wall (median) | All runs (s) |
|---|---:|---|
| \`openssl dgst -sha256\` over the payload | ${d} s | ${t_dgst[*]} |
| **\`sanad seal\`** (zip) | **${s} s** | ${t_seal[*]} |
| **\`sanad verify\`** | **${v} s** | ${t_verify[*]} |
| \`unzip\` + \`bagit.py --validate --processes 2 --sha256\` | ${b} s | ${t_bagit[*]} |

- seal / openssl: **$(ratio "$s" "$d") ×** (goal ≤ 1.3 ×)
- verify / openssl: **$(ratio "$v" "$d") ×** (goal ≤ 1.0 ×); verify / (unzip + bagit): **$(ratio "$v" "$b") ×** (goal ≤ 0.5 ×)
- Peak RSS: seal $((rs / 1024)) MiB, verify $((rv / 1024)) MiB (goal < 64 MiB)
MD
