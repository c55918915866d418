#!/usr/bin/env bash
# Emulates the fuzzing service's build environment without Docker, runs
# build.sh, and checks the result the way the service's build check does.
#
#   fuzz/oss-fuzz/check_build.sh ENGINE SANITIZER
#     ENGINE    libfuzzer | afl
#     SANITIZER address | undefined | coverage
#
# Checks (with the service's thresholds): every target exists with its
# seed corpus zip and options; for libFuzzer builds each target run as
# `-seed=1337 -runs=4` prints "Done 4 runs" and its seed corpus runs
# without a crash; an ASan build really calls ASan (>= 1000 __asan call
# sites, <= 3 __msan, <= 200 __ubsan); a UBSan build calls UBSan (>= 168
# call sites) and not ASan; an AFL build
# starts under afl-fuzz ("All set and ready to roll" within 35 s); a
# coverage build writes a profile that llvm-profdata accepts.
set -euo pipefail
engine=$1
sanitizer=$2
project=$(cd "$(dirname "$0")/../.." && pwd)
cd "$project"

export SRC=$project WORK=$(mktemp -d) OUT
OUT=$(mktemp -d)
trap 'rm -rf "$WORK" "$OUT"' EXIT
export SANITIZER=$sanitizer FUZZING_ENGINE=$engine ARCHITECTURE=x86_64
base="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
case "$sanitizer" in
  address) san="-fsanitize=address -fsanitize-address-use-after-scope" ;;
  undefined)
    checks=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr
    fatal=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
    san="-fsanitize=$checks -fno-sanitize-recover=$fatal" ;;
  coverage) san="-fprofile-instr-generate -fcoverage-mapping" ;;
  *) echo "check_build: unknown sanitizer $sanitizer" >&2; exit 2 ;;
esac
case "$engine" in
  libfuzzer)
    export CC=clang-14 CXX=clang++-14 LIB_FUZZING_ENGINE=-fsanitize=fuzzer
    cov="-fsanitize=fuzzer-no-link"
    [ "$sanitizer" = coverage ] && cov="" ;;
  afl)
    export CC=afl-clang-fast CXX=afl-clang-fast++ LIB_FUZZING_ENGINE=/usr/lib/afl/libAFLDriver.a
    export AFL_QUIET=1
    cov="" ;;
  *) echo "check_build: unknown engine $engine" >&2; exit 2 ;;
esac
export CFLAGS="$base $san $cov" CXXFLAGS="$base $san $cov"

echo "check_build: $engine/$sanitizer: building into $OUT"
bash -eu fuzz/oss-fuzz/build.sh >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }

failures=0
fail() { echo "check_build: FAIL: $*"; failures=$((failures + 1)); }
targets=()
for f in fuzz/*.cc; do
  name=$(basename "$f" .cc)
  grep -q LLVMFuzzerTestOneInput "$f" && targets+=("$name")
done
for target in "${targets[@]}"; do
  [ -x "$OUT/$target" ] || { fail "$target was not built"; continue; }
  [ -f "$OUT/${target}_seed_corpus.zip" ] || fail "$target has no seed corpus zip"
  [ -f "$OUT/$target.options" ] || fail "$target has no options file"
  case "$engine/$sanitizer" in
    libfuzzer/address|libfuzzer/undefined)
      runs=$("$OUT/$target" -seed=1337 -runs=4 2>&1 || true)
      grep -q 'Done 4 runs' <<<"$runs" || fail "$target: no 'Done 4 runs'"
      # The seed corpus must not crash the target.
      rm -rf "$WORK/seeds" && mkdir -p "$WORK/seeds"
      (cd "$WORK/seeds" && unzip -q "$OUT/${target}_seed_corpus.zip")
      "$OUT/$target" -runs=0 -rss_limit_mb=2560 -timeout=25 "$WORK/seeds" >"$WORK/seed-run.log" 2>&1 \
        || fail "$target: a seed corpus input crashes it ($(grep -m1 -E 'ERROR|oracle' "$WORK/seed-run.log"))"
      ;;
  esac
  # Call sites into each sanitizer's runtime, counted as the service's
  # check does (to a file first: grep -q under pipefail would SIGPIPE objdump).
  objdump -dC --no-show-raw-insn "$OUT/$target" >"$WORK/disassembly"
  calls() { grep -cE "callq?\s+[0-9a-f]+\s+<__$1" "$WORK/disassembly" || true; }
  asan=$(calls asan); msan=$(calls msan); ubsan=$(calls ubsan)
  case "$sanitizer" in
    address)
      [ "$asan" -ge 1000 ] || fail "$target: only $asan __asan call sites (the service wants 1000)"
      [ "$msan" -le 3 ] || fail "$target: $msan __msan call sites in an ASan build"
      [ "$ubsan" -le 200 ] || fail "$target: $ubsan __ubsan call sites in an ASan build"
      ;;
    undefined)
      [ "$ubsan" -ge 168 ] || fail "$target: only $ubsan __ubsan call sites (the service wants 168)"
      [ "$asan" -eq 0 ] || fail "$target: $asan __asan call sites in a UBSan build"
      ;;
    coverage)
      mkdir -p "$WORK/profiles" "$WORK/unzipped-$target"
      (cd "$WORK/unzipped-$target" && unzip -q "$OUT/${target}_seed_corpus.zip")
      LLVM_PROFILE_FILE="$WORK/profiles/$target.profraw" "$OUT/$target" -runs=0 "$WORK/unzipped-$target" >/dev/null 2>&1 \
        || fail "$target: coverage replay failed"
      llvm-profdata-14 merge -sparse "$WORK/profiles/$target.profraw" -o "$WORK/profiles/$target.profdata" \
        || fail "$target: no usable coverage profile"
      ;;
  esac
  if [ "$engine" = afl ]; then
    mkdir -p "$WORK/afl-in-$target"
    printf 'seed' >"$WORK/afl-in-$target/seed"
    started=$(AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
      timeout 35 afl-fuzz -i "$WORK/afl-in-$target" -o "$WORK/afl-out-$target" -V 2 -m none \
      -- "$OUT/$target" 2>&1 || true)
    grep -q 'All set and ready to roll' <<<"$started" || fail "$target did not start under afl-fuzz"
  fi
done
echo "check_build: $engine/$sanitizer: ${#targets[@]} targets checked, $failures failures"
[ "$failures" -eq 0 ]
