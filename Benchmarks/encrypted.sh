#!/usr/bin/env bash
# Issue 13's benchmark: what encryption at rest costs, in one run, on the inputs of the other
# benchmarks, an encrypted workspace against a plaintext one holding the same evidence:
#   timeline --format jsonl of the 1,000,000-message WhatsApp export (goal: ≤ 1.15 × plaintext)
#   seal of the 1 GiB case (2 large + 1,000 small files)               (goal: ≤ 1.15 × plaintext)
# The encrypted workspace is unlocked once beforehand (`sanad unlock`, not timed), as a person
# works; the `add` of 1 GiB into an encrypted workspace is timed by Benchmarks/ingest.sh.
# Usage: Benchmarks/encrypted.sh BIN    (BENCH_RUNS, default 3; BENCH_DIR, default bench-work;
#        run Benchmarks/ingest.sh once first for the 1 GiB input)
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
runs=${BENCH_RUNS:-3}
input=$bench/input-1g
wa=$bench/whatsapp-1m.txt
[ -f "$bench/input-1g.complete" ] || { echo "run Benchmarks/ingest.sh first to make $input" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
[ -f "$wa" ] || python3 "$root/Benchmarks/gen_chats.py" whatsapp 1000000 "$wa"
work=$(mktemp -d "$bench/enc.XXXXXX")
trap 'for w in e-tl e-seal; do "$bin" lock --workspace "$work/$w" -q 2>/dev/null || true; done; chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SANAD_PASSPHRASE="benchmark key passphrase"
export SANAD_WORKSPACE_PASSPHRASE="benchmark passphrase, four long words"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1; }
keyring=held
mk() {  # mk DIR plaintext|encrypted INPUT: a workspace holding INPUT (not timed)
  if [ "$2" = plaintext ]; then "$bin" init "$1" --plaintext --case-id B --org B -q >/dev/null
  else
    "$bin" init "$1" --case-id B --org B -q >/dev/null
    "$bin" unlock --workspace "$1" --json | grep -Eq '"held": *true' || keyring="not available (each command ran scrypt, about 1 s)"
  fi
  "$bin" add --workspace "$1" "$3" --collected-by Bench --timezone Asia/Baghdad -q >/dev/null
}
mk "$work/p-tl" plaintext "$wa"; mk "$work/e-tl" encrypted "$wa"
mk "$work/p-seal" plaintext "$input"; mk "$work/e-seal" encrypted "$input"
"$bin" key new --out "$work/k" --name Bench --org Bench -q >/dev/null

declare -a tp te sp se rtp rte rsp rse
for r in $(seq "$runs"); do
  for kind in p e; do
    cat "$wa" > /dev/null; find "$work/$kind-tl" -type f -exec cat {} + > /dev/null
    timed "$work/t" "$bin" timeline --workspace "$work/$kind-tl" --format jsonl -q
    read -r s m < "$work/t"
    if [ $kind = p ]; then tp+=("$s"); rtp+=("$m"); else te+=("$s"); rte+=("$m"); fi
  done
  for kind in p e; do
    rm -f "$work/$kind.zip"; find "$work/$kind-seal" -type f -exec cat {} + > /dev/null; sync
    timed "$work/t" "$bin" seal --workspace "$work/$kind-seal" --key "$work/k.key" --cert "$work/k.crt" \
      --out "$work/$kind.zip" --time 2026-01-01T00:00:00Z -q
    read -r s m < "$work/t"
    if [ $kind = p ]; then sp+=("$s"); rsp+=("$m"); else se+=("$s"); rse+=("$m"); fi
  done
done
cmp <(unzip -p "$work/p.zip" 'BENCH*/manifest-sha256.txt' 2>/dev/null | sort) \
    <(unzip -p "$work/e.zip" 'BENCH*/manifest-sha256.txt' 2>/dev/null | sort) \
  || { echo "error: the two archives do not seal the same payload" >&2; exit 1; }
"$bin" verify "$work/e.zip" -q > /dev/null || { echo "error: the archive of the encrypted workspace does not verify" >&2; exit 1; }
m() { printf '%s\n' "$@" | median; }
x() { python3 -c "print(f'{$1/$2:.2f}')"; }
mx() { printf '%s\n' "$@" | sort -n | tail -1; }
tpm=$(m "${tp[@]}"); tem=$(m "${te[@]}"); spm=$(m "${sp[@]}"); sem=$(m "${se[@]}")
pass() { python3 -c "print('PASS' if $1 <= $2 else 'FAIL')"; }
cat <<REPORT
### Encrypted workspace against plaintext (issue 13): timeline and seal

- Command: \`Benchmarks/encrypted.sh ${1:-.build/release/sanad}\` (median of $runs runs; the two workspaces interleaved; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPU(s), $(lscpu | awk -F: '/Model name/ {sub(/^[ \t]+/, "", $2); print $2; exit}'), Linux $(uname -r)
- Sanad: $("$bin" --version) (source tree $(git -C "$root" describe --always --dirty)); kernel keyring: $keyring
- Inputs: the 1,000,000-message WhatsApp export of Benchmarks/timeline.sh ($(stat -c %s "$wa") bytes); the 1 GiB case of Benchmarks/ingest.sh

| Command | Plaintext workspace (median) | Encrypted workspace (median) | Encrypted / plaintext | Goal | Peak RSS plaintext / encrypted | All runs (s): plaintext; encrypted |
|---|---:|---:|---:|---|---:|---|
| \`timeline --format jsonl\`, 1M messages | ${tpm} s | ${tem} s | **$(x "$tem" "$tpm") ×** | ≤ 1.15 ×: **$(pass "$(x "$tem" "$tpm")" 1.15)** | $(( $(mx "${rtp[@]}") / 1024 )) / $(( $(mx "${rte[@]}") / 1024 )) MiB | ${tp[*]}; ${te[*]} |
| \`seal\`, 1 GiB | ${spm} s | ${sem} s | **$(x "$sem" "$spm") ×** | ≤ 1.15 ×: **$(pass "$(x "$sem" "$spm")" 1.15)** | $(( $(mx "${rsp[@]}") / 1024 )) / $(( $(mx "${rse[@]}") / 1024 )) MiB | ${sp[*]}; ${se[*]} |
REPORT
