#!/usr/bin/env bash
# The VFIO e1000 rig: boot a Debian kernel under QEMU (q35, TCG, emulated
# intel-iommu) with an e1000 on a tap inside a network namespace this
# script creates; the guest binds the NIC to vfio-pci, resolves a name
# served by dnsmasq in the namespace (`rampart resolve --netdev vfio:BDF`),
# then runs `rampart echo --netdev vfio:BDF`; from the namespace, the
# Linux kernel's own sockets and ping check the echo matrix byte-exact.
#
#   scripts/rig.sh [--hold] [--netns NAME] [--cache DIR]
#
#   --hold        keep the guest up after the checks, print
#                 "rig ready: netns=NAME ipv4=A ipv6=A port=P", and tear
#                 everything down on SIGINT/SIGTERM
#   --netns NAME  the namespace to create (default rig-<pid>)
#   --cache DIR   where the guest kernel and initramfs are built (default
#                 $RAMPART_RIG_CACHE or /var/cache/rampart-rig; outside the
#                 source tree)
#
# Needs root (namespaces, tap), the packages scripts/bootstrap.sh installs,
# and network access to Debian's archive for the kernel package the first
# time. Exits 0 only if every check passed; prints the guest's counters.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

hold=0
netns="rig-$$"
cache="${RAMPART_RIG_CACHE:-/var/cache/rampart-rig}"
while [ $# -gt 0 ]; do
  case "$1" in
    --hold) hold=1; shift ;;
    --netns) netns="${2:?}"; shift 2 ;;
    --cache) cache="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "rig: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

start=$(date +%s)
say() { echo "rig: $*"; }
BDF=0000:00:01.0          # the e1000's address with -nodefaults
GUEST_MAC=52:54:00:12:34:56
HOST4=192.0.2.1 GUEST4=192.0.2.2
HOST6=2001:db8::1 GUEST6=2001:db8::2
PORT=7 CLOSED_PORT=9 STOP_PORT=9999
RIG_NAME=rig.lan.test RIG_NAME_ADDRESS=198.51.100.53   # served by dnsmasq in the namespace
SIZES=0,1,7,8,100,1472,1473,8000,65507
work=$(mktemp -d)
qemu_pid=""
dnsmasq_pid=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$work/qemu.pid" ]; then
    local pid; pid=$(cat "$work/qemu.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  fi
  [ -n "$qemu_pid" ] && kill -KILL "$qemu_pid" 2>/dev/null || true
  [ -n "$dnsmasq_pid" ] && kill -KILL "$dnsmasq_pid" 2>/dev/null || true
  ip netns del "$netns" 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/bootstrap.sh >/dev/null

# ---- the guest: kernel from the versioned Debian package, busybox, rampart
mkdir -p "$cache"
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}'
}
package=$(kernel_package)
if [ -z "$package" ]; then  # package lists not fetched yet on this machine
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null 2>&1 || true
  package=$(kernel_package)
fi
[ -n "$package" ] || { say "cannot find the versioned linux-image package"; exit 1; }
if ! ls "$cache/$package/boot/"vmlinuz-* >/dev/null 2>&1; then
  say "fetching $package into $cache"
  if ! (cd "$cache" && rm -f "$package"_*.deb && apt-get download "$package" >"$work/apt.log" 2>&1 &&
         rm -rf "$package.tmp" && dpkg-deb -x "$package"_*.deb "$package.tmp" && rm -rf "$package" &&
         mv "$package.tmp" "$package" && rm -f "$package"_*.deb); then
    say "could not fetch or unpack $package (apt-get download needs Debian's archive):"
    cat "$work/apt.log" >&2
    exit 1
  fi
fi
vmlinuz=$(ls "$cache/$package/boot/"vmlinuz-* | head -1)
modules=$(ls -d "$cache/$package/lib/modules/"* | head -1)

cmake --preset rig >/dev/null
cmake --build --preset rig >/dev/null
guest_rampart="$root/build/rig/bin/rampart"
if readelf -d "$guest_rampart" | grep -q NEEDED; then
  say "build/rig/bin/rampart is not statically linked"; exit 1
fi

initrd_dir="$work/initrd"
mkdir -p "$initrd_dir"/{bin,sbin,proc,sys,dev,lib/modules,etc}
cp /bin/busybox "$initrd_dir/bin/busybox"
for tool in sh mount insmod poweroff sleep cat echo ls; do ln -s busybox "$initrd_dir/bin/$tool"; done
cp "$guest_rampart" "$initrd_dir/bin/rampart"
for module in virt/lib/irqbypass drivers/vfio/vfio drivers/vfio/vfio_iommu_type1 \
              drivers/vfio/vfio_virqfd drivers/vfio/pci/vfio-pci-core drivers/vfio/pci/vfio-pci; do
  cp "$modules/kernel/$module.ko" "$initrd_dir/lib/modules/"
done
cat >"$initrd_dir/init" <<INIT
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in irqbypass vfio vfio_iommu_type1 vfio_virqfd vfio-pci-core vfio-pci; do
  insmod /lib/modules/\$m.ko || echo "rig-guest: insmod \$m failed"
done
echo vfio-pci > /sys/bus/pci/devices/$BDF/driver_override
echo $BDF > /sys/bus/pci/drivers_probe
echo "rig-guest: iommu group \$(ls /sys/bus/pci/devices/$BDF/iommu_group/devices)"
# A name first, from the dnsmasq in the host's namespace (the server is
# listed three times: six tries, since the emulated e1000 ignores frames for
# a second after its receiver is enabled).
/bin/rampart resolve --netdev vfio:$BDF --mac $GUEST_MAC --ipv4 $GUEST4/24 \\
  --dns $HOST4,$HOST4,$HOST4 --family 4 --user 65534:65534 $RIG_NAME
echo "rig-guest: resolve exited \$?"
/bin/rampart echo --netdev vfio:$BDF --mac $GUEST_MAC --ipv4 $GUEST4/24 --ipv6 $GUEST6/64 \\
  --port $PORT --stop_port $STOP_PORT --port_unreachable --stats-on-exit --user 65534:65534
echo "rig-guest: rampart exited \$?"
poweroff -f
INIT
chmod +x "$initrd_dir/init"
(cd "$initrd_dir" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$work/initrd.gz")

# ---- the namespace and the tap, then QEMU inside it ----------------------
ip netns add "$netns"
ip -n "$netns" link set lo up
ip netns exec "$netns" ip tuntap add dev tap0 mode tap
ip netns exec "$netns" sysctl -qw net.ipv6.conf.tap0.accept_ra=0 net.ipv6.conf.tap0.autoconf=0
ip -n "$netns" addr add "$HOST4/24" dev tap0
ip -n "$netns" -6 addr add "$HOST6/64" dev tap0 nodad
ip -n "$netns" link set tap0 up
# The name the guest resolves before its echo check.
echo "$RIG_NAME_ADDRESS $RIG_NAME" >"$work/hosts"
chmod 755 "$work"; chmod 644 "$work/hosts"
ip netns exec "$netns" dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
  --addn-hosts="$work/hosts" --local=/lan.test/ --listen-address="$HOST4" --bind-interfaces \
  --pid-file="$work/dnsmasq.pid" --log-queries --log-facility=- 2>"$work/dnsmasq.log" &
dnsmasq_pid=$!
disown "$dnsmasq_pid"  # killed at cleanup without a job report

ip netns exec "$netns" qemu-system-x86_64 \
  -machine q35,accel=tcg -smp 1 -m 256 -nodefaults -display none -no-reboot \
  -serial "file:$work/serial.log" -monitor none -pidfile "$work/qemu.pid" \
  -device intel-iommu,intremap=on,caching-mode=on \
  -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
  -device e1000,netdev=n0,mac=$GUEST_MAC,romfile= \
  -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 panic=-1 intel_iommu=on iommu=pt quiet" >"$work/qemu.out" 2>&1 &
qemu_pid=$!

say "booting $(basename "$vmlinuz") under TCG"
for _ in $(seq 1 1200); do
  grep -q '^ready' "$work/serial.log" 2>/dev/null && break
  kill -0 "$qemu_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q '^ready' "$work/serial.log" 2>/dev/null; then
  say "the guest never became ready; serial log:"; cat "$work/serial.log" "$work/qemu.out" 2>/dev/null | tail -40
  exit 1
fi
say "guest: $(grep -m1 '^ready' "$work/serial.log")"
# QEMU's e1000 ignores frames for a second after each RCTL write.
sleep 1.5

failures=0
# The guest resolved its name through the e1000 before serving.
if grep -q "^$RIG_NAME\. A $RIG_NAME_ADDRESS" "$work/serial.log" &&
   grep -q 'rig-guest: resolve exited 0' "$work/serial.log"; then
  say "guest resolved: $(grep -m1 "^$RIG_NAME\. A" "$work/serial.log" | tr -d '\r') (dnsmasq in the namespace)"
else
  say "FAILED: the guest did not resolve $RIG_NAME"; grep -a 'resolve' "$work/serial.log" | tail -5
  cat "$work/dnsmasq.log" | tail -5; failures=$((failures + 1))
fi
# The guest's rampart runs sandboxed (no capabilities, uid 65534, seccomp).
if grep -q 'rampart echo: sandbox: uid 65534' "$work/serial.log"; then
  say "guest: $(grep -m1 'rampart echo: sandbox:' "$work/serial.log" | tr -d '\r')"
else
  say "FAILED: the guest's rampart did not report its sandbox"; failures=$((failures + 1))
fi
# shellcheck source=../tests/interop/kernel_checks.sh
. "$root/tests/interop/kernel_checks.sh"
peer="$root/build/release/bin/rampart_kernel_peer"
[ -x "$peer" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target rampart_kernel_peer >/dev/null; }
kernel_echo_matrix "$netns" "$work" 120 "$peer" "$GUEST4" "$GUEST6" "$PORT" "$CLOSED_PORT" "$SIZES"

if [ "$hold" -eq 1 ]; then
  echo "rig ready: netns=$netns ipv4=$GUEST4 ipv6=$GUEST6 port=$PORT"
  trap 'say "stopping"; held=0' INT TERM
  held=1
  while [ "$held" -eq 1 ] && kill -0 "$qemu_pid" 2>/dev/null; do sleep 0.5; done
  trap 'exit 130' INT TERM
fi

# Stop the guest's echo cleanly: it prints its counters and powers off.
ip netns exec "$netns" bash -c "echo stop > /dev/udp/$GUEST4/$STOP_PORT" 2>/dev/null || true
for _ in $(seq 1 300); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 0.1; done
if grep -q '"device":' "$work/serial.log"; then
  say "guest counters: $(grep -m1 '"device":' "$work/serial.log" | tr -d '\r')"
else
  say "FAILED: the guest printed no counters"; tail -20 "$work/serial.log"; failures=$((failures + 1))
fi
grep -q 'rampart exited 0' "$work/serial.log" || { say "FAILED: rampart in the guest did not exit 0"; failures=$((failures + 1)); }

say "wall time $(( $(date +%s) - start )) s"
if [ "$failures" -ne 0 ]; then say "$failures check(s) failed"; exit 1; fi
say "all checks passed"
