#!/usr/bin/env bash
# Every drop reason the code knows (`rampart stats --list`) must have a
# row "| `name` | layer |" in README.md and in SECURITY.md.
#   reasons_listed.sh RAMPART_BINARY SOURCE_DIR
set -euo pipefail
rampart=$1
root=$2
missing=0
while read -r layer name; do
  for doc in README.md SECURITY.md; do
    if [ "$layer" = udp ]; then pattern="| \`$name\` | udp |"; else pattern="| \`$name\` | $layer |"; fi
    if ! grep -qF -- "$pattern" "$root/$doc"; then
      echo "reasons_listed: $doc has no row for $name ($layer)"
      missing=$((missing + 1))
    fi
  done
done < <("$rampart" stats --list)
[ "$missing" -eq 0 ] && echo "reasons_listed: every reason is documented"
[ "$missing" -eq 0 ]
