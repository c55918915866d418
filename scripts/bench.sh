#!/usr/bin/env bash
# Builds the release preset and runs the benchmarks (bench/, Google
# Benchmark) with repetitions, then writes bench/RESULTS.md: the median
# time of each benchmark, GB/s and Mpps where bytes or packets are
# processed, and each byte rate as a fraction of BM_ReadBandwidth measured
# in the same run, with the CPU and compiler noted. Then, because time on
# shared machines is noisy and instruction counts are not, it counts the
# instructions per call of the receive path with callgrind (valgrind):
# the whole stack (NetStack::ReceiveFrame, 18- and 1472-byte IPv4 frames),
# the frame decision alone (ClassifyFrame) and the UDP decision (DecideRx).
#
#   scripts/bench.sh [--filter REGEX] [--repetitions N]
set -euo pipefail
cd "$(dirname "$0")/.."
filter="."
repetitions=5
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter="$2"; shift 2 ;;
    --repetitions) repetitions="$2"; shift 2 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
scripts/bootstrap.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target rampart_bench >/dev/null
json=$(mktemp)
trap 'rm -f "$json"' EXIT
build/release/bin/rampart_bench --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$json"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
compiler=$(g++ --version | head -1)
python3 - "$json" "$cpu" "$compiler" "$repetitions" >bench/RESULTS.md <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
cpu, compiler, reps = sys.argv[2], sys.argv[3], sys.argv[4]
rows = [b for b in data["benchmarks"] if b.get("aggregate_name") == "median"]
# The limit is the fastest read any kernel managed in this run (the widest
# loads usually), so every fraction below is at most 100%.
read_bw = max((b.get("bytes_per_second") or 0 for b in rows if b["run_name"].startswith("BM_ReadBandwidth")), default=None) or None
print("# Benchmark results\n")
print(f"Machine: {cpu}, {data['context'].get('num_cpus')} CPUs; compiler: {compiler}; release preset "
      f"(-O2, -D_GLIBCXX_ASSERTIONS, hardening flags); median of {reps} repetitions. "
      "Written by `scripts/bench.sh`.\n")
print("| benchmark | median ns | GB/s | Mpps | of read bandwidth |")
print("|---|---:|---:|---:|---:|")
for b in rows:
    ns = b["real_time"] if b.get("time_unit") == "ns" else b["real_time"] * {"us": 1e3, "ms": 1e6}[b["time_unit"]]
    bps = b.get("bytes_per_second")
    gbs = f"{bps / 1e9:.2f}" if bps else ""
    mpps = f"{1e3 / ns:.2f}" if not b["run_name"].startswith(("BM_ReadBandwidth", "BM_Checksum")) else ""
    frac = f"{100 * bps / read_bw:.1f}%" if bps and read_bw else ""
    print(f"| {b['run_name']} | {ns:.1f} | {gbs} | {mpps} | {frac} |")
PY
# Instructions per call: callgrind collects only inside the function, and
# the call count comes from the same profile.
instructions() {  # BENCHMARK_FILTER FUNCTION_GLOB
  local out
  out=$(mktemp -d)
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect="$2" \
    build/release/bin/rampart_bench --benchmark_filter="$1" --benchmark_min_time=0.01 >/dev/null 2>&1
  python3 - "$out/cg" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
total = int(re.search(r"^(?:summary|totals): (\d+)", text, re.M).group(1))
glob = sys.argv[2].rstrip("*")
names, calls, current = {}, 0, None
for line in text.splitlines():
    m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", line)
    if m:
        if m.group(3):
            names[m.group(2)] = m.group(3)
        if m.group(1) == "cfn":
            current = names.get(m.group(2), "")
        continue
    m = re.match(r"calls=(\d+)", line)
    if m and current is not None and current.startswith(glob):
        calls += int(m.group(1))
print(f"{total / calls:.0f}" if calls else "n/a")
PY
  rm -rf "$out"
}
if command -v valgrind >/dev/null 2>&1; then
  {
    echo
    echo "## Instructions per call (callgrind, the same binary)"
    echo
    echo "| what | benchmark | instructions |"
    echo "|---|---|---:|"
    echo "| whole receive path, 18-byte IPv4 frame | BM_StackRx/18/1 | $(instructions 'BM_StackRx/18/1$' 'rampart::stack::NetStack::ReceiveFrame*') |"
    echo "| whole receive path, 1472-byte IPv4 frame | BM_StackRx/1472/1 | $(instructions 'BM_StackRx/1472/1$' 'rampart::stack::NetStack::ReceiveFrame*') |"
    echo "| frame decision, 18-byte IPv4 frame | BM_FrameRx/18 | $(instructions 'BM_FrameRx/18$' 'rampart::stack::ClassifyFrame*') |"
    echo "| frame decision, 1472-byte IPv4 frame | BM_FrameRx/1472 | $(instructions 'BM_FrameRx/1472$' 'rampart::stack::ClassifyFrame*') |"
    echo "| UDP decision, 18-byte payload | BM_UdpRx/18/1/1 | $(instructions 'BM_UdpRx/18/1/1$' 'rampart::udp::DecideRx*') |"
    echo
    echo "lwIP 2.2.1 on the same frames (../shared/perf/lwip): 685 instructions for the whole 18-byte path, 511 for its UDP decision."
  } >>bench/RESULTS.md
fi
echo "bench: wrote bench/RESULTS.md ($(grep -c '^| BM_' bench/RESULTS.md) benchmarks)"
