#!/usr/bin/env bash
# rampart's fuzzing campaign (the README's main command).
#
#   scripts/campaign.sh [--minutes N] [--engine libfuzzer|afl|both] [--jobs N]
#                       [--target NAME]... [--update-corpus]
#
#   --minutes N      fuzzing wall time for the whole campaign (default 10),
#                    shared equally by the targets with at least 10 s each
#                    (so with 12 targets, --minutes 1 fuzzes for 2-3
#                    minutes); builds before and the report after come on
#                    top (about a minute on a fresh clone, seconds after)
#   --engine E       libfuzzer (default): one target at a time, -fork=JOBS;
#                    afl: one -M main and -S secondaries (the first one runs
#                    CMPLOG) per target; both: the jobs split between them
#   --jobs N         parallel fuzzing processes (default: number of cores)
#   --target NAME    fuzz only this target (repeatable; default all)
#   --update-corpus  write each target's minimized merged corpus back into
#                    corpus/<target>/ (the generated seeds are kept)
#
# Everything lands in out/campaign/<timestamp>/: per target its work
# corpus, merged corpus, logs, coverage-over-time CSV and PNG; unique
# crashes in crashes/ with a reproduce command each; an llvm-cov HTML
# report of src/ in coverage/; summary.md. Prints a progress line every 30
# seconds. The last line is exactly
#   campaign: T targets, E runs, C crashes, lines L%, branches B%
# (L and B for src/, from the merged corpora). Exits 1 when a crash was
# found, 2 on bad arguments or a failed build.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

minutes=10
engine=libfuzzer
jobs=$(nproc)
targets=()
update_corpus=0
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="${2:-}"; shift 2 ;;
    --engine) engine="${2:-}"; shift 2 ;;
    --jobs) jobs="${2:-}"; shift 2 ;;
    --target) targets+=("${2:-}"); shift 2 ;;
    --update-corpus) update_corpus=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "campaign: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] || { echo "campaign: --minutes takes a whole number >= 1" >&2; exit 2; }
[[ "$jobs" =~ ^[0-9]+$ ]] && [ "$jobs" -ge 1 ] || { echo "campaign: --jobs takes a whole number >= 1" >&2; exit 2; }
case "$engine" in libfuzzer|afl|both) ;; *) echo "campaign: --engine is libfuzzer, afl or both" >&2; exit 2 ;; esac

log() { echo "campaign: $*"; }

# ---- build ----------------------------------------------------------------
scripts/bootstrap.sh >/dev/null || exit 2
build() {  # build PRESET [TARGET]
  cmake --preset "$1" >/dev/null && cmake --build --preset "$1" -j "$(nproc)" ${2:+--target "$2"} >/dev/null
}
log "building (fuzz, coverage$( [ "$engine" != libfuzzer ] && echo ', afl, afl-cmplog, release mutator'))"
build fuzz || { echo "campaign: fuzz build failed" >&2; exit 2; }
build coverage || { echo "campaign: coverage build failed" >&2; exit 2; }
if [ "$engine" != libfuzzer ]; then
  build afl && build afl-cmplog && build release rampart_afl_mutator \
    || { echo "campaign: AFL++ build failed" >&2; exit 2; }
fi

if [ ${#targets[@]} -eq 0 ]; then
  for binary in build/fuzz/bin/fuzz_*; do targets+=("${binary##*/fuzz_}"); done
fi
for target in "${targets[@]}"; do
  [ -x "build/fuzz/bin/fuzz_$target" ] || { echo "campaign: no target $target" >&2; exit 2; }
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/out/campaign/$stamp"
mkdir -p "$out/crashes"
slot=$(( minutes * 60 / ${#targets[@]} ))
[ "$slot" -ge 10 ] || slot=10
lf_jobs=$jobs; afl_jobs=$jobs
if [ "$engine" = both ]; then
  lf_jobs=$(( jobs / 2 )); [ "$lf_jobs" -ge 1 ] || lf_jobs=1
  afl_jobs=$(( jobs - lf_jobs )); [ "$afl_jobs" -ge 1 ] || afl_jobs=1
fi
log "${#targets[@]} targets, engine $engine, $jobs jobs, ${slot}s per target, into $out"

option() {  # option TARGET KEY: a value from fuzz/TARGET.options
  [ -f "fuzz/$1.options" ] && sed -nE "s/^$2 *= *(.*)$/\1/p" "fuzz/$1.options" | head -1
}

# ---- engines ----------------------------------------------------------------
start_libfuzzer() {  # TARGET DIR
  local target=$1 dir=$2 max_len dict
  local args=(-fork="$lf_jobs" -ignore_crashes=1 -max_total_time="$slot" -print_final_stats=1
              -artifact_prefix="$dir/libfuzzer-crashes/" -timeout=10 -rss_limit_mb=2048)
  max_len=$(option "$target" max_len); [ -n "$max_len" ] && args+=(-max_len="$max_len")
  dict=$(option "$target" dict); [ -n "$dict" ] && args+=(-dict="$root/fuzz/$dict")
  mkdir -p "$dir/libfuzzer-crashes"
  (cd "$dir" && exec "$root/build/fuzz/bin/fuzz_$target" "${args[@]}" "$dir/corpus" \
     >"$dir/libfuzzer.log" 2>&1) &
  pids+=($!)
}

start_afl() {  # TARGET DIR
  local target=$1 dir=$2 max_len dict i
  mkdir -p "$dir/afl-in"
  find "$dir/corpus" -type f -size +0 -size -1024k -exec cp {} "$dir/afl-in/" \;
  [ -n "$(ls -A "$dir/afl-in")" ] || printf 'seed' >"$dir/afl-in/seed"
  local common=(-i "$dir/afl-in" -o "$dir/afl" -V "$slot" -t 10000 -m none)
  max_len=$(option "$target" max_len); [ -n "$max_len" ] && common+=(-G "$max_len")
  dict=$(option "$target" dict); [ -n "$dict" ] && common+=(-x "$root/fuzz/$dict")
  for ((i = 0; i < afl_jobs; i++)); do
    local role=(-S "secondary$i")
    [ "$i" -eq 0 ] && role=(-M main)
    local cmplog=()
    # The first secondary runs CMPLOG; with a single instance, the main does.
    if { [ "$afl_jobs" -eq 1 ] && [ "$i" -eq 0 ]; } || { [ "$afl_jobs" -gt 1 ] && [ "$i" -eq 1 ]; }; then
      cmplog=(-c "$root/build/afl-cmplog/bin/fuzz_$target")
    fi
    AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    AFL_CUSTOM_MUTATOR_LIBRARY="$root/build/release/lib/librampart_afl_mutator.so" \
    RAMPART_AFL_TARGET="$target" ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=1 \
      afl-fuzz "${common[@]}" "${role[@]}" "${cmplog[@]}" -- "$root/build/afl/bin/fuzz_$target" \
      >"$dir/afl-$i.log" 2>&1 &
    pids+=($!)
  done
}

# Current figures of a running target: "execs exec_per_s edges crashes".
snapshot() {  # DIR
  local dir=$1 execs=0 speed=0 edges=0 crashes=0 line f
  if [ -f "$dir/libfuzzer.log" ]; then
    line=$(grep -aE '^#[0-9]+' "$dir/libfuzzer.log" | tail -1)
    if [ -n "$line" ]; then
      execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$line")
      edges=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$line"); edges=${edges:-0}
      speed=$(sed -nE 's/.* exec\/s:? ([0-9]+).*/\1/p' <<<"$line"); speed=${speed:-0}
    fi
    crashes=$(find "$dir/libfuzzer-crashes" -type f 2>/dev/null | wc -l)
  fi
  for f in "$dir"/afl/*/fuzzer_stats; do
    [ -f "$f" ] || continue
    local x s e c
    x=$(sed -nE 's/^execs_done *: *([0-9]+)/\1/p' "$f")
    s=$(sed -nE 's/^execs_per_sec *: *([0-9]+).*/\1/p' "$f")
    e=$(sed -nE 's/^edges_found *: *([0-9]+)/\1/p' "$f")
    c=$(sed -nE 's/^saved_crashes *: *([0-9]+)/\1/p' "$f")
    execs=$(( execs + ${x:-0} ))
    speed=$(( speed + ${s:-0} ))
    [ "${e:-0}" -gt "$edges" ] && edges=$e
    crashes=$(( crashes + ${c:-0} ))
  done
  echo "$execs $speed $edges $crashes"
}

# ---- fuzz each target ---------------------------------------------------------
campaign_start=$(date +%s)
for target in "${targets[@]}"; do
  dir="$out/$target"
  mkdir -p "$dir/corpus"
  cp -r "corpus/$target/." "$dir/corpus/" 2>/dev/null
  echo "seconds,execs,edges" >"$dir/coverage.csv"
  pids=()
  target_start=$(date +%s)
  [ "$engine" != afl ] && start_libfuzzer "$target" "$dir"
  [ "$engine" != libfuzzer ] && start_afl "$target" "$dir"
  last_print=0
  while :; do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    now=$(date +%s)
    elapsed=$(( now - target_start ))
    read -r execs speed edges crashes < <(snapshot "$dir")
    echo "$elapsed,$execs,$edges" >>"$dir/coverage.csv"
    if [ $(( now - last_print )) -ge 30 ] || [ "$alive" -eq 0 ]; then
      log "[$(( now - campaign_start ))s] $target: ${elapsed}s, $execs execs, $speed exec/s, $edges edges, $crashes crashes"
      last_print=$now
    fi
    [ "$alive" -eq 1 ] || break
    # A stuck engine never holds the campaign past its slot.
    if [ "$elapsed" -gt $(( slot + 60 )) ]; then
      log "$target: engine still running ${elapsed}s after start; stopping it"
      kill "${pids[@]}" 2>/dev/null
    fi
    sleep 5
  done
  wait "${pids[@]}" 2>/dev/null
  read -r execs speed edges crashes < <(snapshot "$dir")
  # Runs over wall time: the engines' own last figures are momentary.
  elapsed=$(( $(date +%s) - target_start ))
  speed=$(( execs / (elapsed > 0 ? elapsed : 1) ))
  echo "$execs $speed $edges" >"$dir/figures"
done

# ---- merge and minimize --------------------------------------------------------
for target in "${targets[@]}"; do
  dir="$out/$target"
  mkdir -p "$dir/merged"
  inputs=("$dir/corpus" "$root/corpus/$target")
  for queue in "$dir"/afl/*/queue; do [ -d "$queue" ] && inputs+=("$queue"); done
  max_len=$(option "$target" max_len)
  "build/fuzz/bin/fuzz_$target" -merge=1 ${max_len:+-max_len=$max_len} "$dir/merged" "${inputs[@]}" \
    >"$dir/merge.log" 2>&1 || log "$target: merge reported a failure (see $dir/merge.log)"
  if [ "$update_corpus" -eq 1 ]; then
    rm -rf "corpus/$target" && mkdir -p "corpus/$target" && cp "$dir/merged/." "corpus/$target/" -r
  fi
done
if [ "$update_corpus" -eq 1 ]; then
  build release rampart_corpus_gen && build/release/bin/rampart_corpus_gen write corpus >/dev/null
  log "corpus/ updated with the minimized merged corpora (generated seeds kept)"
fi

# ---- crashes: deduplicate by sanitizer stack signature -------------------------------
signature() {  # REPORT: the first three project frames of the first stack
  grep -aE '^ +#[0-9]+ 0x[0-9a-f]+ in ' "$1" \
    | grep -avE ' in (__sanitizer|__asan|__ubsan|__interceptor|abort|raise|__libc|__GI_|__pthread_kill|pthread_kill|fuzzer::|std::__terminate|_start|main( |$))' \
    | head -3 | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //; s/ \/.*\/([^/]+:[0-9]+):[0-9]+$/ \1/' \
    | tr '\n' '|'
}
unique=0
for target in "${targets[@]}"; do
  dir="$out/$target"
  while IFS= read -r -d '' crash; do
    report=$(mktemp)
    "build/fuzz/bin/fuzz_$target" "$crash" >"$report" 2>&1
    sig=$(signature "$report")
    oracle=$(grep -aoE 'fuzz oracle failed: .*' "$report" | head -1)
    sig="${sig:-${oracle:-unknown}}"
    id="$target-$(printf '%s' "$sig" | sha1sum | cut -c1-10)"
    if [ ! -d "$out/crashes/$id" ]; then
      mkdir -p "$out/crashes/$id"
      cp "$crash" "$out/crashes/$id/input"
      cp "$report" "$out/crashes/$id/report.txt"
      echo "$sig" >"$out/crashes/$id/signature"
      echo "build/fuzz/bin/fuzz_$target $out/crashes/$id/input" >"$out/crashes/$id/reproduce"
      unique=$((unique + 1))
      log "crash $id: $sig"
      log "  reproduce: build/fuzz/bin/fuzz_$target $out/crashes/$id/input"
    fi
    rm -f "$report"
  done < <(find "$dir/libfuzzer-crashes" "$dir"/afl/*/crashes -type f ! -name 'README.txt' -print0 2>/dev/null)
done

# ---- coverage of src/ from the merged corpora ------------------------------------
profiles="$out/coverage-profiles"
mkdir -p "$profiles"
objects=()
for target in "${targets[@]}"; do
  # One input per process, so an input that still crashes loses only its
  # own profile; %4m merges the processes' counts into a pool of 4 files.
  find "$out/$target/merged" "corpus/$target" -type f -print0 \
    | LLVM_PROFILE_FILE="$profiles/$target-%4m.profraw" \
      xargs -0 -n 1 -P "$jobs" "build/coverage/bin/fuzz_$target" >/dev/null 2>&1
  objects+=(-object "build/coverage/bin/fuzz_$target")
done
lines=0.0; branches=0.0
if llvm-profdata-14 merge -sparse "$profiles"/*.profraw -o "$out/coverage.profdata" 2>/dev/null; then
  first=("${objects[1]}"); rest=("${objects[@]:2}")
  llvm-cov-14 show "${first[@]}" "${rest[@]}" -instr-profile="$out/coverage.profdata" \
    -format=html -show-branches=count -output-dir="$out/coverage" "$root/src" >/dev/null 2>&1
  llvm-cov-14 report "${first[@]}" "${rest[@]}" -instr-profile="$out/coverage.profdata" \
    "$root/src" >"$out/coverage.txt" 2>/dev/null
  read -r lines branches < <(awk '$1 == "TOTAL" { gsub("%", "", $10); gsub("%", "", $13); print $10, $13 }' "$out/coverage.txt")
fi

# ---- plots, summary, last line --------------------------------------------------------
total_runs=0
{
  echo "# rampart fuzzing campaign $stamp"
  echo
  echo "Engine $engine, $jobs jobs, ${slot}s per target, on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))."
  echo
  echo "| target | engine | runs | exec/s | corpus (merged) | edges | crashes |"
  echo "|---|---|---|---|---|---|---|"
} >"$out/summary.md"
for target in "${targets[@]}"; do
  dir="$out/$target"
  read -r execs speed edges <"$dir/figures"
  corpus_size=$(find "$dir/merged" -type f | wc -l)
  crashes=$(find "$out/crashes" -mindepth 1 -maxdepth 1 -name "$target-*" | wc -l)
  total_runs=$(( total_runs + execs ))
  echo "| $target | $engine | $execs | $speed | $corpus_size | $edges | $crashes |" >>"$out/summary.md"
  gnuplot -e "set terminal pngcairo size 800,450 noenhanced;
    set output '$dir/coverage.png'; set datafile separator ',';
    set title '$target: coverage over time ($engine)'; set xlabel 'seconds'; set ylabel 'edges';
    set key off; set grid; plot '$dir/coverage.csv' every ::1 using 1:3 with lines lw 2" 2>/dev/null \
    || log "$target: no plot (gnuplot failed)"
done
{
  echo
  echo "Coverage of src/ from the merged corpora: lines ${lines}%, branches ${branches}% (HTML: coverage/index.html; table: coverage.txt)."
  echo
  echo "Unique crashes: $unique (each in crashes/<id>/ with input, report.txt and a reproduce command)."
  echo
  echo "Plots: <target>/coverage.png."
} >>"$out/summary.md"

printf '\n%-16s %12s %10s %8s %8s %8s\n' target runs exec/s corpus edges crashes
for target in "${targets[@]}"; do
  read -r execs speed edges <"$out/$target/figures"
  printf '%-16s %12s %10s %8s %8s %8s\n' "$target" "$execs" "$speed" \
    "$(find "$out/$target/merged" -type f | wc -l)" "$edges" \
    "$(find "$out/crashes" -mindepth 1 -maxdepth 1 -name "$target-*" | wc -l)"
done
echo
log "summary: $out/summary.md"
printf 'campaign: %d targets, %d runs, %d crashes, lines %.1f%%, branches %.1f%%\n' \
  "${#targets[@]}" "$total_runs" "$unique" "$lines" "$branches"
[ "$unique" -eq 0 ]
