#!/usr/bin/env bash
# The libFuzzer flags of a fuzz target, from fuzz/TARGET.options: every
# "key = value" of its [libfuzzer] section as -key=value, one per line, as
# OSS-Fuzz and ClusterFuzzLite pass them (a dict is named relative to
# fuzz/, printed as an absolute path). Prints nothing when the target has
# no options file. Used by campaign.sh and mutants.sh.
#
#   scripts/libfuzzer-flags.sh TARGET
set -euo pipefail
fuzz="$(cd "$(dirname "$0")/.." && pwd)/fuzz"
[ $# -eq 1 ] || { echo "usage: libfuzzer-flags.sh TARGET" >&2; exit 2; }
[ -f "$fuzz/$1.options" ] || exit 0
awk -v fuzz="$fuzz" '
  /^\[/ { section = $0; next }
  section == "[libfuzzer]" && /=/ {
    key = $0; sub(/ *=.*/, "", key); value = $0; sub(/^[^=]*= */, "", value)
    if (key == "dict") value = fuzz "/" value
    print "-" key "=" value
  }' "$fuzz/$1.options"
