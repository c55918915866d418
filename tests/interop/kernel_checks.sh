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
