#!/usr/bin/env bash
# Interop: rampart's resolver against a real DNS server. dnsmasq serves a
# hosts file (A, AAAA, both, a CNAME, and nothing for missing names) in one
# namespace, beside a kernel echo server; `rampart resolve` and `rampart
# send udp://NAME:PORT --dns` run on AF_PACKET in a second namespace.
# Then dnsmasq is stopped and the resolver must give up within its bound
# with a clear error. Namespaces and links are made here and removed on
# every exit path; addresses are documentation ranges.
#
#   dns.sh BIN_DIR [WORK_DIR]
set -euo pipefail

BIN=${1:?bin dir}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
chmod 755 "$WORK"
TAG="rd$$"
NS_S="${TAG}s"   # dnsmasq and the kernel echo server
NS_R="${TAG}r"   # rampart
PIDS=()
failures=0

say() { echo "interop[dns]: $*"; }
fail() { say "FAILED: $*"; failures=$((failures + 1)); }

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  ip netns del "$NS_S" 2>/dev/null || true
  ip netns del "$NS_R" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT INT TERM

ip netns add "$NS_S"
ip netns add "$NS_R"
ip -n "$NS_S" link set lo up
ip -n "$NS_R" link set lo up
ip netns exec "$NS_R" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add "${TAG}a" netns "$NS_S" type veth peer name "${TAG}b" netns "$NS_R"
ip netns exec "$NS_S" ethtool -K "${TAG}a" tx off >/dev/null
ip netns exec "$NS_S" sysctl -qw "net.ipv6.conf.${TAG}a.accept_ra=0"
ip -n "$NS_S" addr add 192.0.2.1/24 dev "${TAG}a"
ip -n "$NS_S" -6 addr add 2001:db8::1/64 dev "${TAG}a" nodad
ip -n "$NS_S" link set "${TAG}a" up
ip -n "$NS_R" link set "${TAG}b" up

cat >"$WORK/hosts" <<'EOF'
192.0.2.10 host4.lan.test
2001:db8::10 host6.lan.test
192.0.2.11 both.lan.test
2001:db8::11 both.lan.test
192.0.2.1 sink.lan.test
2001:db8::1 sink6.lan.test
EOF
chmod 644 "$WORK/hosts"
ip netns exec "$NS_S" dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
  --addn-hosts="$WORK/hosts" --cname=alias.lan.test,both.lan.test --local=/lan.test/ \
  --listen-address=192.0.2.1 --listen-address=2001:db8::1 --bind-interfaces \
  --pid-file="$WORK/dnsmasq.pid" --log-queries --log-facility=- 2>"$WORK/dnsmasq.log" &
DNSMASQ_PID=$!
PIDS+=("$DNSMASQ_PID")
for _ in $(seq 1 50); do grep -q "read $WORK/hosts" "$WORK/dnsmasq.log" 2>/dev/null && break; sleep 0.1; done
grep -q "read $WORK/hosts" "$WORK/dnsmasq.log" || { say "dnsmasq did not start"; cat "$WORK/dnsmasq.log"; exit 1; }
ip netns exec "$NS_S" "$BIN/rampart_kernel_peer" echo-server 5007 20 >"$WORK/server.out" &
PIDS+=($!)
disown $!  # killed at cleanup without a job report

MAC=02:00:00:00:72:02
rampart_in_r() {  # COMMAND FLAGS...: rampart on AF_PACKET in the rampart namespace
  local command=$1
  shift
  timeout 30 ip netns exec "$NS_R" "$BIN/rampart" "$command" --netdev "afpacket:${TAG}b" \
    --mac "$MAC" --ipv4 192.0.2.2/24 --ipv6 2001:db8::2/64 "$@"
}

# resolve_check WHAT EXPECTED_EXIT PATTERN rampart-resolve-flags... NAME
resolve_check() {
  local what=$1 want=$2 pattern=$3 code
  shift 3
  set +e
  rampart_in_r resolve "$@" >"$WORK/resolve.out" 2>"$WORK/resolve.err"
  code=$?
  set -e
  if [ "$code" -eq "$want" ] && grep -qE -- "$pattern" "$WORK/resolve.out" "$WORK/resolve.err"; then
    say "ok: $what: $(grep -hE -- "$pattern" "$WORK/resolve.out" "$WORK/resolve.err" | head -1)"
  else
    fail "$what: exit $code (wanted $want), output:"
    sed 's/^/    /' "$WORK/resolve.out" "$WORK/resolve.err"
  fi
}

resolve_check "A" 0 '^host4\.lan\.test\. A 192\.0\.2\.10$' --dns 192.0.2.1 --family 4 host4.lan.test
resolve_check "AAAA" 0 '^host6\.lan\.test\. AAAA 2001:db8::10$' --dns 192.0.2.1 --family 6 host6.lan.test
resolve_check "CNAME chain" 0 '^both\.lan\.test\. A 192\.0\.2\.11$' --dns 192.0.2.1 alias.lan.test
grep -q '^alias\.lan\.test\. CNAME both\.lan\.test\.$' "$WORK/resolve.out" ||
  fail "the CNAME line is missing"
resolve_check "any family, AAAA after NODATA for A" 0 '^host6\.lan\.test\. AAAA 2001:db8::10$' \
  --dns 192.0.2.1 host6.lan.test
resolve_check "mixed case, server over IPv6" 0 'A 192\.0\.2\.10$' --dns '[2001:db8::1]:53' \
  --family 4 HOST4.Lan.Test
resolve_check "NXDOMAIN" 1 'no such name \(NXDOMAIN\)' --dns 192.0.2.1 missing.lan.test
resolve_check "NODATA" 1 'no A record \(NODATA\)' --dns 192.0.2.1 --family 4 host6.lan.test
resolve_check "a server that does not answer, then one that does" 0 'A 192\.0\.2\.10$' \
  --dns 192.0.2.99,192.0.2.1 --family 4 host4.lan.test
resolve_check "a bad name" 2 'labels hold letters' --dns 192.0.2.1 'bad name.test'

# A datagram sent by name: the kernel echo server gets it and sends it back
# byte-exact.
for name in sink.lan.test sink6.lan.test; do
  if rampart_in_r send --dns 192.0.2.1 --to "udp://$name:5007" --sizes 0,1,100,1472 \
      --expect_echo >"$WORK/send.out" 2>&1; then
    say "ok: send to udp://$name:5007 resolved by dnsmasq, every size echoed by the kernel"
  else
    fail "send to udp://$name:5007"; sed 's/^/    /' "$WORK/send.out"
  fi
done

# dnsmasq stops: the resolver gives up within its bound (2 tries of 1 s).
kill -TERM "$DNSMASQ_PID"
wait "$DNSMASQ_PID" 2>/dev/null || true
start=$(date +%s%N)
resolve_check "server stopped" 1 'no answer from 192\.0\.2\.1:53' --dns 192.0.2.1 host4.lan.test
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$elapsed_ms" -le 4000 ]; then say "ok: gave up after $elapsed_ms ms"; else
  fail "gave up after $elapsed_ms ms (bound 2 s of tries, 5 s in all)"; fi

[ "$failures" -eq 0 ] || { say "$failures check(s) failed"; exit 1; }
say "all checks passed"
