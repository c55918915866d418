#include "harness/udp_rx_spec.h"

#include "harness/reference_sum.h"

namespace rampart::spec {
namespace {

int AddrLen(const Addr& a) { return a.family == 4 ? 4 : 16; }

bool IsMulticastOrBroadcast(const Addr& a) {
  if (a.family == 6) return a.bytes[0] == 0xFF;
  if ((a.bytes[0] & 0xF0) == 0xE0) return true;
  return a.bytes[0] == 255 && a.bytes[1] == 255 && a.bytes[2] == 255 && a.bytes[3] == 255;
}

/// RFC 1071 (the harness's plain sum) over the concatenation of the pseudo-header and the
/// covered datagram bytes; true if the total folds to 0xFFFF.
bool ChecksumOk(std::span<const uint8_t> covered, const Addr& s, const Addr& d) {
  // Reused across calls (growing a fresh vector byte by byte was most of a
  // udp_rx execution under ASan).
  static std::vector<uint8_t> all;
  all.clear();
  all.reserve(40 + covered.size());
  for (int i = 0; i < AddrLen(s); ++i) all.push_back(s.bytes[i]);
  for (int i = 0; i < AddrLen(d); ++i) all.push_back(d.bytes[i]);
  size_t len = covered.size();
  if (s.family == 4) {
    all.push_back(0);
    all.push_back(17);
    all.push_back(static_cast<uint8_t>(len >> 8));
    all.push_back(static_cast<uint8_t>(len));
  } else {
    all.push_back(0);
    all.push_back(0);
    all.push_back(static_cast<uint8_t>(len >> 8));
    all.push_back(static_cast<uint8_t>(len));
    all.push_back(0);
    all.push_back(0);
    all.push_back(0);
    all.push_back(17);
  }
  for (uint8_t b : covered) all.push_back(b);
  return fuzz::ReferenceFold(all) == 0xFFFF;
}

bool PeerOk(const Listener& l, const Addr& src, uint16_t sport) {
  return !l.strict_peer || (SameAddr(l.peer, src) && l.peer_port == sport);
}

}  // namespace

bool SameAddr(const Addr& a, const Addr& b) {
  if (a.family != b.family) return false;
  for (int i = 0; i < AddrLen(a); ++i) {
    if (a.bytes[i] != b.bytes[i]) return false;
  }
  return true;
}

Verdict Decide(std::span<const uint8_t> d, const Addr& src, const Addr& dst, bool device_verified,
               const std::vector<Listener>& listeners) {
  Verdict v;
  if (src.family != dst.family) {
    v.reason = "udp_address_family_mismatch";
    return v;
  }
  if (d.size() < 8) {
    v.reason = "udp_truncated_header";
    return v;
  }
  size_t ulen = static_cast<size_t>(d[4]) * 256 + d[5];
  if (dst.family == 6 && ulen == 0) {
    v.reason = "udp_ipv6_jumbogram";
    return v;
  }
  if (ulen < 8) {
    v.reason = "udp_length_below_header";
    return v;
  }
  if (ulen > d.size()) {
    v.reason = "udp_length_exceeds_packet";
    return v;
  }
  if (IsMulticastOrBroadcast(src)) {
    v.reason = "udp_source_not_unicast";
    return v;
  }
  uint16_t sport = static_cast<uint16_t>(d[0] * 256 + d[1]);
  uint16_t dport = static_cast<uint16_t>(d[2] * 256 + d[3]);
  if (dport == 0) {
    v.reason = "udp_destination_port_zero";
    return v;
  }
  // Demux: three passes, most specific first.
  const Listener* found = nullptr;
  bool refused = false;
  for (int pass = 0; pass < 3 && found == nullptr; ++pass) {
    for (const Listener& l : listeners) {
      bool candidate = false;
      if (pass == 0) {
        candidate = !l.promiscuous && !l.wildcard && l.family == dst.family && l.port == dport &&
                    SameAddr(l.address, dst);
      } else if (pass == 1) {
        candidate = !l.promiscuous && l.wildcard && l.family == dst.family && l.port == dport;
      } else {
        candidate = l.promiscuous;
      }
      if (!candidate) continue;
      if (PeerOk(l, src, sport)) {
        found = &l;
      } else {
        refused = true;
      }
      break;  // at most one listener per level
    }
  }
  uint16_t csum = static_cast<uint16_t>(d[6] * 256 + d[7]);
  if (csum != 0) {
    if (!device_verified && !ChecksumOk(d.first(ulen), src, dst)) {
      v.reason = "udp_checksum_mismatch";
      return v;
    }
  } else if (dst.family == 6 && (found == nullptr || !found->zero_checksum_ok)) {
    v.reason = "udp_ipv6_zero_checksum";
    return v;
  }
  if (found == nullptr) {
    v.reason = refused ? "udp_peer_mismatch" : "udp_no_listener";
    return v;
  }
  v.deliver = true;
  v.id = found->id;
  v.payload_offset = 8;
  v.payload_length = ulen - 8;
  return v;
}

}  // namespace rampart::spec
