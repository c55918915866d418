#!/usr/bin/env bash
# A pcap record cut by the capture's snap length is reported as a
# truncated capture (its own verdict, and a count in stats), never as a
# length error the sender did not make.
#   inspect_truncated.sh RAMPART_BINARY
set -euo pipefail
rampart=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One Ethernet + IPv4 + UDP frame of 142 bytes, captured with snaplen 64.
python3 - "$work/cut.pcap" <<'PY'
import struct, sys
frame = bytes.fromhex("020000000002" "020000000001" "0800")
ip_payload = 8 + 100
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ip_payload, 1, 0, 64, 17, 0,
                 bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
s = sum(struct.unpack("!10H", ip))
while s >> 16: s = (s & 0xFFFF) + (s >> 16)
ip = ip[:10] + struct.pack("!H", ~s & 0xFFFF) + ip[12:]
udp = struct.pack("!HHHH", 40000, 7, ip_payload, 0) + bytes(100)
wire = frame + ip + udp
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 64, 1))
    f.write(struct.pack("<IIII", 0, 0, 64, len(wire)) + wire[:64])
PY
out=$("$rampart" inspect "$work/cut.pcap")
grep -qF '"verdict":"truncated","layer":"capture","reason":null,"captured":64,"wire":142' <<<"$out" ||
  { echo "inspect_truncated: FAILED: $out"; exit 1; }
stats=$("$rampart" stats "$work/cut.pcap")
grep -qF '"capture":{"Records":1,"Truncated":1}' <<<"$stats" ||
  { echo "inspect_truncated: FAILED: stats $stats"; exit 1; }
grep -qF '"ipv4_total_length_exceeds_packet":0' <<<"$stats" ||
  { echo "inspect_truncated: FAILED: the cut record reached the stack"; exit 1; }
echo "inspect_truncated: a cut record is a truncated capture, counted, and never parsed"
