#!/usr/bin/env bash
# Installs rampart from BUILD_DIR into a temporary prefix, then builds the
# two examples as separate CMake projects against it
# (find_package(rampart CONFIG REQUIRED)) and once more with pkg-config,
# and runs them. Removes everything it made.
#   consume.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { echo "install[consume]: $*"; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
for file in include/rampart/udp/udp_stack.h include/rampart/base/version.h \
            include/rampart/netdev/loopback.h lib/cmake/rampart/rampartConfig.cmake \
            lib/cmake/rampart/rampartConfigVersion.cmake lib/pkgconfig/rampart.pc bin/rampart; do
  [ -e "$work/prefix/$file" ] || { say "FAILED: $file was not installed"; exit 1; }
done
# Internals stay out: no tests, fuzz harnesses or benchmarks.
if find "$work/prefix" -path '*fuzz*' -o -path '*tests*' -o -name '*bench*' | grep -q .; then
  say "FAILED: internals were installed"; exit 1
fi
version=$(sed -nE 's/^project\(rampart VERSION ([0-9.]+).*/\1/p' "$root/CMakeLists.txt")
[ "$("$work/prefix/bin/rampart" --version)" = "rampart $version" ] ||
  { say "FAILED: rampart --version is not 'rampart $version'"; exit 1; }
grep -q "^Version: $version$" "$work/prefix/lib/pkgconfig/rampart.pc" ||
  { say "FAILED: rampart.pc has another version"; exit 1; }
say "installed rampart $version"

for example in decide echo; do
  cmake -S "$root/examples/$example" -B "$work/$example" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$work/$example" >/dev/null
  say "built examples/$example with find_package(rampart)"
done
"$work/decide/decide"
"$work/echo/echo" "pcap:$root/tests/tools/frames.pcap,$work/answers.pcap" >"$work/echo.out"
grep -q '^echo: [0-9]* datagrams echoed' "$work/echo.out" || { say "FAILED: echo"; exit 1; }
[ -s "$work/answers.pcap" ] || { say "FAILED: echo wrote no answers file"; exit 1; }
say "$(cut -c1-60 "$work/echo.out")..."

# The same consumer through pkg-config.
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
g++ -std=c++20 -o "$work/decide-pc" "$root/examples/decide/main.cc" \
  $(pkg-config --cflags --libs rampart)
"$work/decide-pc" >/dev/null
say "built and ran examples/decide with pkg-config"
say "all checks passed"
