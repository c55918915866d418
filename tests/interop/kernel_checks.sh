# Sourced by tests/interop/interop.sh and scripts/rig.sh: what the Linux
# kernel's own sockets and ping check against a rampart echo server. The
# caller defines say() and a `failures` counter, which these add to.
#
#   kernel_check NETNS WORK_DIR TIMEOUT_S WHAT COMMAND...
#       runs COMMAND in NETNS; prints ok/FAILED (with its output)
#   kernel_echo_matrix NETNS WORK_DIR TIMEOUT_S PEER_BINARY ADDR4 ADDR6 PORT CLOSED_PORT SIZES
#       echo of every size over IPv4 and IPv6 byte-exact, ping and ping -6,
#       ECONNREFUSED from a closed port over both families

kernel_check() {
  local netns=$1 work=$2 limit=$3 what=$4
  shift 4
  if timeout "$limit" ip netns exec "$netns" "$@" >"$work/check.out" 2>&1; then
    say "ok: $what"
  else
    say "FAILED: $what"
    sed 's/^/    /' "$work/check.out"
    failures=$((failures + 1))
  fi
}

kernel_echo_matrix() {
  local netns=$1 work=$2 limit=$3 peer=$4 v4=$5 v6=$6 port=$7 closed=$8 sizes=$9
  kernel_check "$netns" "$work" "$limit" "ipv4 echo of $sizes" "$peer" echo-check "$v4" "$port" "$sizes"
  kernel_check "$netns" "$work" "$limit" "ipv6 echo of $sizes" "$peer" echo-check "$v6" "$port" "$sizes"
  kernel_check "$netns" "$work" "$limit" "ping" ping -c 3 -i 0.3 -W 3 "$v4"
  kernel_check "$netns" "$work" "$limit" "ping -6" ping -6 -c 3 -i 0.3 -W 3 "$v6"
  kernel_check "$netns" "$work" "$limit" "ipv4 port unreachable" "$peer" refused "$v4" "$closed"
  kernel_check "$netns" "$work" "$limit" "ipv6 port unreachable" "$peer" refused "$v6" "$closed"
}

# burst_check NS WORK HOST PORT COUNT: COUNT 32-byte datagrams sent back to
# back from a kernel socket must all come back (prints ok/FAILED, counts
# failures in $failures).
burst_check() {
  local ns=$1 work=$2 host=$3 port=$4 count=$5 got
  got=$(timeout 30 ip netns exec "$ns" python3 - "$host" "$port" "$count" <<'PY'
import socket, sys, time
host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(family, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE: room for every echo
s.connect((host, port))
sent = {("%031d" % i).encode() + b"\n" for i in range(count)}
for payload in sorted(sent):
    s.send(payload)
s.settimeout(2.0)
seen = set()
deadline = time.time() + 10
while len(seen) < count and time.time() < deadline:
    try:
        seen.add(s.recv(64))
    except socket.timeout:
        break
print(len(seen & sent))
PY
)
  if [ "$got" = "$count" ]; then say "ok: burst of $count back-to-back datagrams all echoed ($host)"; else
    say "FAILED: burst of $count: $got echoed ($host)"; failures=$((failures + 1)); fi
}
