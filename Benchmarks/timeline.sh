#!/usr/bin/env bash
# The timeline benchmark of issue 4: `sanad add` + `sanad timeline --format jsonl` on a generated
# 1,000,000-message WhatsApp export and a 200,000-message Telegram result.json, against
# chat-miner (PyPI) parsing the same files, in the same run.
# Goals: sanad at least 10x faster than chat-miner; sanad's peak RSS under 200 MiB.
# Usage: Benchmarks/timeline.sh BIN      (BENCH_RUNS, default 3; BENCH_DIR, default bench-work)
set -euo pipefail
bin=$(readlink -f "${1:-.build/release/sanad}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/bench-work}
runs=${BENCH_RUNS:-3}
mkdir -p "$bench"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
python3 -c "import chatminer" 2>/dev/null || python3 -m pip install -q chat-miner
wa=$bench/whatsapp-1m.txt; tg=$bench/telegram-200k.json
[ -f "$wa" ] || python3 "$root/Benchmarks/gen_chats.py" whatsapp 1000000 "$wa"
[ -f "$tg" ] || python3 "$root/Benchmarks/gen_chats.py" telegram 200000 "$tg"
work=$(mktemp -d "$bench/tl.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$out" "$@" > /dev/null 2>&1; }
chatminer() {  # chatminer PARSER FILE: parse with chat-miner, as its README shows
  python3 -c "import logging, sys; logging.disable(logging.CRITICAL)
from chatminer import chatparsers
p = getattr(chatparsers, sys.argv[1])(sys.argv[2]); p.parse_file(); print(len(p.parsed_messages.get_df()))" "$1" "$2"
}

# sanad: add (copy + hash, durable) then timeline (parse, sort, write JSONL), each timed; summed.
sanad_run() {  # sanad_run FILE TAG → "seconds rssKiB events"
  local ws=$work/ws-$2; rm -rf "$ws"; "$bin" init "$ws" --plaintext --case-id B --org B -q > /dev/null
  timed "$work/a" "$bin" add --workspace "$ws" "$1" --collected-by Bench --timezone Asia/Baghdad -q
  /usr/bin/time -f "%e %M" -o "$work/t" "$bin" timeline --workspace "$ws" --format jsonl -q > "$work/out.jsonl"
  local a t ra rt; read -r a ra < "$work/a"; read -r t rt < "$work/t"
  echo "$(python3 -c "print(f'{$a+$t:.2f}')") $(( ra > rt ? ra : rt )) $(wc -l < "$work/out.jsonl") $a $t"
  chmod -R u+w "$ws"; rm -rf "$ws"
}

declare -a s_wa s_tg c_wa c_tg r_wa r_tg
for r in $(seq "$runs"); do
  cat "$wa" "$tg" > /dev/null
  read -r s rss n a t < <(sanad_run "$wa" wa); s_wa+=("$s"); r_wa+=("$rss"); n_wa=$n; a_wa=$a; t_wa=$t
  read -r s rss n a t < <(sanad_run "$tg" tg); s_tg+=("$s"); r_tg+=("$rss"); n_tg=$n; a_tg=$a; t_tg=$t
  start=$(date +%s.%N); cm_wa_n=$(chatminer WhatsAppParser "$wa" 2>/dev/null); c_wa+=("$(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')")")
  start=$(date +%s.%N); cm_tg_n=$(chatminer TelegramJsonParser "$tg" 2>/dev/null); c_tg+=("$(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')")")
done
swa=$(printf '%s\n' "${s_wa[@]}" | median); stg=$(printf '%s\n' "${s_tg[@]}" | median)
cwa=$(printf '%s\n' "${c_wa[@]}" | median); ctg=$(printf '%s\n' "${c_tg[@]}" | median)
rwa=$(printf '%s\n' "${r_wa[@]}" | sort -n | tail -1); rtg=$(printf '%s\n' "${r_tg[@]}" | sort -n | tail -1)
x() { python3 -c "print(f'{$1/$2:.1f}')"; }
mib() { python3 -c "print(f'{$1/1024:.0f}')"; }
cat <<MD
### Timeline: \`add\` + \`timeline --format jsonl\` against chat-miner

- Command: \`Benchmarks/timeline.sh $1\` (median of $runs runs; warm page cache)
- Date (UTC): $(date -u '+%Y-%m-%d %H:%M'); machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -r)
- Sanad $("$bin" --version) (source tree $(git -C "$root" rev-parse --short HEAD)); chat-miner $(python3 -c 'import importlib.metadata as m; print(m.version("chat-miner"))'); Python $(python3 -c 'import platform; print(platform.python_version())')
- Inputs (\`Benchmarks/gen_chats.py\`): WhatsApp Android export, 1,000,000 messages, $(( $(stat -c %s "$wa") / 1048576 )) MiB; Telegram result.json, 200,000 messages, $(( $(stat -c %s "$tg") / 1048576 )) MiB
- chat-miner: \`WhatsAppParser(path).parse_file()\` / \`TelegramJsonParser(path).parse_file()\`, then its DataFrame ($cm_wa_n and $cm_tg_n messages; it drops system notices)
- sanad: \`add\` of the file into a fresh workspace (copy, hash, durable; last run ${a_wa} s and ${a_tg} s) plus \`timeline --format jsonl\` (parse twice, sort, write every event with its byte range; last run ${t_wa} s and ${t_tg} s); $n_wa and $n_tg events

| Input | chat-miner (median) | **sanad add + timeline** (median) | chat-miner / sanad | sanad peak RSS | All runs: chat-miner; sanad (s) |
|---|---:|---:|---:|---:|---|
| WhatsApp, 1M messages | ${cwa} s | **${swa} s** | **$(x "$cwa" "$swa") ×** | $(mib "$rwa") MiB | ${c_wa[*]}; ${s_wa[*]} |
| Telegram JSON, 200k messages | ${ctg} s | **${stg} s** | $(x "$ctg" "$stg") × | $(mib "$rtg") MiB | ${c_tg[*]}; ${s_tg[*]} |

- Goal: at least 10 × faster than chat-miner on the WhatsApp file: **$(python3 -c "print('PASS' if $cwa/$swa >= 10 else 'FAIL')")**; peak RSS under 200 MiB: **$(python3 -c "print('PASS' if max($rwa,$rtg) < 200*1024 else 'FAIL')")**
- Load average before/after: $(cut -d' ' -f1-3 /proc/loadavg)
MD
