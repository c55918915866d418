#!/usr/bin/env bash
# rampart's test command (the README's and CI's): bootstrap, then configure,
# build and run ctest for the release (g++), asan (clang 14, ASan + UBSan +
# LSan) and hardened (clang 19, -Werror=unsafe-buffer-usage on src/ and
# netdev/) presets. Runs every preset even if one fails; exits non-zero on
# any failure. The last line is "test.sh: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh || exit 1

jobs=$(nproc)
passed=0
failed=0
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for preset in release asan hardened; do
  echo "=== preset $preset"
  if ! cmake --preset "$preset" >/dev/null || ! cmake --build --preset "$preset" -j "$jobs"; then
    echo "test.sh: build of preset $preset failed" >&2
    status=1
    failed=$((failed + 1))
    continue
  fi
  ctest --preset "$preset" -j "$jobs" --timeout 900 2>&1 | tee "$log" | grep -Ev '^ +Start |Test +#[0-9]+: .* Passed'
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # ctest's summary: "100% tests passed, 0 tests failed out of 147"
  summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -z "$summary" ]; then
    echo "test.sh: no ctest summary for preset $preset" >&2
    status=1
    continue
  fi
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
done

# Lint: formatting (.clang-format) of every C++ file we own, and the
# static checks (.clang-tidy) over src/ and netdev/ with the asan preset's
# compile commands. Each counts as one test.
echo "=== lint"
cxx_files=$(git ls-files 'src/*.cc' 'src/*.h' 'netdev/*.cc' 'netdev/*.h' 'tools/*.cc' 'tools/*.h' \
  'tests/*.cc' 'tests/*.h' 'fuzz/*.cc' 'fuzz/*.h' 'bench/*.cc')
if clang-format-14 --dry-run -Werror $cxx_files; then
  echo "lint: clang-format clean"; passed=$((passed + 1))
else
  echo "lint: clang-format found unformatted code (run clang-format-14 -i on it)" >&2
  failed=$((failed + 1)); status=1
fi
if [ -f build/asan/compile_commands.json ] &&
   git ls-files 'src/*.cc' 'netdev/*.cc' | xargs -P "$jobs" -n 4 clang-tidy-14 -p build/asan --quiet 2>/dev/null >"$log" &&
   ! grep -qE '(warning|error):' "$log"; then
  echo "lint: clang-tidy clean"; passed=$((passed + 1))
else
  grep -E '(warning|error):' "$log" >&2 || echo "lint: clang-tidy did not run" >&2
  failed=$((failed + 1)); status=1
fi

echo "test.sh: $passed passed, $failed failed"
exit $status
