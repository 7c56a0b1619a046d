#!/usr/bin/env bash
# Ingest benchmark: `sanad add` of 1 GiB (two large files and 1,000 small ones), timed in the
# same run as `openssl dgst -sha256` and `sha256sum` over the same files, plus `cp -r` as the
# cost of a plain copy. Prints a Markdown block for docs/BENCHMARKS.md.
#
#   Benchmarks/ingest.sh BIN            e.g. Benchmarks/ingest.sh .build/release/sanad
#
# Environment:
#   BENCH_DIR   where inputs (cached between runs) and scratch workspaces go
#               (default: <repo>/bench-work, which is gitignored)
#   BENCH_RUNS  timed runs per contender; the median is reported (default 3)
#   BENCH_SETTLE  seconds to let pass after the script's last deletion of its scratch trees
#               before timing (default 65; see "scratch space" below)
#
# Needs (RUNS × 5 + 1) GiB free in BENCH_DIR besides the 2 GiB of cached input.
#
# Goals (acceptance list): wall time ≤ 1.2 × `openssl dgst -sha256`; peak RSS < 64 MiB,
# whatever the file size (checked with a second input: one 1 GiB file).
set -euo pipefail
export LC_ALL=C

usage() { echo "usage: $0 BIN   (BENCH_DIR, BENCH_RUNS in the environment)" >&2; exit 2; }
[[ $# -eq 1 ]] || usage
[[ -x $1 ]] || { echo "error: $1 is not an executable (build it: swift build -c release)" >&2; exit 2; }
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$REPO/bench-work}
RUNS=${BENCH_RUNS:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "error: BENCH_RUNS must be a positive integer" >&2; exit 2; }

GIB=1073741824
SMALL_COUNT=1000
SMALL_SIZE=131072                                            # 128 KiB
LARGE_SIZE=$(( (GIB - SMALL_COUNT * SMALL_SIZE) / 2 ))       # 471,334,912 B = 449.5 MiB each
INPUT=$BENCH_DIR/input-1g            # 2 large + 1,000 small = exactly 1 GiB
SINGLE=$BENCH_DIR/input-single-1g    # one 1 GiB file, for the RSS-vs-file-size check
SCRATCH=$BENCH_DIR/scratch
RSS_GOAL_MIB=64
RATIO_GOAL=1.2

log() { echo "[bench] $*" >&2; }

# ---------------------------------------------------------------- tools
if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing GNU time (/usr/bin/time) for peak RSS"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null \
            || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
    fi
    [[ -x /usr/bin/time ]] || { echo "error: GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 2; }
fi
for t in openssl sha256sum find xargs sort awk; do
    command -v "$t" >/dev/null || { echo "error: $t is required" >&2; exit 2; }
done

# ---------------------------------------------------------------- input (deterministic, cached)
# AES-128-CTR keystream over zeros: fast, incompressible, identical on every machine.
# A distinct IV per stream, so no two files share content (no duplicates for sanad to skip).
KEY=000102030405060708090a0b0c0d0e0f
stream() { # IV BYTES
    { openssl enc -aes-128-ctr -K "$KEY" -iv "$1" </dev/zero 2>/dev/null || true; } | head -c "$2"
}

total_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
file_count() { find "$1" -type f | wc -l; }

make_input() {
    if [[ -f $INPUT.complete && $(total_bytes "$INPUT") -eq $GIB && $(file_count "$INPUT") -eq $((SMALL_COUNT + 2)) ]]; then
        log "input cached in $INPUT"
    else
        log "generating $INPUT (1 GiB: 2 × $LARGE_SIZE B + $SMALL_COUNT × $SMALL_SIZE B)"
        rm -rf "$INPUT" "$INPUT.complete"; mkdir -p "$INPUT/small"
        stream 00000000000000000000000000000001 "$LARGE_SIZE" >"$INPUT/large-1.bin"
        stream 00000000000000000000000000000002 "$LARGE_SIZE" >"$INPUT/large-2.bin"
        stream 00000000000000000000000000000003 $((SMALL_COUNT * SMALL_SIZE)) \
            | (cd "$INPUT/small" && split -b "$SMALL_SIZE" -d -a 4 --additional-suffix=.bin - small-)
        : >"$INPUT.complete"    # marker, outside the folder: the folders hold only the evidence
    fi
    if [[ -f $SINGLE.complete && $(total_bytes "$SINGLE") -eq $GIB ]]; then
        log "input cached in $SINGLE"
    else
        log "generating $SINGLE (one 1 GiB file)"
        rm -rf "$SINGLE" "$SINGLE.complete"; mkdir -p "$SINGLE"
        stream 00000000000000000000000000000004 "$GIB" >"$SINGLE/large-1g.bin"
        : >"$SINGLE.complete"
    fi
}

mkdir -p "$BENCH_DIR"
make_input
N_FILES=$(file_count "$INPUT")
N_BYTES=$(total_bytes "$INPUT")
[[ $N_BYTES -eq $GIB && $N_FILES -eq $((SMALL_COUNT + 2)) ]] \
    || { echo "error: $INPUT holds $N_FILES files, $N_BYTES bytes; expected $((SMALL_COUNT + 2)) files, $GIB bytes" >&2; exit 1; }

# Every contender sees the same list, in the same order, relative to the folder (short names:
# one xargs batch).
list0() { (cd "$1" && find . -type f -print0 | sort -z); }
BATCHES=$(list0 "$INPUT" | (cd "$INPUT" && xargs -0 sh -c 'echo batch' sh) | wc -l)

# ---------------------------------------------------------------- scratch space
# Nothing is deleted while contenders run: all copies and workspaces stay until the end. On
# ext4 without a journal (as on the VM this was written on), the inode allocator skips inodes
# freed in the last minute (find_inode_bit → recently_deleted), one buffer lookup per skipped
# inode; deleting a 1,000-file workspace right before the next run made its creates measurably
# slower. For the same reason the first timed run waits until BENCH_SETTLE seconds (default 65)
# have passed since this script last deleted its scratch trees.
SETTLE=${BENCH_SETTLE:-65}
STAMP=$BENCH_DIR/.last-delete
drop_tree() { chmod -R u+w "$1" 2>/dev/null || true; rm -rf "$1"; date +%s >"$STAMP"; }
[[ -d $SCRATCH ]] && drop_tree "$SCRATCH"
mkdir -p "$SCRATCH/times" "$SCRATCH/trees"
cleanup() { [[ -d $SCRATCH ]] && drop_tree "$SCRATCH"; }
trap cleanup EXIT
need_kib=$(( (RUNS * 5 + 1) * 1024 * 1024 ))
free_kib=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 { print $4 }')
(( free_kib >= need_kib )) \
    || { echo "error: $BENCH_DIR needs $((need_kib / 1048576)) GiB free for $RUNS rounds (3 GiB each); has $((free_kib / 1048576)) GiB" >&2; exit 1; }

warm() { # read every input file so that all contenders read from the page cache
    list0 "$1" | (cd "$1" && xargs -0 cat) >/dev/null
}

cached_pct() { # share of the input's pages resident in the page cache, if fincore exists
    command -v fincore >/dev/null || { echo "n/a"; return; }
    list0 "$1" | (cd "$1" && xargs -0 fincore -b -n -o RES,SIZE) \
        | awk '{ r += $1; s += $2 } END { if (s > 0) printf "%.1f%%", 100 * r / s; else print "n/a" }'
}

now() { echo "${EPOCHREALTIME/,/.}"; }

# run_timed NAME CMD...: wall time from the shell clock; user, sys, peak RSS (KiB) from GNU time.
# Appends "wall user sys rss_kib" to $T/NAME.times.
T=$SCRATCH/times
run_timed() {
    local name=$1; shift
    local tf=$T/$name.time t0 t1
    t0=$(now)
    /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >/dev/null
    t1=$(now)
    read -r _ user sys rss <"$tf"
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $user $sys $rss" >>"$T/$name.times"
}

median() { # median of column $2 of file $1
    awk -v c="$2" '{ print $c }' "$1" | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mincol() { awk -v c="$2" 'NR == 1 || $c < m { m = $c } END { printf "%.3f", m }' "$1"; }
maxcol() { awk -v c="$2" 'NR == 1 || $c > m { m = $c } END { print m }' "$1"; }
allcol() { awk -v c="$2" '{ printf "%s%s", (NR > 1 ? ", " : ""), $c }' "$1"; }

hash_openssl() { list0 "$INPUT" | (cd "$INPUT" && xargs -0 openssl dgst -sha256) >/dev/null; }
hash_sha256sum() { list0 "$INPUT" | (cd "$INPUT" && xargs -0 sha256sum) >/dev/null; }
export -f list0 hash_openssl hash_sha256sum
export INPUT

new_workspace() { # DIR: a fresh, empty plaintext case workspace (not timed)
    "$BIN" init "$1" --plaintext --case-id BENCH-0001 --org Bench -q >/dev/null
}
# An encrypted workspace (issue 13), unlocked once as a person would (`sanad unlock`, not timed:
# the scrypt of the passphrase is a second per unlock, not per gigabyte). Where the kernel
# keyring is unavailable, each add pays that second, and the report says so.
export SANAD_WORKSPACE_PASSPHRASE="benchmark passphrase, four long words"
KEYRING=held
new_encrypted_workspace() { # DIR
    "$BIN" init "$1" --case-id BENCH-0001 --org Bench -q >/dev/null
    "$BIN" unlock --workspace "$1" --for 2h --json | grep -Eq '"held": *true' || KEYRING="not available (each add ran scrypt)"
}

# ---------------------------------------------------------------- timed runs
# Contenders are interleaved round by round so that drift (thermal, neighbours) hits all alike.
# Before each timed command: the input is re-read into the page cache and pending writes are
# flushed with `sync` (untimed), so no contender pays for another's writeback.
timed_sync() { # NAME: time a `sync` right after a writer, to show what it left unflushed
    local t0 t1
    t0=$(now); sync; t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$T/$1.times"
}

if [[ -f $STAMP ]]; then
    wait_s=$(( $(cat "$STAMP") + SETTLE - $(date +%s) ))
    if (( wait_s > 0 )); then
        log "waiting ${wait_s}s: ext4 (no journal) avoids reusing inodes freed less than a minute ago"
        sleep "$wait_s"
    fi
fi

log "warming the page cache: every input file is read once (cat > /dev/null) before each timed command"
warm "$SINGLE"; warm "$INPUT"
CACHED_BEFORE=$(cached_pct "$INPUT")
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

TREES=$SCRATCH/trees
for ((r = 1; r <= RUNS; r++)); do
    log "round $r/$RUNS"
    warm "$INPUT"; sync
    run_timed openssl bash -c hash_openssl

    warm "$INPUT"; sync
    run_timed sha256sum bash -c hash_sha256sum

    warm "$INPUT"; sync
    run_timed cp cp -r "$INPUT" "$TREES/cp-$r"
    timed_sync cp-sync

    new_workspace "$TREES/ws-$r"
    warm "$INPUT"; sync
    run_timed sanad "$BIN" add --workspace "$TREES/ws-$r" "$INPUT" --collected-by Bench -q
    timed_sync sanad-sync

    new_workspace "$TREES/ws-single-$r"
    warm "$SINGLE"; sync
    run_timed single "$BIN" add --workspace "$TREES/ws-single-$r" "$SINGLE" --collected-by Bench -q
    sync

    new_encrypted_workspace "$TREES/enc-$r"
    warm "$INPUT"; sync
    run_timed enc "$BIN" add --workspace "$TREES/enc-$r" "$INPUT" --collected-by Bench -q
    timed_sync enc-sync

    new_encrypted_workspace "$TREES/enc-single-$r"
    warm "$SINGLE"; sync
    run_timed enc-single "$BIN" add --workspace "$TREES/enc-single-$r" "$SINGLE" --collected-by Bench -q
    sync
done
CACHED_AFTER=$(cached_pct "$INPUT")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- correctness (not timed)
# The last timed workspace must hold exactly the input's content addresses.
log "checking that sanad stored what sha256sum computes"
expected=$(list0 "$INPUT" | (cd "$INPUT" && xargs -0 sha256sum) | awk '{ print $1 }' | sort -u)
stored=$(find "$TREES/ws-$RUNS/objects/sha256" -type f -printf '%f\n' | sort -u)
if [[ "$expected" != "$stored" ]]; then
    echo "error: the objects sanad stored do not match sha256sum of the input" \
         "($(wc -l <<<"$expected") distinct digests expected, $(wc -l <<<"$stored") stored)" >&2
    exit 1
fi

n_enc=$(find "$TREES/enc-$RUNS/objects/keyed" -type f -name '*.age' | wc -l)
[[ $n_enc -eq $N_FILES ]] || { echo "error: the encrypted workspace holds $n_enc objects, not $N_FILES" >&2; exit 1; }
"$BIN" log --verify --workspace "$TREES/enc-$RUNS" -q >/dev/null \
    || { echo "error: the encrypted workspace does not verify" >&2; exit 1; }

# ---------------------------------------------------------------- report
T_OSSL=$(median "$T/openssl.times" 1)
T_SUM=$(median "$T/sha256sum.times" 1)
T_CP=$(median "$T/cp.times" 1)
T_CPSYNC=$(median "$T/cp-sync.times" 1)
T_SANAD=$(median "$T/sanad.times" 1)
T_SANSYNC=$(median "$T/sanad-sync.times" 1)
T_SINGLE=$(median "$T/single.times" 1)
U_SANAD=$(median "$T/sanad.times" 2); S_SANAD=$(median "$T/sanad.times" 3)
U_OSSL=$(median "$T/openssl.times" 2); S_OSSL=$(median "$T/openssl.times" 3)
U_SUM=$(median "$T/sha256sum.times" 2); S_SUM=$(median "$T/sha256sum.times" 3)
U_CP=$(median "$T/cp.times" 2); S_CP=$(median "$T/cp.times" 3)
U_SINGLE=$(median "$T/single.times" 2); S_SINGLE=$(median "$T/single.times" 3)
RSS_KIB=$(maxcol "$T/sanad.times" 4)
RSS_SINGLE_KIB=$(maxcol "$T/single.times" 4)
T_ENC=$(median "$T/enc.times" 1); T_ENCSYNC=$(median "$T/enc-sync.times" 1); T_ENCSINGLE=$(median "$T/enc-single.times" 1)
U_ENC=$(median "$T/enc.times" 2); S_ENC=$(median "$T/enc.times" 3)
RSS_ENC_KIB=$(maxcol "$T/enc.times" 4); RSS_ENCSINGLE_KIB=$(maxcol "$T/enc-single.times" 4)
RSS_IDLE_KIB=$(/usr/bin/time -f '%M' "$BIN" --version 2>&1 >/dev/null | tail -1)

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mib() { calc "%.1f" "$1 / 1024"; }
gbs() { calc "%.2f" "$GIB / 1e9 / $1"; }
R_OSSL=$(calc "%.2f" "$T_SANAD / $T_OSSL")
R_SUM=$(calc "%.2f" "$T_SANAD / $T_SUM")
R_CP=$(calc "%.2f" "$T_SANAD / $T_CP")
pass() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi; }
P_TIME=$(pass "$T_SANAD <= $RATIO_GOAL * $T_OSSL")
R_ENC=$(calc "%.2f" "$T_ENC / $T_OSSL"); R_ENC_PLAIN=$(calc "%.2f" "$T_ENC / $T_SANAD")
P_ENC=$(pass "$T_ENC <= 1.3 * $T_OSSL")
P_ENCRSS=$(pass "$RSS_ENC_KIB < $RSS_GOAL_MIB * 1024 && $RSS_ENCSINGLE_KIB < $RSS_GOAL_MIB * 1024")
P_RSS=$(pass "$RSS_KIB < $RSS_GOAL_MIB * 1024 && $RSS_SINGLE_KIB < $RSS_GOAL_MIB * 1024")

MODEL=$(lscpu 2>/dev/null | awk -F: '/Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }')
MEM=$(free -g | awk '/^Mem:/ { print $2 " GiB" }')
FSTYPE=$(df -T "$BENCH_DIR" | awk 'NR == 2 { print $2 }')
VERSION=$("$BIN" --version 2>&1 | head -1)
REL_BIN=${BIN#"$REPO"/}
GIT=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo "no git")

cat <<EOF
### Ingest: \`sanad add\` of 1 GiB

- Command: \`Benchmarks/ingest.sh $REL_BIN\` (BENCH_RUNS=$RUNS; median of $RUNS runs, contenders interleaved)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M')
- Sanad: $VERSION ($REL_BIN, source tree $GIT)
- Machine: $(nproc) CPU(s), ${MODEL:-unknown CPU}, $MEM RAM, Linux $(uname -r), $FSTYPE (BENCH_DIR)
- Peers: $(openssl version | awk '{ print $1, $2 }'), sha256sum (GNU coreutils $(sha256sum --version | awk 'NR == 1 { print $NF }'))
- Input: $N_FILES files, $N_BYTES bytes (2 × $LARGE_SIZE B + $SMALL_COUNT × $SMALL_SIZE B), AES-CTR pseudo-random, no duplicates
- Page cache: warm. Every input file is read (\`cat > /dev/null\`) and pending writes are flushed (\`sync\`) before each timed command; input resident in cache: $CACHED_BEFORE before, $CACHED_AFTER after the runs
- Hashers: \`find … -print0 | sort -z | xargs -0 openssl dgst -sha256 > /dev/null\` (and the same for \`sha256sum\`), $BATCHES xargs batch(es); \`sanad add\` goes into a fresh workspace (\`sanad init\`, not timed) on the same filesystem. Nothing is deleted until all runs are over (on ext4 without a journal, freshly freed inodes slow down the next creates); the first run starts at least ${SETTLE} s after the script's last deletion

| Contender | Wall (median) | Wall (best) | Throughput (median) | User (median) | Sys (median) | All runs (wall, s) |
|---|---:|---:|---:|---:|---:|---|
| \`openssl dgst -sha256\` | ${T_OSSL} s | $(mincol "$T/openssl.times" 1) s | $(gbs "$T_OSSL") GB/s | ${U_OSSL} s | ${S_OSSL} s | $(allcol "$T/openssl.times" 1) |
| \`sha256sum\` | ${T_SUM} s | $(mincol "$T/sha256sum.times" 1) s | $(gbs "$T_SUM") GB/s | ${U_SUM} s | ${S_SUM} s | $(allcol "$T/sha256sum.times" 1) |
| \`cp -r\` (copy only, not durable) | ${T_CP} s | $(mincol "$T/cp.times" 1) s | $(gbs "$T_CP") GB/s | ${U_CP} s | ${S_CP} s | $(allcol "$T/cp.times" 1) |
| \`sync\` right after \`cp -r\` | ${T_CPSYNC} s | $(mincol "$T/cp-sync.times" 1) s | | | | $(allcol "$T/cp-sync.times" 1) |
| **\`sanad add\`** (copy + hash + durable) | **${T_SANAD} s** | $(mincol "$T/sanad.times" 1) s | **$(gbs "$T_SANAD") GB/s** | ${U_SANAD} s | ${S_SANAD} s | $(allcol "$T/sanad.times" 1) |
| \`sync\` right after \`sanad add\` | ${T_SANSYNC} s | $(mincol "$T/sanad-sync.times" 1) s | | | | $(allcol "$T/sanad-sync.times" 1) |
| **\`sanad add\`, encrypted workspace** (copy + hash + age + durable) | **${T_ENC} s** | $(mincol "$T/enc.times" 1) s | **$(gbs "$T_ENC") GB/s** | ${U_ENC} s | ${S_ENC} s | $(allcol "$T/enc.times" 1) |
| \`sync\` right after the encrypted add | ${T_ENCSYNC} s | $(mincol "$T/enc-sync.times" 1) s | | | | $(allcol "$T/enc-sync.times" 1) |
| \`sanad add\`, encrypted, one 1 GiB file | ${T_ENCSINGLE} s | $(mincol "$T/enc-single.times" 1) s | $(gbs "$T_ENCSINGLE") GB/s | | | $(allcol "$T/enc-single.times" 1) |
| \`sanad add\`, one 1 GiB file | ${T_SINGLE} s | $(mincol "$T/single.times" 1) s | $(gbs "$T_SINGLE") GB/s | ${U_SINGLE} s | ${S_SINGLE} s | $(allcol "$T/single.times" 1) |

- sanad / openssl: **${R_OSSL} ×** (goal ≤ ${RATIO_GOAL} ×): **${P_TIME}**
- Encrypted workspace (issue 13; unlocked beforehand, kernel keyring: $KEYRING): sanad add / openssl: **${R_ENC} ×** (goal ≤ 1.3 ×): **${P_ENC}**; encrypted / plaintext add: ${R_ENC_PLAIN} ×; peak RSS **$(mib "$RSS_ENC_KIB") MiB** (2 large + 1,000 small; runs: $(allcol "$T/enc.times" 4) KiB), **$(mib "$RSS_ENCSINGLE_KIB") MiB** (one 1 GiB file; runs: $(allcol "$T/enc-single.times" 4) KiB), goal < ${RSS_GOAL_MIB} MiB: **${P_ENCRSS}**
- sanad / sha256sum: ${R_SUM} ×; sanad / cp -r: ${R_CP} ×
- Peak RSS of \`sanad add\` (GNU time %M, max over runs): **$(mib "$RSS_KIB") MiB** on 2 large + 1,000 small files (runs: $(allcol "$T/sanad.times" 4) KiB); **$(mib "$RSS_SINGLE_KIB") MiB** on one 1 GiB file (runs: $(allcol "$T/single.times" 4) KiB). Goal < ${RSS_GOAL_MIB} MiB whatever the file size: **${P_RSS}**. For scale: \`sanad --version\` peaks at $(mib "$RSS_IDLE_KIB") MiB
- Load average (1, 5, 15 min): $LOAD_BEFORE before the timed runs, $LOAD_AFTER after (other work on the machine skews the figures)
EOF
