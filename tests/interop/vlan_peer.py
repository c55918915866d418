#!/usr/bin/env python3
"""A peer that speaks 802.1Q itself, for a kernel without VLAN devices.

Sends ARP requests and UDP datagrams, tagged or untagged, on a raw
AF_PACKET socket and reads answers back with PACKET_AUXDATA (Linux takes
the tag out of a received frame and reports it beside it). Each probe says
which network it is sent on and from which MAC an answer must come (or that
none may come); every answer's network must be the probe's.

    vlan_peer.py IFACE PEER_MAC PEER_IP TARGET_IP PORT PROBE...
    PROBE: KIND/VLAN/TO/EXPECT  KIND arp|udp; VLAN 0 for untagged; TO the
           destination MAC of a UDP probe ("-" for ARP, which is broadcast);
           EXPECT the MAC that must answer, or "none"

Prints one ok/FAILED line per probe; exits 1 if any failed.
"""
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
AUXDATA = struct.Struct("=IIIHHHH")  # struct tpacket_auxdata


def mac_bytes(text):
    return bytes(int(part, 16) for part in text.split(":"))


def ethernet(dst, src, vlan, ether_type, payload):
    tag = struct.pack("!HH", 0x8100, vlan) if vlan else b""
    return dst + src + tag + struct.pack("!H", ether_type) + payload


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def arp_request(peer_mac, peer_ip, target_ip):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, peer_mac, peer_ip, b"\0" * 6,
                       target_ip)


def udp_datagram(peer_ip, target_ip, sport, dport, payload):
    length = 8 + len(payload)
    pseudo = peer_ip + target_ip + struct.pack("!BBH", 0, 17, length)
    header = struct.pack("!HHHH", sport, dport, length, 0)
    udp_sum = checksum(pseudo + header + payload) or 0xFFFF
    udp = struct.pack("!HHHH", sport, dport, length, udp_sum) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), sport, 0, 64, 17, 0, peer_ip,
                     target_ip)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + udp


def receive(sock, deadline):
    """Yields (source MAC, vlan id or 0, ether type, payload) until the deadline."""
    while True:
        left = deadline - time.time()
        if left <= 0:
            return
        sock.settimeout(left)
        try:
            data, ancillary, _, address = sock.recvmsg(65536, socket.CMSG_SPACE(AUXDATA.size))
        except socket.timeout:
            return
        if address[2] == PACKET_OUTGOING or len(data) < 14:
            continue
        vlan = 0
        for level, kind, value in ancillary:
            if level == SOL_PACKET and kind == PACKET_AUXDATA and len(value) >= AUXDATA.size:
                status, _, _, _, _, tci, _ = AUXDATA.unpack(value[:AUXDATA.size])
                if status & TP_STATUS_VLAN_VALID:
                    vlan = tci & 0x0FFF
        ether_type = struct.unpack("!H", data[12:14])[0]
        payload = data[14:]
        if ether_type == 0x8100 and len(data) >= 18:  # a tag the kernel left in place
            vlan = struct.unpack("!H", data[14:16])[0] & 0x0FFF
            ether_type = struct.unpack("!H", data[16:18])[0]
            payload = data[18:]
        yield data[6:12], vlan, ether_type, payload


def answers(kind, frame_payload, ether_type, target_ip, port, expected_payload):
    if kind == "arp":
        return (ether_type == 0x0806 and len(frame_payload) >= 28 and
                struct.unpack("!H", frame_payload[6:8])[0] == 2 and
                frame_payload[14:18] == target_ip)
    if ether_type != 0x0800 or len(frame_payload) < 28:
        return False
    header_length = (frame_payload[0] & 0x0F) * 4
    udp = frame_payload[header_length:]
    return (frame_payload[9] == 17 and frame_payload[12:16] == target_ip and len(udp) >= 8 and
            struct.unpack("!H", udp[0:2])[0] == port and udp[8:] == expected_payload)


def main():
    iface, peer_mac_text, peer_ip_text, target_ip_text, port = sys.argv[1:6]
    port = int(port)
    peer_mac = mac_bytes(peer_mac_text)
    peer_ip = socket.inet_aton(peer_ip_text)
    target_ip = socket.inet_aton(target_ip_text)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    sock.bind((iface, ETH_P_ALL))
    failures = 0
    for number, probe in enumerate(sys.argv[6:]):
        kind, vlan_text, to, expect = probe.split("/")
        vlan = int(vlan_text)
        network = "vlan %d" % vlan if vlan else "untagged"
        payload = ("probe %d on %s" % (number, network)).encode()
        if kind == "arp":
            frame = ethernet(b"\xff" * 6, peer_mac, vlan, 0x0806,
                             arp_request(peer_mac, peer_ip, target_ip))
        else:
            frame = ethernet(mac_bytes(to), peer_mac, vlan, 0x0800,
                             udp_datagram(peer_ip, target_ip, 40000 + number, port, payload))
        sock.send(frame)
        deadline = time.time() + (2.0 if expect != "none" else 0.7)
        seen = []
        while True:
            # After the first answer, a little longer: any second answerer
            # (the other network's rampart) must be seen too.
            for source, answer_vlan, ether_type, body in receive(sock, deadline):
                if answers(kind, body, ether_type, target_ip, port, payload):
                    seen.append((source, answer_vlan))
                    break
            else:
                break
            deadline = min(deadline, time.time() + 0.3)
        what = "%s on %s" % (kind, network)
        if expect == "none":
            if seen:
                print("FAILED: %s was answered by %s" % (what, [s.hex(":") for s, _ in seen]))
                failures += 1
            else:
                print("ok: %s not answered" % what)
            continue
        good = [s for s, v in seen if s == mac_bytes(expect) and v == vlan]
        if good and len(good) == len(seen):
            print("ok: %s answered by %s on %s" % (what, expect, network))
        else:
            print("FAILED: %s: answers %s (wanted %s on %s)" %
                  (what, [(s.hex(":"), v) for s, v in seen], expect, network))
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
