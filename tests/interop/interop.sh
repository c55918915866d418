#!/usr/bin/env bash
# Interop: `rampart echo` in one network namespace, the Linux kernel's own
# UDP sockets and ping in another, joined by a veth pair (rampart on
# AF_PACKET) or by a tap (rampart on /dev/net/tun, the tap moved into the
# kernel's namespace). Everything is made here and removed on every exit
# path; addresses are documentation ranges that exist only inside.
#
#   interop.sh BIN_DIR afpacket|tap [WORK_DIR]
set -euo pipefail

BIN=${1:?bin dir}
MODE=${2:?afpacket or tap}
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
SIZES=0,1,7,8,100,1472,1473,8000,65507
PORT=7
CLOSED_PORT=9
TAG="rp$$"
NS_K="${TAG}k"   # the kernel peer
NS_R="${TAG}r"   # rampart
RAMPART_MAC=02:00:00:00:72:02
ECHO_PID=""

say() { echo "interop[$MODE]: $*"; }

cleanup() {
  local status=$?
  if [ -n "$ECHO_PID" ] && kill -0 "$ECHO_PID" 2>/dev/null; then
    kill -KILL "$ECHO_PID" 2>/dev/null || true
  fi
  ip netns del "$NS_K" 2>/dev/null || true
  ip netns del "$NS_R" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT INT TERM

ip netns add "$NS_K"
ip netns add "$NS_R"
ip -n "$NS_K" link set lo up
ip -n "$NS_R" link set lo up
# The rampart side's kernel must stay out of the conversation.
ip netns exec "$NS_R" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

if [ "$MODE" = afpacket ]; then
  V4_NET=192.0.2; V6_NET=2001:db8:0:1
  ip link add "${TAG}a" netns "$NS_K" type veth peer name "${TAG}b" netns "$NS_R"
  K_IF="${TAG}a"
  # Linux leaves the UDP checksum to the receiver across veth (offload);
  # rampart would accept such frames as device-verified, but the capture
  # and the software checksum check want real checksums on the wire.
  ip netns exec "$NS_K" ethtool -K "$K_IF" tx off >/dev/null
  ip -n "$NS_R" link set "${TAG}b" up
  NETDEV="afpacket:${TAG}b"
else
  V4_NET=198.51.100; V6_NET=2001:db8:0:2
  K_IF="${TAG}t"
  NETDEV="tap:${TAG}t"
fi

ip netns exec "$NS_R" "$BIN/rampart" echo --netdev "$NETDEV" --mac "$RAMPART_MAC" \
  --ipv4 "$V4_NET.2/24" --ipv6 "$V6_NET::2/64" --port "$PORT" --port_unreachable \
  --capture "$WORK/$MODE.pcap" --stats-on-exit --stats-interval 1 >"$WORK/echo.out" 2>"$WORK/echo.err" &
ECHO_PID=$!
for _ in $(seq 1 100); do
  grep -q '^ready' "$WORK/echo.out" 2>/dev/null && break
  kill -0 "$ECHO_PID" 2>/dev/null || { cat "$WORK/echo.err" >&2; exit 1; }
  sleep 0.1
done
grep -q '^ready' "$WORK/echo.out" || { say "rampart never became ready"; exit 1; }
say "$(head -1 "$WORK/echo.out")"

if [ "$MODE" = tap ]; then
  # rampart made the tap in its namespace and holds its descriptor; the
  # interface moves to the kernel peer's side, the descriptor keeps working.
  ip -n "$NS_R" link set "$K_IF" netns "$NS_K"
fi
ip netns exec "$NS_K" sysctl -qw "net.ipv6.conf.$K_IF.accept_ra=0" "net.ipv6.conf.$K_IF.autoconf=0"
ip -n "$NS_K" addr add "$V4_NET.1/24" dev "$K_IF"
ip -n "$NS_K" -6 addr add "$V6_NET::1/64" dev "$K_IF" nodad
ip -n "$NS_K" link set "$K_IF" up

failures=0
# Least privilege: once ready, the echo holds no capability (not even in
# its bounding set), runs as nobody, cannot gain privileges and is under a
# seccomp filter (issue 16).
status_of() { sed -n "s/^$1:[[:space:]]*//p" "/proc/$ECHO_PID/status"; }
nobody_uid=$(id -u nobody)
for field in CapEff CapPrm CapBnd CapAmb; do
  if [ "$(status_of "$field")" = 0000000000000000 ]; then say "ok: sandbox $field is zero"; else
    say "FAILED: sandbox $field is $(status_of "$field")"; failures=$((failures + 1)); fi
done
if [ "$(status_of NoNewPrivs)" = 1 ] && [ "$(status_of Seccomp)" = 2 ] &&
   [ "$(status_of Uid | awk '{print $1}')" = "$nobody_uid" ] &&
   [ "$(status_of Groups)" = "" ]; then
  say "ok: sandbox NoNewPrivs 1, Seccomp 2, uid $nobody_uid, no supplementary groups"
else
  say "FAILED: sandbox state: $(grep -E '^(NoNewPrivs|Seccomp|Uid|Gid|Groups):' "/proc/$ECHO_PID/status" | tr '\n' ' ')"
  failures=$((failures + 1))
fi
# shellcheck source=kernel_checks.sh
. "$(dirname "$0")/kernel_checks.sh"
kernel_echo_matrix "$NS_K" "$WORK" 60 "$BIN/rampart_kernel_peer" "$V4_NET.2" "$V6_NET::2" \
  "$PORT" "$CLOSED_PORT" "$SIZES"
burst_check "$NS_K" "$WORK" "$V4_NET.2" "$PORT" 1000
burst_check "$NS_K" "$WORK" "$V6_NET::2" "$PORT" 1000

if [ "$MODE" = afpacket ]; then
  # The other direction: rampart sends, a kernel echo server answers.
  ip netns exec "$NS_K" "$BIN/rampart_kernel_peer" echo-server 5007 3 >"$WORK/server.out" &
  SERVER_PID=$!
  for _ in $(seq 1 50); do grep -q ready "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
  check_send() {
    if timeout 60 ip netns exec "$NS_R" "$BIN/rampart" send --netdev "$NETDEV" \
        --mac 02:00:00:00:72:03 --ipv4 "$V4_NET.3/24" --ipv6 "$V6_NET::3/64" \
        --to "$1" --sizes "$SIZES" --expect_echo >"$WORK/send.out" 2>&1; then
      say "ok: rampart send to $1, kernel echo"
    else
      say "FAILED: rampart send to $1"; sed 's/^/    /' "$WORK/send.out"; failures=$((failures + 1))
    fi
  }
  check_send "udp://$V4_NET.1:5007"
  check_send "udp://[$V6_NET::1]:5007"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
fi

# Alive and sandboxed, it still reports: the periodic summary, and every
# counter on SIGUSR1.
kill -USR1 "$ECHO_PID"
for _ in $(seq 1 30); do
  grep -q '^stats: frames in' "$WORK/echo.out" && [ "$(grep -c '"udp":{' "$WORK/echo.out")" -ge 1 ] && break
  sleep 0.1
done
if grep -q '^stats: frames in [1-9]' "$WORK/echo.out"; then say "ok: --stats-interval summary"; else
  say "FAILED: no --stats-interval summary"; failures=$((failures + 1)); fi
if grep -q '"udp":{' "$WORK/echo.out"; then say "ok: SIGUSR1 prints the counters"; else
  say "FAILED: SIGUSR1 printed nothing"; failures=$((failures + 1)); fi

kill -TERM "$ECHO_PID"
for _ in $(seq 1 50); do kill -0 "$ECHO_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$ECHO_PID" 2>/dev/null; then
  say "FAILED: rampart echo did not exit on SIGTERM"; failures=$((failures + 1))
elif ! wait "$ECHO_PID"; then
  say "FAILED: rampart echo exited non-zero"; cat "$WORK/echo.err"; failures=$((failures + 1))
fi
ECHO_PID=""
tail -1 "$WORK/echo.out" >"$WORK/stats.json"
if grep -q '"udp":{' "$WORK/stats.json"; then say "ok: stats on exit"; else
  say "FAILED: no stats JSON"; failures=$((failures + 1)); fi

# The capture, inspected offline by a fresh stack with the same settings:
# every echo-port datagram the kernel sent must be delivered.
"$BIN/rampart" inspect --mac "$RAMPART_MAC" --ipv4 "$V4_NET.2/24" --ipv6 "$V6_NET::2/64" \
  --promisc --format jsonl "$WORK/$MODE.pcap" >"$WORK/inspect.jsonl"
delivered=$(grep -c "\"verdict\":\"deliver\",\"layer\":\"udp\",\"reason\":null.*\"dport\":$PORT," \
  "$WORK/inspect.jsonl" || true)
expected=$(( 2 * $(echo "$SIZES" | tr ',' '\n' | wc -l) ))
if [ "$delivered" -ge "$expected" ]; then
  say "ok: inspect delivers $delivered echo-port datagrams (>= $expected)"
else
  say "FAILED: inspect delivers $delivered echo-port datagrams, expected >= $expected"
  failures=$((failures + 1))
fi

if [ "$MODE" = afpacket ]; then
  # The filter bites: a test-build flag makes a sandboxed echo attempt a
  # forbidden syscall right after ready; the kernel must kill it (SIGSYS).
  for syscall in execve open socket; do
    set +e
    timeout 20 ip netns exec "$NS_R" "$BIN/rampart" echo --netdev "$NETDEV" --mac 02:00:00:00:72:04 \
      --ipv4 "$V4_NET.4/24" --port "$PORT" --sandbox_test_violation "$syscall" \
      >"$WORK/violation.out" 2>"$WORK/violation.err"
    code=$?
    set -e
    if [ "$code" -eq $((128 + 31)) ] && grep -q '^ready' "$WORK/violation.out" &&
       ! grep -q 'let .* through' "$WORK/violation.err"; then
      say "ok: sandbox kills $syscall with SIGSYS (exit $code)"
    else
      say "FAILED: $syscall under the sandbox: exit $code"; sed 's/^/    /' "$WORK/violation.err"
      failures=$((failures + 1))
    fi
  done
  [ ! -e /tmp/rampart-sandbox-escape ] || { say "FAILED: the open went through"; failures=$((failures + 1)); }
  # --no-sandbox says so and keeps the privileges (for debugging).
  set +e
  timeout 20 ip netns exec "$NS_R" "$BIN/rampart" echo --netdev "$NETDEV" --mac 02:00:00:00:72:04 \
    --ipv4 "$V4_NET.4/24" --port "$PORT" --no-sandbox --sandbox_test_violation open \
    >"$WORK/nosandbox.out" 2>"$WORK/nosandbox.err" &
  NOSANDBOX_PID=$!
  for _ in $(seq 1 50); do grep -q '^ready' "$WORK/nosandbox.out" 2>/dev/null && break; sleep 0.1; done
  kill -TERM "$NOSANDBOX_PID" 2>/dev/null; wait "$NOSANDBOX_PID"
  set -e
  rm -f /tmp/rampart-sandbox-escape
  if grep -q -- '--no-sandbox' "$WORK/nosandbox.err" && grep -q 'let open through' "$WORK/nosandbox.err"; then
    say "ok: --no-sandbox is announced and lets the open through"
  else
    say "FAILED: --no-sandbox"; sed 's/^/    /' "$WORK/nosandbox.err"; failures=$((failures + 1))
  fi
fi

if [ "$failures" -ne 0 ]; then say "$failures check(s) failed (work dir $WORK)"; exit 1; fi
say "all checks passed"
