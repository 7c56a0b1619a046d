#!/usr/bin/env bash
# Two builds of sanad timed against each other in one run, interleaved (old, new, old, new, …),
# on the pipeline's four stages: `add` of the 1 GiB input, `seal` of that workspace, `verify` of
# the sealed 1 GiB zip and of a 100,000-entry zip, and `timeline` of a 200,000-message WhatsApp
# export. For a restructuring that must not cost speed (issue 11): each stage's median for both
# builds, every run, and the ratio new/old. Prints a Markdown block for docs/BENCHMARKS.md.
#
#   Benchmarks/compare-binaries.sh OLD_BIN NEW_BIN
#
# Environment: BENCH_RUNS (default 5), BENCH_DIR (default <repo>/bench-work; the 1 GiB input of
# `make benchmark` and the 100,000-entry zip of `make benchmark-verify-entries` are reused when
# present there, and made otherwise).
set -euo pipefail
# Workspaces are compared in the clear: builds from issue 13 on take --plaintext, older ones do not know it.
plain() { "$1" init --help 2>&1 | grep -q -- --plaintext && echo --plaintext || true; }
export LC_ALL=C
[[ $# -eq 2 && -x $1 && -x $2 ]] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old=$(readlink -f "$1"); new=$(readlink -f "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
runs=${BENCH_RUNS:-5}
mkdir -p "$bench"
export SANAD_PASSPHRASE=bench

input=$bench/input-1g
[[ -f $input.complete ]] || { echo "[compare] making the 1 GiB input (Benchmarks/ingest.sh)" >&2; BENCH_RUNS=1 "$root/Benchmarks/ingest.sh" "$new" >/dev/null; }
entries=$bench/sealed-100k-entries.zip
[[ -f $entries ]] || { echo "[compare] making the 100,000-entry zip" >&2; BENCH_RUNS=1 "$root/Benchmarks/verify-entries.sh" "$new" >/dev/null; }
chat=$bench/whatsapp-200k.txt
[[ -f $chat ]] || python3 "$root/Benchmarks/gen_chats.py" whatsapp 200000 "$chat"

work=$(mktemp -d "$bench/cmp.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
"$new" key new --out "$work/k" --name Bench --org Bench -q >/dev/null
# One chat workspace per build, made once: the timeline is timed, not the add.
for b in old new; do
    bin=${!b}
    "$bin" init "$work/chat-$b" $(plain "$bin") --case-id C --org B -q >/dev/null
    "$bin" add --workspace "$work/chat-$b" "$chat" --collected-by Bench --timezone Asia/Baghdad -q >/dev/null
done

declare -A times
# Each timed command starts after `sync`: the writeback of the stage before (a 1 GiB add or
# seal) would otherwise land on the next one, and on whichever build runs second.
elapsed() { local s e; sync; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
for r in $(seq "$runs"); do
    # Alternate which build goes first.
    order="old new"; (( r % 2 == 0 )) && order="new old"
    for b in $order; do
        bin=${!b}; ws=$work/ws-$b; out=$work/sealed-$b.zip
        rm -rf "$ws" "$out"; sync
        "$bin" init "$ws" $(plain "$bin") --case-id B --org B -q >/dev/null
        times[add-$b]+="$(elapsed "$bin" add --workspace "$ws" "$input" --collected-by Bench -q) "
        times[seal-$b]+="$(elapsed "$bin" seal --workspace "$ws" --key "$work/k.key" --cert "$work/k.crt" --out "$out" -q) "
        times[verify-$b]+="$(elapsed "$bin" verify "$out" -q) "
        times[entries-$b]+="$(elapsed "$bin" verify "$entries" -q) "
        times[timeline-$b]+="$(elapsed "$bin" timeline --workspace "$work/chat-$b" --format jsonl -q) "
        chmod -R u+w "$ws"; rm -rf "$ws" "$out"
    done
    echo "[compare] round $r of $runs" >&2
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
spread() { tr ' ' '\n' | grep . | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.2f–%.2f", lo, hi}'; }
echo "### Issue 11: the restructured build against the one before ($(date -u +%Y-%m-%d\ %H:%M) UTC)"
echo
echo "- Command: \`Benchmarks/compare-binaries.sh OLD NEW\` ($runs interleaved runs each, which build goes first alternating; \`sync\` before every timed command; warm page cache)"
echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -r)"
echo "- Old: $("$old" --version 2>/dev/null | head -1) built from the commit before issue 11's restructuring; new: this tree"
echo
echo "| Stage | Old median (range) | New median (range) | New / old |"
echo "|---|---:|---:|---:|"
for stage in add seal verify entries timeline; do
    o=$(echo "${times[$stage-old]}" | median); n=$(echo "${times[$stage-new]}" | median)
    label=$stage
    case $stage in
        add) label="\`add\` 1 GiB (2 large + 1,000 small files)";;
        seal) label="\`seal\` of that workspace";;
        verify) label="\`verify\` of the 1 GiB zip";;
        entries) label="\`verify\` of the 100,000-entry zip";;
        timeline) label="\`timeline --format jsonl\`, 200,000 WhatsApp messages";;
    esac
    echo "| $label | $o s ($(echo "${times[$stage-old]}" | spread)) | $n s ($(echo "${times[$stage-new]}" | spread)) | $(echo "scale=2; $n / $o" | bc) |"
done
