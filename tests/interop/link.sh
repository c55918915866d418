#!/usr/bin/env bash
# Interop: a dead link under `rampart echo` on AF_PACKET (and a deleted tap).
#  1. link down: rampart says so once and waits without spinning (CPU time
#     over a second of down link stays small); link up again: the first
#     datagram the kernel sends afterwards is echoed.
#  2. the interface deleted while up, and while down: rampart exits within
#     2 s, non-zero, with a message naming the device.
#  3. the same for a tap interface deleted under `rampart echo`.
# Namespaces and links are made here and removed on every exit path;
# addresses are documentation ranges.
#
#   link.sh BIN_DIR [WORK_DIR]
set -euo pipefail

BIN=${1:?bin dir}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
TAG="rl$$"
NS_K="${TAG}k"   # the kernel peer
NS_R="${TAG}r"   # rampart
ECHO_PID=""
failures=0

say() { echo "interop[link]: $*"; }
fail() { say "FAILED: $*"; failures=$((failures + 1)); }

cleanup() {
  local status=$?
  [ -z "$ECHO_PID" ] || kill -KILL "$ECHO_PID" 2>/dev/null || true
  ip netns del "$NS_K" 2>/dev/null || true
  ip netns del "$NS_R" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT INT TERM

ip netns add "$NS_K"
ip netns add "$NS_R"
for ns in "$NS_K" "$NS_R"; do
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done

make_link() {  # a fresh veth pair, kernel side addressed
  ip link add "${TAG}a" netns "$NS_K" type veth peer name "${TAG}b" netns "$NS_R"
  ip netns exec "$NS_K" ethtool -K "${TAG}a" tx off >/dev/null
  ip -n "$NS_K" addr add 192.0.2.1/24 dev "${TAG}a"
  ip -n "$NS_K" link set "${TAG}a" up
  ip -n "$NS_R" link set "${TAG}b" up
}

start_echo() {  # NETDEV NAME
  ip netns exec "$NS_R" "$BIN/rampart" echo --netdev "$1" --mac 02:00:00:00:72:02 \
    --ipv4 192.0.2.2/24 --port 7 --stats-on-exit >"$WORK/$2.out" 2>"$WORK/$2.err" &
  ECHO_PID=$!
  for _ in $(seq 1 100); do
    grep -q '^ready' "$WORK/$2.out" 2>/dev/null && return 0
    sleep 0.1
  done
  say "FAILED: rampart echo never became ready"; cat "$WORK/$2.err"; exit 1
}

# One datagram from a kernel socket; prints "echoed" or "lost".
kernel_echo() {
  timeout 10 ip netns exec "$NS_K" python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3.0)
payload = ("after the link came back: " + sys.argv[1]).encode()
s.sendto(payload, ("192.0.2.2", 7))
try:
    data, _ = s.recvfrom(2048)
    print("echoed" if data == payload else "different")
except socket.timeout:
    print("lost")
PY
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$ECHO_PID/stat"; }

# Waits up to 3 s for rampart to exit; checks the exit status, the time
# and the message.
expect_exit_naming() {  # WHAT DEVICE NAME START_NS
  local what=$1 device=$2 name=$3 start=$4 code elapsed_ms
  for _ in $(seq 1 30); do kill -0 "$ECHO_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$ECHO_PID" 2>/dev/null; then
    fail "$what: rampart echo still running 3 s later"; kill -KILL "$ECHO_PID"; wait "$ECHO_PID" || true
    ECHO_PID=""; return
  fi
  set +e; wait "$ECHO_PID"; code=$?; set -e
  ECHO_PID=""
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ "$code" -ne 0 ] && [ "$elapsed_ms" -le 2000 ] && grep -q "$device" "$WORK/$name.err"; then
    say "ok: $what: exit $code after $elapsed_ms ms: $(grep "$device" "$WORK/$name.err" | tail -1)"
  else
    fail "$what: exit $code after $elapsed_ms ms"; sed 's/^/    /' "$WORK/$name.err"
  fi
}

# 1. Down, then up.
make_link
start_echo "afpacket:${TAG}b" updown
[ "$(kernel_echo before)" = echoed ] && say "ok: echo before the link goes down" || fail "echo before the link went down"
ip -n "$NS_R" link set "${TAG}b" down
sleep 0.3
before=$(cpu_ticks)
sleep 1
spent=$(( $(cpu_ticks) - before ))
if [ "$spent" -le 10 ]; then say "ok: link down: $spent ticks of CPU in 1 s (no spinning)"; else
  fail "link down: $spent ticks of CPU in 1 s (spinning)"; fi
downs=$(grep -c "link down" "$WORK/updown.err" || true)
[ "$downs" = 1 ] && say "ok: the link going down is reported once" || fail "link down reported $downs times"
ip -n "$NS_R" link set "${TAG}b" up
for _ in $(seq 1 30); do
  ip -n "$NS_K" link show "${TAG}a" | grep -q LOWER_UP && break
  sleep 0.1
done
result=$(kernel_echo after)
if [ "$result" = echoed ]; then say "ok: the first datagram after the link came back is echoed"; else
  fail "the first datagram after the link came back: $result"; fi
grep -q "link up" "$WORK/updown.err" && say "ok: the link coming back is reported" || fail "link up not reported"

# 2a. Deleted while up: the socket reports an error at once.
start=$(date +%s%N)
ip -n "$NS_K" link del "${TAG}a"
expect_exit_naming "interface deleted while up" "afpacket:${TAG}b" updown "$start"
# Down, up, and down once more as the interface went away.
counters=$(grep -o '"device":{[^}]*}' "$WORK/updown.out" || true)
case "$counters" in
  *'"Errors":2,"Hangups":0,"LinkDowns":2,"LinkUps":1}') say "ok: device counters $counters" ;;
  *) fail "device counters: ${counters:-none printed}" ;;
esac

# 2b. Deleted while down: nothing is reported; rampart must look.
make_link
start_echo "afpacket:${TAG}b" downdel
ip -n "$NS_R" link set "${TAG}b" down
sleep 0.5
start=$(date +%s%N)
ip -n "$NS_R" link del "${TAG}b"
expect_exit_naming "interface deleted while down" "afpacket:${TAG}b" downdel "$start"

# 3. A tap deleted under rampart.
start_echo "tap:${TAG}t" tap
start=$(date +%s%N)
ip -n "$NS_R" link del "${TAG}t"
expect_exit_naming "tap deleted" "tap:${TAG}t" tap "$start"

[ "$failures" -eq 0 ] || { say "$failures check(s) failed"; exit 1; }
say "all checks passed"
