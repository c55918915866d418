#!/usr/bin/env bash
# rampart's fuzzing campaign (the README's main command).
#
#   scripts/campaign.sh [--minutes N] [--engine libfuzzer|afl|both] [--jobs N]
#                       [--target NAME]... [--update-corpus]
#
#   --minutes N      fuzzing wall time for the whole campaign (default 10),
#                    scheduled by yield (below); every target gets at least
#                    10 s, so with many targets --minutes 1 runs longer;
#                    builds before and the report after come on top (about
#                    a minute on a fresh clone, seconds after)
#   --engine E       libfuzzer (default): one target at a time, JOBS
#                    processes on its work corpus (restarted after a crash);
#                    afl: one -M main and -S secondaries (the first one runs
#                    CMPLOG) per target; both: the jobs split between them
#   --jobs N         parallel fuzzing processes (default: number of cores)
#   --target NAME    fuzz only this target (repeatable; default all)
#   --update-corpus  add to corpus/<target>/ the inputs of the merged
#                    corpus that reach features it lacks (nothing committed
#                    is removed: the mutants' replay needs the inputs on
#                    each boundary)
#
# Scheduling: the budget is spent in slices. First every target gets a
# floor slice (a third of the budget shared equally, at least 10 s); the
# rest goes in longer slices (a twelfth of the budget, at most 60 s), each
# to the target whose last slice yielded most: new corpus entries per
# second, each an input the engine kept for new coverage (as ClusterFuzz
# picks targets). A target that stops finding anything stops getting
# time; one that keeps finding keeps it. Each slice resumes the
# target's work corpus. The summary says how the time was split and why.
#
# Everything lands in out/campaign/<timestamp>/: per target its work
# corpus, merged corpus, logs, coverage-over-time CSV and PNG; unique
# crashes in crashes/ with a reproduce command each; an llvm-cov HTML
# report of src/ and netdev/ in coverage/; summary.md. Prints a progress
# line every 30 seconds. The last line is exactly
#   campaign: T targets, E runs, C crashes, lines L%, branches B%
# (L and B for src/ and netdev/, from the merged corpora). Exits 1 when a crash was
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
budget=$(( minutes * 60 ))
slot=$(( budget / (3 * ${#targets[@]}) ))
[ "$slot" -ge 10 ] || slot=10
# Later slices are longer (a twelfth of the budget, up to 60 s, never
# shorter than the floor): every slice reloads the target's corpus, which
# for the slow targets cost a third of a 10 s slice.
chunk=$(( budget / 12 ))
[ "$chunk" -le 60 ] || chunk=60
[ "$chunk" -ge "$slot" ] || chunk=$slot
lf_jobs=$jobs; afl_jobs=$jobs
if [ "$engine" = both ]; then
  lf_jobs=$(( jobs / 2 )); [ "$lf_jobs" -ge 1 ] || lf_jobs=1
  afl_jobs=$(( jobs - lf_jobs )); [ "$afl_jobs" -ge 1 ] || afl_jobs=1
fi
log "${#targets[@]} targets, engine $engine, $jobs jobs, ${budget}s: a ${slot}s floor slice each, then ${chunk}s slices by yield, into $out"

option() {  # option TARGET KEY: a value from fuzz/TARGET.options
  [ -f "fuzz/$1.options" ] && sed -nE "s/^$2 *= *(.*)$/\1/p" "fuzz/$1.options" | head -1
}

# ---- engines ----------------------------------------------------------------
start_libfuzzer() {  # TARGET DIR SECONDS
  local target=$1 dir=$2 seconds=$3 i
  # One long-lived process per job on the shared work corpus (each reloads
  # the others' finds every second), not -fork: -fork's jobs live 1 s, 2 s,
  # 3 s, ... and each starts from scratch (its own corpus subset, fresh
  # feature frequencies), so in a 16-60 s slice most of their time went to
  # warming up; net_stack ran 3,057 exec/s with -fork=2 and 5,840 with two
  # workers over the same 20 s.
  local args=(-print_final_stats=1 -artifact_prefix="$dir/libfuzzer-crashes/" -timeout=10
              -rss_limit_mb=2048)
  mapfile -t -O "${#args[@]}" args < <(scripts/libfuzzer-flags.sh "$target")
  mkdir -p "$dir/libfuzzer-crashes"
  for ((i = 0; i < lf_jobs; i++)); do
    libfuzzer_worker "$target" "$dir" "$seconds" "$dir/libfuzzer-$i.log" "${args[@]}" &
    pids+=($!)
  done
}

# One worker: runs the target until the slice ends, restarting it after a
# crash, a timeout or an out-of-memory (what -fork's -ignore_crashes did),
# at most 100 times a slice. Every run appends to LOG.
libfuzzer_worker() {  # TARGET DIR SECONDS LOG ARGS...
  local target=$1 dir=$2 seconds=$3 logfile=$4 left restarts=0 deadline
  shift 4
  deadline=$(( $(date +%s) + seconds ))
  while [ "$restarts" -lt 100 ]; do
    left=$(( deadline - $(date +%s) ))
    [ "$left" -ge 1 ] || break
    # ASan's quarantine at 64 MiB instead of 256: freed memory is still
    # held back for use-after-free checks across many inputs, and the
    # stack targets run 1.5x faster without faulting in fresh pages.
    (cd "$dir" && ASAN_OPTIONS=quarantine_size_mb=64 \
       exec "$root/build/fuzz/bin/fuzz_$target" "$@" -max_total_time="$left" "$dir/corpus" \
       >>"$logfile" 2>&1)
    restarts=$(( restarts + 1 ))
  done
}

start_afl() {  # TARGET DIR SECONDS (a later slice resumes the same output)
  local target=$1 dir=$2 seconds=$3 max_len dict i
  # The seeds, once: a later slice resumes the output (AFL_AUTORESUME) and
  # ignores -i.
  if [ ! -d "$dir/afl-in" ]; then
    mkdir -p "$dir/afl-in"
    find "$dir/corpus" -type f -size +0 -size -1024k -exec cp {} "$dir/afl-in/" \;
    [ -n "$(ls -A "$dir/afl-in")" ] || printf 'seed' >"$dir/afl-in/seed"
  fi
  local common=(-i "$dir/afl-in" -o "$dir/afl" -V "$seconds" -t 10000 -m none)
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
    AFL_AUTORESUME=1 \
    AFL_CUSTOM_MUTATOR_LIBRARY="$root/build/release/lib/librampart_afl_mutator.so" \
    RAMPART_AFL_TARGET="$target" ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=1:quarantine_size_mb=64 \
      afl-fuzz "${common[@]}" "${role[@]}" "${cmplog[@]}" -- "$root/build/afl/bin/fuzz_$target" \
      >"$dir/afl-$i.log" 2>&1 &
    pids+=($!)
  done
}

# Current figures of a running target: "execs exec_per_s edges crashes
# features" (features: libFuzzer's ft, shown in the schedule beside the
# new entries the scheduler goes by; AFL++ has edges only).
snapshot() {  # DIR
  local dir=$1 execs=0 speed=0 edges=0 crashes=0 features=0 line f
  if compgen -G "$dir/libfuzzer-*.log" >/dev/null; then
    # Each worker's log holds one or more runs (a restart after a crash
    # starts a new count at "INFO: Seed"): runs add up, edges and features
    # are the best worker's, exec/s the sum of each worker's last figure.
    read -r execs speed edges features < <(awk '
      FNR == 1 { total += last; last = 0; speed += rate; rate = 0 }
      /^INFO: Seed:/ { total += last; last = 0 }
      /^#[0-9]+/ {
        last = substr($1, 2) + 0
        for (i = 2; i < NF; i++) {
          if ($i == "cov:" && $(i + 1) + 0 > edges) edges = $(i + 1) + 0
          if ($i == "ft:" && $(i + 1) + 0 > features) features = $(i + 1) + 0
          if ($i == "exec/s:") rate = $(i + 1) + 0
        }
      }
      END { total += last; speed += rate; print total + 0, speed + 0, edges + 0, features + 0 }
    ' "$dir"/libfuzzer-*.log)
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
  [ "$edges" -gt "$features" ] && features=$edges
  echo "$execs $speed $edges $crashes $features"
}

# Finds a target has made so far, all slices: the inputs libFuzzer kept
# for new coverage (its "NEW" lines; the files it writes also hold its
# reductions of inputs it had, which are not finds), and the AFL++ queue
# entries that AFL++ kept for new coverage (named "+cov"; the imported
# seeds are not finds).
entries() {  # DIR
  local n
  n=$(cat "$1"/libfuzzer.log.all "$1"/libfuzzer-*.log 2>/dev/null | grep -acE '^#[0-9]+[[:space:]]+NEW ')
  for queue in "$1"/afl/*/queue; do
    [ -d "$queue" ] && n=$(( n + $(find "$queue" -maxdepth 1 -type f -name '*+cov*' | wc -l) ))
  done
  echo "$n"
}

# One slice: TARGET SECONDS. Runs the engines on the target's work corpus,
# prints progress, appends to coverage.csv, and updates the target's
# figures (seconds, runs, edges, features, slices) and its yield.
declare -A spent runs last_edges last_features slices yield
run_slice() {
  local target=$1 seconds=$2 dir="$out/$1"
  local before_entries before_features base_execs=0 last_execs=0 start now elapsed last_print=0 held
  before_entries=$(entries "$dir")
  # Features are counted from the first figure the engine reports in the
  # slice (what the corpus it resumes already covers is not a find).
  before_features=""
  read -r base_execs _ _ _ _ < <(snapshot "$dir")
  for f in "$dir"/libfuzzer-*.log; do
    [ -f "$f" ] && cat "$f" >>"$dir/libfuzzer.log.all" && rm -f "$f"
  done
  pids=()
  start=$(date +%s)
  [ "$engine" != afl ] && start_libfuzzer "$target" "$dir" "$seconds"
  [ "$engine" != libfuzzer ] && start_afl "$target" "$dir" "$seconds"
  # libFuzzer's counter restarts with each slice; AFL++'s may carry on.
  [ "$engine" != afl ] && base_execs=0
  local execs speed edges crashes features alive pid
  while :; do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    now=$(date +%s)
    elapsed=$(( now - start ))
    read -r execs speed edges crashes features < <(snapshot "$dir")
    if [ "$features" -gt 0 ]; then
      [ -n "$before_features" ] || before_features=$features
      last_features[$target]=$features
      last_edges[$target]=$edges
    fi
    last_execs=$(( execs >= base_execs ? execs - base_execs : execs ))
    echo "$(( ${spent[$target]:-0} + elapsed )),$(( ${runs[$target]:-0} + last_execs )),${last_edges[$target]:-0}" >>"$dir/coverage.csv"
    if [ $(( now - last_print )) -ge 30 ] || [ "$alive" -eq 0 ]; then
      log "[$(( now - campaign_start ))s] $target: ${elapsed}s of ${seconds}s, $last_execs execs, $speed exec/s, $edges edges, $crashes crashes"
      last_print=$now
    fi
    [ "$alive" -eq 1 ] || break
    # A stuck engine never holds the campaign past its slice.
    if [ "$elapsed" -gt $(( seconds + 60 )) ]; then
      log "$target: engine still running ${elapsed}s after start; stopping it"
      # Each pid and its children: a libFuzzer worker is stopped first (so
      # it restarts nothing), then the engine it was waiting on.
      for pid in "${pids[@]}"; do
        children=$(pgrep -P "$pid")
        kill "$pid" $children 2>/dev/null
      done
    fi
    sleep 1
  done
  wait "${pids[@]}" 2>/dev/null
  elapsed=$(( $(date +%s) - start ))
  [ "$elapsed" -ge 1 ] || elapsed=1
  spent[$target]=$(( ${spent[$target]:-0} + elapsed ))
  runs[$target]=$(( ${runs[$target]:-0} + last_execs ))
  slices[$target]=$(( ${slices[$target]:-0} + 1 ))
  held=$(entries "$dir")
  # Yield in finds per 1000 s: new inputs the engines kept because they
  # reached new coverage (see entries), counted per input, not from the
  # engines' feature counters, which restart with every process. New
  # features are shown beside it.
  local new_features=$(( ${last_features[$target]:-0} - ${before_features:-0} ))
  local new_entries=$(( held - before_entries ))
  [ "$new_features" -ge 0 ] || new_features=0
  [ "$new_entries" -ge 0 ] || new_entries=0
  yield[$target]=$(( new_entries * 1000 / elapsed ))
  echo "$target,${slices[$target]},$elapsed,$new_features,$new_entries,${yield[$target]}" >>"$out/schedule.csv"
}

# ---- fuzz: a floor slice for every target, then slices by yield -------------------
campaign_start=$(date +%s)
echo "target,slice,seconds,new_features,new_entries,finds_per_1000s" >"$out/schedule.csv"
for target in "${targets[@]}"; do
  dir="$out/$target"
  mkdir -p "$dir/corpus"
  cp -r "corpus/$target/." "$dir/corpus/" 2>/dev/null
  echo "seconds,execs,edges" >"$dir/coverage.csv"
done
for target in "${targets[@]}"; do run_slice "$target" "$slot"; done
while :; do
  left=$(( budget - ($(date +%s) - campaign_start) ))
  [ "$left" -ge 10 ] || break
  best="" best_yield=-1
  for target in "${targets[@]}"; do
    if [ "${yield[$target]:-0}" -gt "$best_yield" ]; then best=$target; best_yield=${yield[$target]}; fi
  done
  seconds=$(( left < chunk ? left : chunk ))
  log "next: $best for ${seconds}s (its last slice: ${best_yield} finds per 1000 s; ${left}s left)"
  run_slice "$best" "$seconds"
done
for target in "${targets[@]}"; do
  speed=$(( ${runs[$target]:-0} / ${spent[$target]:-1} ))
  echo "${runs[$target]:-0} $speed ${last_edges[$target]:-0} ${spent[$target]:-0} ${slices[$target]:-0}" >"$out/$target/figures"
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
    # Add, never replace: the merge keeps one input per feature, not the
    # inputs that sit on a rule's boundary, and the mutants' replay relies
    # on those (replacing the corpora once let three DNS mutants survive).
    # Only what reaches a feature the committed corpus does not (a merge
    # into corpus/<target>): adding the whole minimized merge grew the
    # corpora by 2,900 files in one 10-minute campaign, most of them
    # smaller twins of committed inputs.
    mkdir -p "corpus/$target"
    "build/fuzz/bin/fuzz_$target" -merge=1 ${max_len:+-max_len=$max_len} "corpus/$target" "$dir/merged" \
      >>"$dir/merge.log" 2>&1 || log "$target: adding to corpus/$target reported a failure (see $dir/merge.log)"
  fi
done
if [ "$update_corpus" -eq 1 ]; then
  build release rampart_corpus_gen && build/release/bin/rampart_corpus_gen write corpus >/dev/null
  log "corpus/ updated: the minimized merged corpora added (nothing removed)"
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

# ---- coverage of src/ and netdev/ from the merged corpora ------------------------------------
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
    -format=html -show-branches=count -output-dir="$out/coverage" "$root/src" "$root/netdev" >/dev/null 2>&1
  llvm-cov-14 report "${first[@]}" "${rest[@]}" -instr-profile="$out/coverage.profdata" \
    "$root/src" "$root/netdev" >"$out/coverage.txt" 2>/dev/null
  read -r lines branches < <(awk '$1 == "TOTAL" { gsub("%", "", $10); gsub("%", "", $13); print $10, $13 }' "$out/coverage.txt")
fi

# ---- plots, summary, last line --------------------------------------------------------
total_runs=0
{
  echo "# rampart fuzzing campaign $stamp"
  echo
  echo "Engine $engine, $jobs jobs, ${budget}s of fuzzing on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))."
  echo
  echo "| target | engine | seconds | slices | runs | exec/s | corpus (merged) | edges | crashes |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$out/summary.md"
for target in "${targets[@]}"; do
  dir="$out/$target"
  read -r execs speed edges seconds count <"$dir/figures"
  corpus_size=$(find "$dir/merged" -type f | wc -l)
  crashes=$(find "$out/crashes" -mindepth 1 -maxdepth 1 -name "$target-*" | wc -l)
  total_runs=$(( total_runs + execs ))
  echo "| $target | $engine | $seconds | $count | $execs | $speed | $corpus_size | $edges | $crashes |" >>"$out/summary.md"
  gnuplot -e "set terminal pngcairo size 800,450 noenhanced;
    set output '$dir/coverage.png'; set datafile separator ',';
    set title '$target: coverage over time ($engine)'; set xlabel 'seconds'; set ylabel 'edges';
    set key off; set grid; plot '$dir/coverage.csv' every ::1 using 1:3 with lines lw 2" 2>/dev/null \
    || log "$target: no plot (gnuplot failed)"
done
{
  echo
  echo "## How the time was split"
  echo
  echo "Every target first got a floor slice of ${slot}s (a third of the budget shared equally, at least 10 s)."
  echo "The rest went in slices of up to ${chunk}s, each to the target whose last slice found the most"
  echo "new corpus entries (inputs kept for new coverage) per second. Slices in order (schedule.csv):"
  echo
  echo "| # | target | seconds | new features | new entries | finds per 1000 s |"
  echo "|---|---|---|---|---|---|"
  awk -F, 'NR > 1 { printf "| %d | %s | %s | %s | %s | %s |\n", NR - 1, $1, $3, $4, $5, $6 }' "$out/schedule.csv"
  echo
  echo "Coverage of src/ and netdev/ from the merged corpora: lines ${lines}%, branches ${branches}% (HTML: coverage/index.html; table: coverage.txt)."
  echo
  echo "Unique crashes: $unique (each in crashes/<id>/ with input, report.txt and a reproduce command)."
  echo
  echo "Plots: <target>/coverage.png."
} >>"$out/summary.md"

printf '\n%-16s %8s %12s %10s %8s %8s %8s\n' target seconds runs exec/s corpus edges crashes
for target in "${targets[@]}"; do
  read -r execs speed edges seconds _ <"$out/$target/figures"
  printf '%-16s %8s %12s %10s %8s %8s %8s\n' "$target" "$seconds" "$execs" "$speed" \
    "$(find "$out/$target/merged" -type f | wc -l)" "$edges" \
    "$(find "$out/crashes" -mindepth 1 -maxdepth 1 -name "$target-*" | wc -l)"
done
echo
log "summary: $out/summary.md"
printf 'campaign: %d targets, %d runs, %d crashes, lines %.1f%%, branches %.1f%%\n' \
  "${#targets[@]}" "$total_runs" "$unique" "$lines" "$branches"
[ "$unique" -eq 0 ]
