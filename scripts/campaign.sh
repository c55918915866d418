#!/usr/bin/env bash
# rampart's fuzzing campaign (the README's main command).
#
#   scripts/campaign.sh [--minutes N] [--target NAME]...
#
# Bootstraps, builds the fuzz preset (clang, libFuzzer + ASan + UBSan), and
# runs every fuzz target (or the named ones) for N minutes of wall time in
# total (default 5), as many at once as there are cores. Each target starts
# from a copy of its seed corpus, with its dictionary and max_len from
# fuzz/<target>.{dict,options}. Work, new corpus entries and crashes land
# in out/campaign/<timestamp>/<target>/. Prints a table per target (runs,
# exec/s, corpus size, crashes) and exits non-zero if any target crashed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

minutes=5
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "campaign: unknown argument $1" >&2; exit 2 ;;
  esac
done
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || [ "$minutes" -lt 1 ]; then
  echo "campaign: --minutes takes a whole number >= 1" >&2
  exit 2
fi

scripts/bootstrap.sh || exit 1
cmake --preset fuzz >/dev/null || exit 1
cmake --build --preset fuzz -j "$(nproc)" >/dev/null || { echo "campaign: fuzz build failed" >&2; exit 1; }

if [ ${#targets[@]} -eq 0 ]; then
  for binary in build/fuzz/bin/fuzz_*; do targets+=("${binary##*/fuzz_}"); done
fi
for target in "${targets[@]}"; do
  [ -x "build/fuzz/bin/fuzz_$target" ] || { echo "campaign: no target $target" >&2; exit 2; }
done

jobs=$(nproc)
waves=$(( (${#targets[@]} + jobs - 1) / jobs ))
seconds=$(( minutes * 60 / waves ))
[ "$seconds" -ge 10 ] || seconds=10
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/out/campaign/$stamp"
mkdir -p "$out"
echo "campaign: ${#targets[@]} targets, ${jobs} at a time, ${seconds}s each, into $out"

option() {  # option TARGET KEY: a value from fuzz/TARGET.options
  local file="fuzz/$1.options"
  [ -f "$file" ] && sed -nE "s/^$2 *= *(.*)$/\1/p" "$file" | head -1
}

run_target() {
  local target=$1 dir="$out/$1"
  mkdir -p "$dir/corpus" "$dir/crashes"
  cp -r "corpus/$target/." "$dir/corpus/" 2>/dev/null
  local args=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$dir/crashes/"
              -timeout=10 -rss_limit_mb=2048)
  local max_len dict
  max_len=$(option "$target" max_len)
  dict=$(option "$target" dict)
  [ -n "$max_len" ] && args+=(-max_len="$max_len")
  [ -n "$dict" ] && args+=(-dict="fuzz/$dict")
  "build/fuzz/bin/fuzz_$target" "${args[@]}" "$dir/corpus" > "$dir/log.txt" 2>&1
  echo $? > "$dir/exit"
}

running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

crashes_total=0
printf '\n%-16s %12s %10s %8s %8s\n' target runs exec/s corpus crashes
for target in "${targets[@]}"; do
  dir="$out/$target"
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$dir/log.txt" | tail -1)
  speed=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$dir/log.txt" | tail -1)
  corpus=$(find "$dir/corpus" -type f | wc -l)
  crashes=$(find "$dir/crashes" -type f | wc -l)
  if [ "$(cat "$dir/exit")" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes=1  # died without an artifact: count it, the log says why
    echo "campaign: $target exited $(cat "$dir/exit"); see $dir/log.txt" >&2
  fi
  crashes_total=$((crashes_total + crashes))
  printf '%-16s %12s %10s %8s %8s\n' "$target" "${runs:-?}" "${speed:-?}" "$corpus" "$crashes"
done
echo
if [ "$crashes_total" -gt 0 ]; then
  echo "campaign: $crashes_total crashes; artifacts under $out/*/crashes/"
  echo "campaign: reproduce with build/fuzz/bin/fuzz_TARGET ARTIFACT"
  exit 1
fi
echo "campaign: ${#targets[@]} targets, no crashes"
