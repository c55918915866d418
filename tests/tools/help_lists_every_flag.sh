#!/usr/bin/env bash
# The command's help, checked against the flags themselves: every flag's
# own help text starts with the commands that read it ("echo/send: ...",
# "all: ..."), as `rampart --helpfull` prints it; `rampart help CMD`,
# `rampart CMD --help` must list each such flag with its default. Also the
# exit codes: 0 for help, 2 for usage errors, 1 for runtime failures.
#   help_lists_every_flag.sh RAMPART_BINARY SOURCE_DIR
set -uo pipefail
rampart=$1
failures=0
fail() { echo "help: FAILED: $*"; failures=$((failures + 1)); }
expect_exit() {  # CODE COMMAND...
  local want=$1; shift
  "$@" >/dev/null 2>&1; local got=$?
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want"
}

expect_exit 0 "$rampart" --help
expect_exit 0 "$rampart" help
expect_exit 0 "$rampart" --version
expect_exit 2 "$rampart"
expect_exit 2 "$rampart" frobnicate
expect_exit 2 "$rampart" help frobnicate
expect_exit 2 "$rampart" echo --no_such_flag
expect_exit 2 "$rampart" echo --port=seven
expect_exit 2 "$rampart" inspect
expect_exit 1 "$rampart" inspect /nonexistent.pcap
expect_exit 1 "$rampart" echo --netdev tap:x --mac 02:00:00:00:00:01 --ipv4 192.0.2.2/24 --user no-such-user-here
"$rampart" --help | grep -q 'echo' || fail "--help does not list the commands"

# Every flag from Abseil's full listing, "--name (TAGS: help); default: X;",
# with the commands its help says read it.
catalog=$("$rampart" --helpfull 2>&1 | python3 -c '
import re, sys
text = " ".join(sys.stdin.read().split())
for m in re.finditer(r"--(\w+) \(([a-z]+(?:/[a-z]+)*): .*?\); default: (.*?);", text):
    print(m.group(1), m.group(2), m.group(3))
')
[ -n "$catalog" ] || fail "--helpfull lists no tagged flags"
for command in inspect echo send stats resolve; do
  for form in "help $command" "$command --help"; do
    # shellcheck disable=SC2086
    text=$("$rampart" $form) || fail "'rampart $form' failed"
    while read -r name tags default; do
      case "/$tags/" in
        */all/*|*/"$command"/*) ;;
        *) continue ;;
      esac
      grep -qF -- "--$name=$default" <<<"$text" ||
        fail "'rampart $form' does not show --$name=$default"
    done <<<"$catalog"
  done
done
[ "$failures" -eq 0 ] && echo "help: every command lists every flag it reads, with its default; exit codes 0/1/2"
[ "$failures" -eq 0 ]
