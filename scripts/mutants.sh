#!/usr/bin/env bash
# Mutation testing of the fuzz suite: does a fuzz target notice when a rule
# is loosened? Each mutant in fuzz/mutants/ is one small patch of one rule
# (a length check, a checksum rule, a demux precedence, a bound, a
# device-ring rule) with the fuzz targets that reach it. For each mutant:
# apply it, rebuild its targets one at a time (one build tree,
# incrementally), replay the committed corpora through each (everything
# under corpus/, as ctest does) until one fails,
# and with --fuzz also fuzz each target for SECONDS; a target that fails
# (oracle abort, sanitizer report, or a hang past 120 s) kills the mutant.
# Mutants are applied to a copy of the tree (build/mutants-tree, brought up
# to date with the working tree at the start, files whose bytes differ
# copied afresh), never to the working tree itself: other builds and tests
# may run alongside, and a killed run leaves nothing behind. In the copy
# the source is restored after every mutant and on every exit path.
#
#   scripts/mutants.sh [--fuzz SECONDS] [--list] [MUTANT...]
#
#   MUTANT        names (fuzz/mutants/NAME.mutant) to run; default all
#   --fuzz S      after a replay that does not kill, fuzz each target for S
#                 seconds (libFuzzer, build/mutants-fuzz); default: replay only
#   --list        print the catalog (name, file, targets, rule) and exit
#
# Prints one line per mutant ("killed by TARGET (replay|fuzz, T s)",
# "SURVIVED", "stale" when its line is no longer in the file, "no build"
# when the patched file does not compile) and a total; the last line is
#   mutants: N killed, S survived, X stale or unbuildable (of T)
# Exits 1 unless every mutant was killed; 2 on bad arguments.
#
# A mutant file:
#   # the rule, in words (the reason name where there is one)
#   file: src/wire/udp.cc
#   targets: udp_rx udp_roundtrip frame
#   - the exact text of the line as it is (must occur once in the file)
#   + the text that replaces it
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

fuzz_seconds=0
list=0
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fuzz) fuzz_seconds="${2:-}"; shift 2 ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    -*) echo "mutants: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[[ "$fuzz_seconds" =~ ^[0-9]+$ ]] || { echo "mutants: --fuzz needs a number of seconds" >&2; exit 2; }

field() { sed -n "s/^$2: //p" "$1" | head -1; }

if [ ${#names[@]} -eq 0 ]; then
  # Grouped by file, so consecutive mutants recompile one file each.
  while IFS= read -r path; do names+=("$(basename "$path" .mutant)"); done < <(
    for m in fuzz/mutants/*.mutant; do echo "$(field "$m" file) $m"; done | sort | cut -d' ' -f2)
fi
for name in "${names[@]}"; do
  [ -f "fuzz/mutants/$name.mutant" ] || { echo "mutants: no fuzz/mutants/$name.mutant" >&2; exit 2; }
done

if [ "$list" -eq 1 ]; then
  for name in "${names[@]}"; do
    m="fuzz/mutants/$name.mutant"
    printf '%-32s %-28s %-30s %s\n' "$name" "$(field "$m" file)" "$(field "$m" targets)" \
      "$(sed -n 's/^# //p' "$m" | head -1)"
  done
  exit 0
fi

backup=""
mutated=""
restore() {
  if [ -n "$mutated" ] && [ -f "$backup" ]; then cp "$backup" "$mutated"; fi
  mutated=""
}
cleanup() { restore; rm -f "$backup"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
backup=$(mktemp)

# Apply: the "-" text must occur exactly once in the file.
apply() {  # MUTANT_FILE SOURCE_FILE
  python3 - "$1" "$2" <<'PY'
import sys
mutant, source = sys.argv[1], sys.argv[2]
lines = open(mutant).read().splitlines()
find = "\n".join(l[2:] for l in lines if l.startswith("- "))
repl = "\n".join(l[2:] for l in lines if l.startswith("+ "))
text = open(source).read()
if not find or text.count(find) != 1:
    sys.exit(3)
open(source, "w").write(text.replace(find, repl))
PY
}

# The copy: every tracked or untracked-but-not-ignored file of the working
# tree; a file is rewritten only when its bytes differ (so its new mtime
# makes the build recompile it, and unchanged files stay built).
copy="$root/build/mutants-tree"
python3 - "$root" "$copy" <<'PY' || { echo "mutants: could not copy the tree" >&2; exit 2; }
import os, shutil, subprocess, sys
root, copy = sys.argv[1], sys.argv[2]
listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others",
                         "--exclude-standard"], capture_output=True, check=True).stdout
wanted = set()
for name in filter(None, listed.decode().split("\0")):
    source = os.path.join(root, name)
    if not os.path.isfile(source):
        continue  # deleted in the working tree, not yet in the index
    wanted.add(name)
    target = os.path.join(copy, name)
    with open(source, "rb") as f:
        data = f.read()
    if os.path.isfile(target):
        with open(target, "rb") as f:
            if f.read() == data:
                continue
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)
    shutil.copymode(source, target)
for base, dirs, files in os.walk(copy):
    if base == copy:
        dirs[:] = [d for d in dirs if d != "build"]
    for name in files:
        path = os.path.join(base, name)
        if os.path.relpath(path, copy) not in wanted:
            os.remove(path)
PY
cd "$copy" || exit 2
echo "mutants: configuring build/mutants-tree/build/mutants (clang 14, -O1, ASan + UBSan, replay drivers)"
cmake --preset mutants >/dev/null || { echo "mutants: configure failed" >&2; exit 2; }
if [ "$fuzz_seconds" -gt 0 ]; then
  cmake --preset mutants-fuzz >/dev/null || { echo "mutants: configure failed" >&2; exit 2; }
fi
# The unmutated targets must pass their own corpora first.
all_targets=$(for name in "${names[@]}"; do field "fuzz/mutants/$name.mutant" targets; done |
              tr ' ' '\n' | sort -u | tr '\n' ' ')
if ! cmake --build build/mutants --target $(printf 'fuzz_%s ' $all_targets) >/dev/null; then
  echo "mutants: the unmutated tree does not build" >&2; exit 2
fi

# As ctest does: every committed input (every target's seeds and every
# regression) through the target, another target's inputs being free
# extra cases. (The braces keep this shell's report of a killed target
# quiet.)
replay() {  # TARGET BUILD_DIR: 0 if the target passes the corpora
  { timeout 120 "$2/bin/fuzz_$1" corpus >/dev/null 2>&1; } 2>/dev/null
}
for target in $all_targets; do
  replay "$target" build/mutants || { echo "mutants: fuzz_$target fails on its own corpus" >&2; exit 2; }
done

killed=0 survived=0 broken=0 total=0
started=$(date +%s)
for name in "${names[@]}"; do
  m="fuzz/mutants/$name.mutant"
  file=$(field "$m" file)
  targets=$(field "$m" targets)
  total=$((total + 1))
  cp "$file" "$backup"
  mutated=$file
  if ! apply "$m" "$file"; then
    restore
    echo "mutant $name: stale (its line is not in $file exactly once)"
    broken=$((broken + 1)); continue
  fi
  # Each target is built just before its replay, so a mutant the first
  # target kills costs one link, not one per target (a small saving: the
  # recompile of the mutated file is most of a mutant's 3.7 s).
  verdict="" unbuilt=""
  for target in $targets; do
    if ! cmake --build build/mutants --target "fuzz_$target" >/dev/null 2>&1; then
      unbuilt=$target; break
    fi
    t0=$(date +%s%N)
    if ! replay "$target" build/mutants; then
      verdict="killed by $target (replay, $(( ($(date +%s%N) - t0) / 1000000 )) ms)"; break
    fi
  done
  if [ -n "$unbuilt" ]; then
    restore
    echo "mutant $name: no build (the patched $file does not compile into fuzz_$unbuilt)"
    broken=$((broken + 1)); continue
  fi
  if [ -z "$verdict" ] && [ "$fuzz_seconds" -gt 0 ] &&
     cmake --build build/mutants-fuzz --target $(printf 'fuzz_%s ' $targets) >/dev/null 2>&1; then
    for target in $targets; do
      work=$(mktemp -d)
      cp -r "corpus/$target/." "$work/"
      mapfile -t options < <(scripts/libfuzzer-flags.sh "$target")
      t0=$(date +%s%N)
      if ! timeout $((fuzz_seconds + 60)) build/mutants-fuzz/bin/fuzz_"$target" "${options[@]}" \
           -max_total_time="$fuzz_seconds" -artifact_prefix="$work/" -print_final_stats=0 \
           "$work" >/dev/null 2>&1; then
        verdict="killed by $target (fuzz, $(( ($(date +%s%N) - t0) / 1000000 )) ms)"
      fi
      rm -rf "$work"
      [ -n "$verdict" ] && break
    done
  fi
  restore
  if [ -n "$verdict" ]; then
    echo "mutant $name: $verdict"; killed=$((killed + 1))
  else
    echo "mutant $name: SURVIVED ($(sed -n 's/^# //p' "$m" | head -1); targets $targets)"
    survived=$((survived + 1))
  fi
done
# Leave the tree built from the unmutated sources.
cmake --build build/mutants --target $(printf 'fuzz_%s ' $all_targets) >/dev/null 2>&1 || true
echo "mutants: $(( $(date +%s) - started )) s"
echo "mutants: $killed killed, $survived survived, $broken stale or unbuildable (of $total)"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
