#!/usr/bin/env bash
# Installs the Debian packages rampart needs, when they are missing.
# Idempotent: a machine that has everything is left alone. Needs root (or
# sudo) only when something must be installed. Prints what it did.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++                       # release preset
  clang-14 libclang-rt-14-dev llvm-14         # asan and fuzz presets, llvm-cov
  clang-19                                    # hardened preset (C++ Safe Buffers)
  clang-format-14 clang-tidy-14               # lint in scripts/test.sh
  libabsl-dev                                 # absl::Status, flat_hash_map
  libgtest-dev libgmock-dev                   # tests
  libbenchmark-dev                            # bench/
  afl++                                       # AFL++ engine (campaign, ossfuzz test)
  gnuplot-nox                                 # campaign coverage-over-time plots
  zip                                         # OSS-Fuzz seed corpus archives
  libpcap-dev pkg-config                      # netdev/pcap, rampart inspect
  libcap-ng-dev libseccomp-dev                # the command's sandbox (tools/sandbox.cc)
  iproute2 iputils-ping ethtool               # interop tests (namespaces, ping)
  python3 valgrind                            # test helpers (bursts, pcap files, help check); bench.sh's instruction counts
  qemu-system-x86 busybox-static              # the VFIO e1000 rig (scripts/rig.sh)
  libldns-dev                                 # fuzz/dns_message: the second DNS implementation
  dnsmasq-base                                # DNS interop (tests/interop/dns.sh) and the rig's name
  python3-yaml                                # the ClusterFuzzLite workflow check (tests/fuzz/cflite_workflows.py)
  lld-14                                      # mutants presets: one relink per mutant, lld is several times faster than ld.bfd
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "bootstrap: missing packages and not root: ${missing[*]}" >&2
    exit 1
  fi
fi
APT_OPTS=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -qq
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}"
echo "bootstrap: installed ${missing[*]}"
