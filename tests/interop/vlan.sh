#!/usr/bin/env bash
# Interop: 802.1Q on AF_PACKET. Two `rampart echo` processes share one
# veth end, one on VLAN 10 and one on the untagged network, with the same
# IPv4 address; a peer on the other end writes tagged and untagged frames
# itself (this kernel has no 802.1Q devices) and reads answers back with
# their tags. Each network must be answered only by its own rampart, with
# the tag of that network, and the refusals must be counted under their
# documented names. Namespaces and links are made here and removed on
# every exit path; addresses are documentation ranges.
#
#   vlan.sh BIN_DIR [WORK_DIR]
set -euo pipefail

BIN=${1:?bin dir}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
HERE=$(cd "$(dirname "$0")" && pwd)
TAG="rv$$"
NS_P="${TAG}p"   # the peer that writes its own tags
NS_R="${TAG}r"   # the two ramparts
MAC_V=02:00:00:00:72:0a   # rampart on VLAN 10
MAC_N=02:00:00:00:72:0b   # rampart on the untagged network
PEER_MAC=02:00:00:00:73:01
PIDS=()
failures=0

say() { echo "interop[vlan]: $*"; }

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  ip netns del "$NS_P" 2>/dev/null || true
  ip netns del "$NS_R" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT INT TERM

ip netns add "$NS_P"
ip netns add "$NS_R"
for ns in "$NS_P" "$NS_R"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add "${TAG}a" netns "$NS_P" type veth peer name "${TAG}b" netns "$NS_R"
ip -n "$NS_P" link set "${TAG}a" up
ip -n "$NS_R" link set "${TAG}b" up

start_echo() {  # NAME MAC [--vlan ID]
  local name=$1 mac=$2
  shift 2
  ip netns exec "$NS_R" "$BIN/rampart" echo --netdev "afpacket:${TAG}b" --mac "$mac" \
    --ipv4 192.0.2.2/24 --port 7 --stats-on-exit "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    grep -q '^ready' "$WORK/$name.out" 2>/dev/null && return 0
    sleep 0.1
  done
  say "FAILED: rampart echo $name never became ready"; cat "$WORK/$name.err"; exit 1
}
start_echo tagged "$MAC_V" --vlan 10
start_echo untagged "$MAC_N"

# Every probe: KIND/VLAN/TO/EXPECT (vlan_peer.py). ARP is broadcast, so
# both ramparts see every request; UDP is sent to one rampart's MAC on the
# other's network too, which must stay unanswered.
if timeout 60 ip netns exec "$NS_P" python3 "$HERE/vlan_peer.py" "${TAG}a" "$PEER_MAC" \
    192.0.2.1 192.0.2.2 7 \
    "arp/10/-/$MAC_V" "udp/10/$MAC_V/$MAC_V" \
    "arp/0/-/$MAC_N" "udp/0/$MAC_N/$MAC_N" \
    "arp/20/-/none" "udp/20/$MAC_V/none" \
    "udp/0/$MAC_V/none" "udp/10/$MAC_N/none" >"$WORK/peer.out" 2>&1; then
  sed 's/^/  /' "$WORK/peer.out"
  say "ok: each network answered only by its own rampart, with its own tag"
else
  sed 's/^/  /' "$WORK/peer.out"
  say "FAILED: the peer's probes"; failures=$((failures + 1))
fi

for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${PIDS[@]}"; do wait "$pid" || { say "FAILED: a rampart echo exited non-zero"; failures=$((failures + 1)); }; done
PIDS=()

# The refusals, by name: the VLAN-10 rampart refused the untagged and
# VLAN-20 frames, the untagged one refused every VLAN-10 and VLAN-20 frame.
count_of() { tail -1 "$WORK/$1.out" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2; }
mismatch=$(count_of tagged eth_vlan_mismatch)
not_configured=$(count_of untagged eth_vlan_not_configured)
if [ "${mismatch:-0}" -ge 4 ] && [ "${not_configured:-0}" -ge 5 ]; then
  say "ok: eth_vlan_mismatch $mismatch on the VLAN-10 rampart, eth_vlan_not_configured $not_configured on the untagged one"
else
  say "FAILED: eth_vlan_mismatch ${mismatch:-none}, eth_vlan_not_configured ${not_configured:-none}"
  tail -1 "$WORK/tagged.out"; tail -1 "$WORK/untagged.out"
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || { say "$failures check(s) failed"; exit 1; }
say "all checks passed"
