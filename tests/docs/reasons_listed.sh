#!/usr/bin/env bash
# Every drop reason of the reason table (base/reason.h, printed by
# `rampart stats --list --format markdown`) must have exactly its row
# "| `name` | layer | rule |" in README.md and in SECURITY.md, and
# neither document may list a reason the table does not have.
#   reasons_listed.sh RAMPART_BINARY SOURCE_DIR
set -euo pipefail
rampart=$1
root=$2
missing=0
rows=$("$rampart" stats --list --format markdown)
[ -n "$rows" ] || { echo "reasons_listed: the table printed no rows"; exit 1; }
while IFS= read -r row; do
  for doc in README.md SECURITY.md; do
    if ! grep -qxF -- "$row" "$root/$doc"; then
      echo "reasons_listed: $doc lacks the row: $row"
      missing=$((missing + 1))
    fi
  done
done <<<"$rows"
for doc in README.md SECURITY.md; do
  while IFS= read -r name; do
    if ! grep -qF -- "| \`$name\` |" <<<"$rows"; then
      echo "reasons_listed: $doc lists $name, which the reason table does not have"
      missing=$((missing + 1))
    fi
  done < <(grep -oE '^\| `[a-z0-9_]+` \| (eth|arp|ipv4|ipv6|frag|icmp|udp|tx|neigh|dns) \|' "$root/$doc" |
           sed -E 's/^\| `([a-z0-9_]+)`.*/\1/')
done
[ "$missing" -eq 0 ] && echo "reasons_listed: every reason is documented, rule for rule"
[ "$missing" -eq 0 ]
