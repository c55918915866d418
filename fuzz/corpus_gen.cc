// Writes the seed corpora of every fuzz target, reproducibly.
//
//   rampart_corpus_gen write DIR   writes DIR/<target>/<name> for each seed
//   rampart_corpus_gen check DIR   exits 1 unless every seed exists in DIR
//                                  with exactly these bytes
//
// Seeds are built from named cases so a reader can see what each one
// covers; the input layouts are documented at the top of each target.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "wire/ip_address.h"
#include "wire/udp_checksum.h"

namespace {

using Bytes = std::vector<uint8_t>;
using Corpus = std::map<std::string, std::map<std::string, Bytes>>;

void Be16(Bytes& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v & 0xFF));
}

Bytes Datagram(uint16_t sport, uint16_t dport, const std::string& payload, int length_delta = 0,
               const std::string& trailer = "", uint16_t checksum = 0) {
  Bytes d;
  Be16(d, sport);
  Be16(d, dport);
  Be16(d, static_cast<uint16_t>(static_cast<int>(8 + payload.size()) + length_delta));
  Be16(d, checksum);
  d.insert(d.end(), payload.begin(), payload.end());
  d.insert(d.end(), trailer.begin(), trailer.end());
  return d;
}

const Bytes kSrc4 = {198, 51, 100, 7};
const Bytes kDst4 = {192, 0, 2, 1};
const Bytes kSrc6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
const Bytes kDst6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

/// One udp_rx input: flags, listeners, addresses, datagram.
Bytes RxInput(uint8_t flags, const std::vector<std::array<uint8_t, 4>>& listeners,
              const Bytes& datagram, const Bytes* source = nullptr) {
  bool v6 = (flags & 1) != 0;
  Bytes in = {flags, static_cast<uint8_t>(listeners.size())};
  const Bytes& src = source != nullptr ? *source : (v6 ? kSrc6 : kSrc4);
  const Bytes& dst = v6 ? kDst6 : kDst4;
  // The facts travel as a pseudo-header (protocol 17, UDP length filled
  // in for realism; the decision takes the length from the datagram).
  auto pseudo = [&](const Bytes& s, const Bytes& d, bool six) {
    in.insert(in.end(), s.begin(), s.end());
    in.insert(in.end(), d.begin(), d.end());
    if (six) {
      in.insert(in.end(), {0, 0, static_cast<uint8_t>(datagram.size() >> 8),
                           static_cast<uint8_t>(datagram.size()), 0, 0, 0, 17});
    } else {
      in.insert(in.end(), {0, 17, static_cast<uint8_t>(datagram.size() >> 8),
                           static_cast<uint8_t>(datagram.size())});
    }
  };
  pseudo(src, dst, v6);
  if ((flags & 0x20) != 0) {  // source of the other family
    pseudo(v6 ? kSrc4 : kSrc6, v6 ? kDst4 : kDst6, !v6);
  }
  for (const auto& l : listeners) in.insert(in.end(), l.begin(), l.end());
  in.insert(in.end(), datagram.begin(), datagram.end());
  return in;
}

void AddRxSeeds(std::map<std::string, Bytes>& out) {
  // Listener: port 53 (0x0035), flags, peer selector. Flag bits: 0x01
  // wildcard, 0x04 IPv6 zero checksum ok, 0x08 strict peer, 0x20 port from
  // the datagram, 0x40/0x80 perturb the address.
  const std::array<uint8_t, 4> exact53 = {0x00, 0x35, 0x00, 0x01};
  const std::array<uint8_t, 4> wild53 = {0x00, 0x35, 0x01, 0x00};
  const std::array<uint8_t, 4> other53 = {0x00, 0x35, 0x40, 0x00};
  const std::array<uint8_t, 4> zero53 = {0x00, 0x35, 0x04, 0x00};
  const std::array<uint8_t, 4> strict_ok = {0x00, 0x35, 0x08, 0x01};
  const std::array<uint8_t, 4> strict_bad = {0x00, 0x35, 0x08, 0x02};
  const Bytes hello = Datagram(4000, 53, "hello");
  const Bytes wrong = Datagram(4000, 53, "hello", 0, "", 0x1234);
  for (uint8_t fam : {0, 1}) {
    std::string f = fam ? "v6-" : "v4-";
    uint8_t fix = 0x02;
    out[f + "deliver-exact"] = RxInput(fam | fix, {exact53}, hello);
    out[f + "deliver-wildcard"] = RxInput(fam | fix, {wild53}, hello);
    out[f + "exact-beats-wildcard"] = RxInput(fam | fix, {wild53, exact53}, hello);
    out[f + "promiscuous-takes-rest"] = RxInput(fam | fix | 0x08, {other53}, hello);
    out[f + "no-listener"] = RxInput(fam | fix, {other53}, hello);
    out[f + "bad-checksum"] = RxInput(fam, {exact53}, wrong);
    out[f + "bad-checksum-no-listener"] = RxInput(fam, {other53}, wrong);
    out[f + "device-verified"] = RxInput(fam | 0x04, {exact53}, wrong);
    out[f + "zero-checksum"] = RxInput(fam | 0x40, {exact53}, hello);
    out[f + "zero-checksum-opt-in"] = RxInput(fam | 0x40, {zero53}, hello);
    out[f + "promisc-zero-opt-in"] = RxInput(fam | 0x40 | 0x08 | 0x10, {}, hello);
    out[f + "promisc-peer-filter"] = RxInput(fam | fix | 0x08 | 0x80, {}, hello);
    out[f + "trailing-bytes"] =
        RxInput(fam | fix, {exact53}, Datagram(4000, 53, "abc", 0, "TRAILER"));
    out[f + "length-below-header"] = RxInput(fam | fix, {exact53}, Datagram(4000, 53, "abc", -5));
    out[f + "length-seven"] = RxInput(fam | fix, {exact53}, Datagram(4000, 53, "abc", -4));
    out[f + "length-eight"] = RxInput(fam | fix, {exact53}, Datagram(4000, 53, "abc", -3));
    out[f + "zero-checksum-no-listener"] = RxInput(fam | 0x40, {other53}, hello);
    out[f + "exact-beats-promiscuous"] = RxInput(fam | fix | 0x08, {exact53}, hello);
    out[f + "wildcard-beats-promiscuous"] = RxInput(fam | fix | 0x08, {wild53}, hello);
    out[f + "length-zero"] = RxInput(fam | fix, {exact53}, Datagram(4000, 53, "abc", -11));
    out[f + "length-exceeds"] = RxInput(fam | fix, {exact53}, Datagram(4000, 53, "abc", 1));
    out[f + "truncated-header"] =
        RxInput(fam | fix, {exact53}, Bytes{0x0f, 0xa0, 0x00, 0x35, 0x00});
    out[f + "port-zero"] = RxInput(fam | fix | 0x08, {}, Datagram(4000, 0, "x"));
    out[f + "strict-peer-ok"] = RxInput(fam | fix, {strict_ok}, hello);
    out[f + "strict-peer-refused"] = RxInput(fam | fix, {strict_bad}, hello);
    out[f + "strict-then-wildcard"] = RxInput(fam | fix, {strict_bad, wild53}, hello);
    out[f + "family-mismatch"] = RxInput(fam | fix | 0x20, {exact53}, hello);
    out[f + "empty-payload"] = RxInput(fam | fix, {exact53}, Datagram(4000, 53, ""));
  }
  Bytes multicast4 = {224, 0, 0, 251};
  out["v4-multicast-source"] = RxInput(0x02, {exact53}, hello, &multicast4);
  Bytes broadcast4 = {255, 255, 255, 255};
  out["v4-broadcast-source"] = RxInput(0x02, {exact53}, hello, &broadcast4);
  Bytes multicast6 = kSrc6;
  multicast6[0] = 0xFF;
  out["v6-multicast-source"] = RxInput(0x03, {exact53}, hello, &multicast6);
  out["v4-empty"] = {};
}

void AddUriSeeds(std::map<std::string, Bytes>& out) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"v4", "udp://192.0.2.1:69"},
      {"v6", "udp://[2001:db8::1]:53"},
      {"v6-mapped", "udp://[::ffff:192.0.2.1]:53/"},
      {"name", "udp://ntp.example.org:123"},
      {"upper-scheme", "UDP://198.51.100.2:7"},
      {"no-port", "udp://192.0.2.1"},
      {"port-zero", "udp://192.0.2.1:0"},
      {"port-big", "udp://192.0.2.1:65536"},
      {"zone", "udp://[fe80::1%25eth0]:53"},
      {"userinfo", "udp://u@192.0.2.1:53"},
      {"path", "udp://192.0.2.1:53/x?y#z"},
      {"bad-v4", "udp://1.2.3:53"},
      {"leading-zero", "udp://01.2.3.4:53"},
      {"bare-v4", "192.0.2.1"},
      {"bare-v6", "2001:db8::1"},
      {"v6-full", "1:2:3:4:5:6:7:8"},
      {"v6-v4tail", "::ffff:1.2.3.4"},
      {"v6-double-gap", "1::2::3"},
  };
  for (const auto& [name, text] : cases) out[name] = Bytes(text.begin(), text.end());
}

void AddChecksumSeeds(std::map<std::string, Bytes>& out) {
  // split points (2 + 2), family byte, source, destination, data.
  auto input = [](uint16_t a, uint16_t b, bool v6, const Bytes& data) {
    Bytes in;
    Be16(in, a);
    Be16(in, b);
    in.push_back(v6 ? 1 : 0);
    const Bytes& s = v6 ? kSrc6 : kSrc4;
    const Bytes& d = v6 ? kDst6 : kDst4;
    in.insert(in.end(), s.begin(), s.end());
    in.insert(in.end(), d.begin(), d.end());
    in.insert(in.end(), data.begin(), data.end());
    return in;
  };
  out["rfc1071-example"] = input(3, 5, false, {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7});
  out["odd-length"] = input(1, 2, false, {0xAB, 0xCD, 0xEF});
  out["all-ones"] = input(7, 9, true, Bytes(64, 0xFF));
  Bytes trailing = Datagram(4000, 53, "payload", 0, "TRAILER");
  out["v4-datagram-with-trailer"] = input(9, 3, false, trailing);
  out["v6-datagram-short-length"] = input(4, 4, true, Datagram(4000, 53, "payload", -5));
  out["v6-datagram-long-length"] = input(4, 4, true, Datagram(4000, 53, "payload", 20));
  out["empty"] = {};
}

/// A 2-byte payload that makes the UDP checksum compute to 0 (so the
/// sender must put 0xFFFF on the wire), found with a plain sum written
/// here rather than with the code under test.
std::string ZeroingPayload(const Bytes& source, const Bytes& destination, uint16_t sport,
                           uint16_t dport) {
  uint32_t sum = 0;
  for (size_t i = 0; i < source.size(); i += 2) sum += (source[i] << 8) | source[i + 1];
  for (size_t i = 0; i < destination.size(); i += 2)
    sum += (destination[i] << 8) | destination[i + 1];
  sum += 17 + 10;             // protocol and UDP length in the pseudo-header
  sum += sport + dport + 10;  // header words (checksum field 0)
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  uint16_t word = static_cast<uint16_t>(~sum);
  return std::string{static_cast<char>(word >> 8), static_cast<char>(word & 0xFF)};
}

void AddRoundTripSeeds(std::map<std::string, Bytes>& out) {
  auto input = [](uint8_t flags, uint8_t flip, const std::string& payload, bool v6) {
    Bytes in = {flags, flip};
    const Bytes& a = v6 ? kSrc6 : kSrc4;
    const Bytes& b = v6 ? kDst6 : kDst4;
    in.insert(in.end(), a.begin(), a.end());
    in.insert(in.end(), b.begin(), b.end());
    Be16(in, 53);
    Be16(in, 5000);
    Be16(in, 0x1234);
    Be16(in, 0x5678);
    in.insert(in.end(), payload.begin(), payload.end());
    return in;
  };
  out["v4-small"] = input(0x00, 3, "hello", false);
  out["v6-small"] = input(0x01, 9, "hello", true);
  out["v4-wildcard-ephemeral"] = input(0x02, 1, "x", false);
  out["v6-source-override"] = input(0x05, 77, "payload", true);
  out["v4-max-payload"] = input(0xA8, 2, "pattern", false);
  out["v6-max-payload"] = input(0xA9, 1, "pattern", true);
  out["v6-zero-opt-in"] = input(0x11, 50, "", true);
  out["v4-empty"] = input(0x00, 0, "", false);
  out["v4-computed-zero"] = input(0x00, 5, ZeroingPayload(kSrc4, kDst4, 5000, 53), false);
  out["v6-computed-zero"] = input(0x01, 5, ZeroingPayload(kSrc6, kDst6, 5000, 53), true);
}

void AddStackSeeds(std::map<std::string, Bytes>& out) {
  // Operations (see fuzz/udp_stack.cc): 0 open, 1 promiscuous, 2 close,
  // 3 send, 4 receive, 5 deliver, 6 open uri, 7 loop, 8 drop handle.
  // open: flags, local port selector (2: 0 mod 8 = ephemeral) and index (2),
  // peer port (2), address selector.
  const Bytes open_v4_exact = {0, 0x06, 0, 1, 0, 0, 0, 7, 0x20};
  const Bytes open_v6_exact = {0, 0x07, 0, 1, 0, 0, 0, 7, 0x20};
  const Bytes open_v4_ephemeral = {0, 0x02, 0, 0, 0, 0, 0xEA, 0x60, 0x23};
  const Bytes receive_to_61000 = {4, 2, 0, 0x0F, 0xA0, 0, 1, 0, 0, 8, 0x00};
  const Bytes receive_v6 = {4, 2, 0, 0x0F, 0xA0, 0, 1, 0, 0, 8, 0x01};
  const Bytes deliver_all = {5, 255};
  auto cat = [](std::initializer_list<Bytes> parts) {
    Bytes all = {0};  // ephemeral range choice: the valid default
    for (const Bytes& p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
  };
  out["open-receive-deliver"] = cat({open_v4_exact, receive_to_61000, deliver_all});
  out["open-receive-deliver-v6"] = cat({open_v6_exact, receive_v6, deliver_all});
  out["queue-overflow"] = cat({open_v4_exact, receive_to_61000, receive_to_61000, receive_to_61000,
                               receive_to_61000, receive_to_61000, deliver_all});
  out["close-while-queued"] = cat({open_v4_exact, receive_to_61000, Bytes{2, 0}, deliver_all});
  out["drop-handle-while-queued"] =
      cat({open_v4_exact, receive_to_61000, Bytes{8, 0}, deliver_all});
  out["port-in-use"] = cat({open_v4_exact, open_v4_exact});
  out["ephemeral-send-loop"] =
      cat({open_v4_ephemeral, open_v4_exact, Bytes{3, 0, 10, 0}, Bytes{7}, deliver_all});
  out["send-overrides"] = cat({open_v4_exact, Bytes{3, 0, 4, 0x81}, Bytes{3, 0, 4, 0x03}});
  out["promiscuous"] = cat({Bytes{1, 0}, Bytes{1, 1}, receive_to_61000, receive_v6, deliver_all});
  out["damaged-receives"] = cat({open_v4_exact, Bytes{4, 2, 0, 0x0F, 0xA0, 0, 1, 0, 0, 8, 0x02},
                                 Bytes{4, 2, 0, 0x0F, 0xA0, 0, 1, 0, 0, 8, 0x04},
                                 Bytes{4, 2, 0, 0x0F, 0xA0, 0, 1, 0, 0, 8, 0x08},
                                 Bytes{4, 2, 0, 0x0F, 0xA0, 0, 1, 0, 0, 8, 0x10},
                                 Bytes{4, 2, 0, 0x0F, 0xA0, 0, 0, 0, 0, 8, 0x00}, deliver_all});
  std::string uri = "192.0.2.7:53";
  Bytes open_uri = {6, static_cast<uint8_t>(uri.size())};
  open_uri.insert(open_uri.end(), uri.begin(), uri.end());
  std::string name = "peer.example:53";
  Bytes open_name = {6, static_cast<uint8_t>(name.size())};
  open_name.insert(open_name.end(), name.begin(), name.end());
  out["open-uri"] = cat({open_uri, open_name, Bytes{3, 0, 5, 0}, Bytes{3, 1, 5, 0}});
  out["share-by-address"] =
      cat({Bytes{0, 0x46, 0, 1, 0, 0, 0, 7, 0x20}, Bytes{0, 0x46, 0, 1, 0, 0, 0, 7, 0x25},
           Bytes{0, 0x46, 0, 1, 0, 0, 0, 7, 0x21}, receive_to_61000, deliver_all});
  out["strict-peer"] =
      cat({Bytes{0, 0x26, 0, 1, 0, 0, 0x0F, 0xA0, 0x22}, receive_to_61000, deliver_all});
  out["privileged"] = cat({Bytes{0, 0x0A, 0, 0, 0, 0, 0, 53, 0x23}});
  out["reassign-handles"] = cat({open_v4_exact, open_v4_ephemeral, receive_to_61000, Bytes{9, 0, 1},
                                 Bytes{3, 1, 4, 0}, Bytes{3, 0, 4, 0}, deliver_all});
  out["net-fault"] = cat({open_v4_exact, Bytes{3, 0, 9, 1}, Bytes{10, 1}, Bytes{3, 0, 9, 1},
                          Bytes{10, 0}, Bytes{3, 0, 9, 1}});
  out["oversize-send"] = cat({open_v4_exact, Bytes{3, 0, 0xAB, 1}});
  out["promiscuous-strict-refused"] = cat({Bytes{1, 2}, Bytes{1, 0}});
  Bytes bad_range = cat({open_v4_ephemeral});
  bad_range[0] = 7;
  out["invalid-range-then-default"] = bad_range;
  bad_range[0] = 15;
  out["invalid-range-zero"] = bad_range;
}

void AddIoBufferSeeds(std::map<std::string, Bytes>& out) {
  // headroom, tailroom, then (opcode, amount) pairs; see fuzz/io_buffer.cc.
  out["headers-and-payload"] = {64, 100, 6, 20, 0, 8, 0, 20, 1, 8, 3, 5, 7, 0};
  out["overruns"] = {2, 2, 0, 3, 1, 1, 2, 3, 3, 1, 6, 9, 4, 1, 1};
  out["narrow-and-grow"] = {0, 50, 2, 40, 4, 10, 20, 5, 30, 0, 30, 7, 0};
  out["empty"] = {};
}

Bytes Ipv4Packet(uint8_t protocol, const Bytes& payload, uint16_t flags_fragment = 0x4000,
                 uint8_t ihl_words = 5) {
  Bytes p = {static_cast<uint8_t>(0x40 | ihl_words), 0};
  Be16(p, static_cast<uint16_t>(ihl_words * 4 + payload.size()));
  Be16(p, 0x1234);
  Be16(p, flags_fragment);
  p.insert(p.end(), {64, protocol, 0, 0});
  p.insert(p.end(), kSrc4.begin(), kSrc4.end());
  p.insert(p.end(), kDst4.begin(), kDst4.end());
  for (size_t i = 20; i < ihl_words * 4u; ++i)
    p.push_back(i + 1 == ihl_words * 4u ? 0 : 1);  // NOPs, EOL
  uint32_t sum = 0;
  for (size_t i = 0; i < p.size(); i += 2) sum += (p[i] << 8) | p[i + 1];
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  p[10] = static_cast<uint8_t>(~sum >> 8);
  p[11] = static_cast<uint8_t>(~sum & 0xFF);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

Bytes Ipv6Packet(uint8_t next_header, const Bytes& payload) {
  Bytes p = {0x60, 0, 0, 0};
  Be16(p, static_cast<uint16_t>(payload.size()));
  p.insert(p.end(), {next_header, 64});
  p.insert(p.end(), kSrc6.begin(), kSrc6.end());
  p.insert(p.end(), kDst6.begin(), kDst6.end());
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

void AddNetworkSeeds(Corpus& corpus) {
  const Bytes udp = Datagram(4000, 53, "hello");
  auto& v4 = corpus["ipv4"];
  v4["udp"] = Ipv4Packet(17, udp);
  v4["options"] = Ipv4Packet(17, udp, 0x4000, 7);
  v4["first-fragment"] = Ipv4Packet(17, udp, 0x2000);
  v4["last-fragment"] = Ipv4Packet(17, udp, 0x00B9);
  Bytes padded = Ipv4Packet(17, udp);
  padded.insert(padded.end(), 10, 0);
  v4["link-padding"] = padded;
  Bytes bad = Ipv4Packet(17, udp);
  bad[8] = 1;
  v4["bad-checksum"] = bad;
  bad = Ipv4Packet(17, udp);
  bad[3] = 200;
  v4["total-exceeds"] = bad;
  bad = Ipv4Packet(17, udp);
  bad[0] = 0x43;
  v4["ihl-three"] = bad;
  v4["short"] = Bytes(kSrc4.begin(), kSrc4.end());

  auto& v6 = corpus["ipv6"];
  v6["udp"] = Ipv6Packet(17, udp);
  Bytes chain = {43, 0, 1, 4, 0, 0, 0, 0, 60, 1, 0, 0, 0, 0, 0, 0,
                 0,  0, 0, 0, 0, 0, 0, 0, 44, 0, 1, 4, 0, 0, 0, 0};
  Bytes fragment = {17, 0, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF};
  Bytes with_fragment = chain;
  with_fragment.insert(with_fragment.end(), fragment.begin(), fragment.end());
  with_fragment.insert(with_fragment.end(), udp.begin(), udp.end());
  v6["hop-routing-dest-fragment-udp"] = Ipv6Packet(0, with_fragment);
  v6["authentication-header"] = Ipv6Packet(51, Bytes{17, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2});
  v6["hop-by-hop-late"] = Ipv6Packet(60, Bytes{0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0});
  v6["truncated-extension"] = Ipv6Packet(60, Bytes{17, 3, 0, 0, 0, 0, 0, 0});
  Bytes long_chain;
  for (int i = 0; i < 9; ++i) long_chain.insert(long_chain.end(), {60, 0, 0, 0, 0, 0, 0, 0});
  v6["too-many-extensions"] = Ipv6Packet(60, long_chain);
  Bytes cut = Ipv6Packet(17, udp);
  cut.resize(50);
  v6["payload-exceeds"] = cut;

  auto& icmp = corpus["icmp"];
  auto icmp_input = [](uint8_t flags, bool v6, const Bytes& message) {
    Bytes in = {flags};
    const Bytes& s = v6 ? kSrc6 : kSrc4;
    const Bytes& d = v6 ? kDst6 : kDst4;
    in.insert(in.end(), s.begin(), s.end());
    in.insert(in.end(), d.begin(), d.end());
    in.insert(in.end(), message.begin(), message.end());
    return in;
  };
  icmp["v4-echo-request"] =
      icmp_input(2, false, Bytes{8, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'});
  icmp["v6-echo-request"] =
      icmp_input(3, true, Bytes{128, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'});
  icmp["v4-bad-checksum"] = icmp_input(0, false, Bytes{8, 0, 0x12, 0x34, 0, 1, 0, 1});
  Bytes unreachable4 = {3, 3, 0, 0, 0, 0, 0, 0};
  Bytes quoted4 = Ipv4Packet(17, udp);
  unreachable4.insert(unreachable4.end(), quoted4.begin(), quoted4.begin() + 28);
  icmp["v4-port-unreachable"] = icmp_input(2, false, unreachable4);
  Bytes unreachable6 = {1, 4, 0, 0, 0, 0, 0, 0};
  Bytes quoted6 = Ipv6Packet(17, udp);
  unreachable6.insert(unreachable6.end(), quoted6.begin(), quoted6.begin() + 48);
  icmp["v6-port-unreachable"] = icmp_input(3, true, unreachable6);
  Bytes quote_cut = unreachable4;
  quote_cut.resize(8 + 27);
  icmp["v4-quote-truncated"] = icmp_input(2, false, quote_cut);
  icmp["short"] = icmp_input(0, false, Bytes{8, 0, 0});

  auto& ndp = corpus["ndp"];
  Bytes ns = {135, 0, 0, 0, 0, 0, 0, 0};
  ns.insert(ns.end(), kDst6.begin(), kDst6.end());
  Bytes ns_slla = ns;
  ns_slla.insert(ns_slla.end(), {1, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x07});
  ndp["solicitation"] = ns_slla;
  Bytes na = ns;
  na[0] = 136;
  na[4] = 0x60;
  na.insert(na.end(), {2, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01});
  ndp["advertisement"] = na;
  Bytes unknown = ns;
  unknown.insert(unknown.end(), {99, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ndp["unknown-option"] = unknown;
  Bytes zero = ns;
  zero.insert(zero.end(), {1, 0, 0, 0, 0, 0, 0, 0});
  ndp["zero-length-option"] = zero;
  Bytes over = ns;
  over.insert(over.end(), {1, 3, 0, 0, 0, 0, 0, 0});
  ndp["option-overrun"] = over;

  auto& arp = corpus["arp"];
  Bytes request = {0,   1,  8,   0, 6, 4, 0, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x07,
                   198, 51, 100, 7, 0, 0, 0, 0, 0,    0,    192,  0,    2,    1};
  arp["request"] = request;
  Bytes reply = request;
  reply[7] = 2;
  arp["reply"] = reply;
  Bytes padded_request = request;
  padded_request.resize(46, 0);
  arp["padded-request"] = padded_request;
  Bytes rarp = request;
  rarp[7] = 3;
  arp["rarp"] = rarp;
  arp["short"] = Bytes(request.begin(), request.begin() + 20);

  auto& eth = corpus["ethernet"];
  Bytes mac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
  auto frame = [&mac](const Bytes& type_and_rest) {
    Bytes f = mac;
    f.insert(f.end(), type_and_rest.begin(), type_and_rest.end());
    return f;
  };
  eth["ipv4"] = frame(Bytes{0x08, 0x00, 0x45, 0x00});
  eth["vlan-ipv6"] = frame(Bytes{0x81, 0x00, 0xA0, 0x64, 0x86, 0xDD, 0x60});
  eth["length-field"] = frame(Bytes{0x00, 0x40});
  eth["cut-vlan"] = frame(Bytes{0x81, 0x00, 0x00});
  eth["short"] = Bytes{0xff, 0xff};
}

/// The folded one's complement sum of `bytes` as 16-bit big-endian words.
uint32_t Sum16(const Bytes& bytes, uint32_t sum = 0) {
  for (size_t i = 0; i < bytes.size(); i += 2) {
    sum += static_cast<uint32_t>(bytes[i] << 8) | (i + 1 < bytes.size() ? bytes[i + 1] : 0);
  }
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  return sum;
}

void PutChecksum(Bytes& bytes, size_t at, uint32_t folded, bool zero_as_ffff) {
  uint16_t checksum = static_cast<uint16_t>(~folded & 0xFFFF);
  if (checksum == 0 && zero_as_ffff) checksum = 0xFFFF;
  bytes[at] = static_cast<uint8_t>(checksum >> 8);
  bytes[at + 1] = static_cast<uint8_t>(checksum & 0xFF);
}

// The frame target's fixture: 02:00:00:00:00:02, 192.0.2.2, 2001:db8::2.
const Bytes kUs4 = {192, 0, 2, 2};
const Bytes kPeer4 = {192, 0, 2, 1};
const Bytes kUs6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
const Bytes kPeer6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

Bytes Frame(const Bytes& destination_mac, uint16_t type, const Bytes& payload) {
  Bytes f = destination_mac;
  f.insert(f.end(), {0x02, 0, 0, 0, 0, 0x01});
  Be16(f, type);
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

/// An IPv4 packet from kPeer4 to `destination` with a correct header checksum.
Bytes V4Packet(uint8_t protocol, const Bytes& payload, uint16_t flags_fragment = 0,
               const Bytes& destination = kUs4) {
  Bytes p = {0x45, 0};
  Be16(p, static_cast<uint16_t>(20 + payload.size()));
  Be16(p, 0x4242);
  Be16(p, flags_fragment);
  p.insert(p.end(), {64, protocol, 0, 0});
  p.insert(p.end(), kPeer4.begin(), kPeer4.end());
  p.insert(p.end(), destination.begin(), destination.end());
  PutChecksum(p, 10, Sum16(p), false);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

Bytes V6Packet(uint8_t next_header, const Bytes& payload, uint8_t hop_limit = 64,
               const Bytes& destination = kUs6) {
  Bytes p = {0x60, 0, 0, 0};
  Be16(p, static_cast<uint16_t>(payload.size()));
  p.insert(p.end(), {next_header, hop_limit});
  p.insert(p.end(), kPeer6.begin(), kPeer6.end());
  p.insert(p.end(), destination.begin(), destination.end());
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

/// Pseudo-header sum (RFC 768 / RFC 8200) for a transport message.
uint32_t PseudoSum(bool v6, const Bytes& destination, uint8_t protocol, size_t length) {
  Bytes pseudo = v6 ? kPeer6 : kPeer4;
  pseudo.insert(pseudo.end(), destination.begin(), destination.end());
  if (v6) {
    pseudo.insert(pseudo.end(), {0, 0});
    Be16(pseudo, static_cast<uint16_t>(length));
    pseudo.insert(pseudo.end(), {0, 0, 0, protocol});
  } else {
    pseudo.insert(pseudo.end(), {0, protocol});
    Be16(pseudo, static_cast<uint16_t>(length));
  }
  return Sum16(pseudo);
}

Bytes CheckedDatagram(bool v6, uint16_t dport, const std::string& text, const Bytes& destination) {
  Bytes d = Datagram(40000, dport, text);
  PutChecksum(d, 6, Sum16(d, PseudoSum(v6, destination, 17, d.size())), true);
  return d;
}

Bytes Icmp(bool v6, uint8_t type, const Bytes& body, const Bytes& destination) {
  Bytes m = {type, 0, 0, 0};
  m.insert(m.end(), body.begin(), body.end());
  PutChecksum(m, 2, v6 ? Sum16(m, PseudoSum(true, destination, 58, m.size())) : Sum16(m), false);
  return m;
}

void AddFrameSeeds(Corpus& corpus) {
  const Bytes us = {0x02, 0, 0, 0, 0, 0x02};
  const Bytes broadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const Bytes solicited = {0x33, 0x33, 0xff, 0, 0, 0x02};
  auto& f = corpus["frame"];
  f["udp4-echo-port"] = Frame(us, 0x0800, V4Packet(17, CheckedDatagram(false, 7, "ping", kUs4)));
  f["udp4-port-53"] = Frame(us, 0x0800, V4Packet(17, CheckedDatagram(false, 53, "dns?", kUs4)));
  f["udp4-closed-port"] = Frame(us, 0x0800, V4Packet(17, CheckedDatagram(false, 99, "x", kUs4)));
  const Bytes subnet_broadcast = {192, 0, 2, 255};
  f["udp4-broadcast"] =
      Frame(broadcast, 0x0800,
            V4Packet(17, CheckedDatagram(false, 7, "all", subnet_broadcast), 0, subnet_broadcast));
  Bytes bad_sum = CheckedDatagram(false, 7, "ping", kUs4);
  bad_sum[8] ^= 1;
  f["udp4-bad-checksum"] = Frame(us, 0x0800, V4Packet(17, bad_sum));
  const Bytes whole = CheckedDatagram(false, 7, "a fragmented datagram.", kUs4);
  f["udp4-first-fragment"] =
      Frame(us, 0x0800, V4Packet(17, Bytes(whole.begin(), whole.begin() + 16), 0x2000));
  f["udp4-last-fragment"] =
      Frame(us, 0x0800, V4Packet(17, Bytes(whole.begin() + 16, whole.end()), 0x0002));
  f["udp6-echo-port"] = Frame(us, 0x86DD, V6Packet(17, CheckedDatagram(true, 7, "ping6", kUs6)));
  Bytes zero = Datagram(40000, 9, "tunnel");
  f["udp6-zero-checksum-opt-in"] = Frame(us, 0x86DD, V6Packet(17, zero));
  Bytes fragment_header = {17, 0, 0, 1, 0, 0, 0, 9};
  const Bytes six = CheckedDatagram(true, 7, "fragmented over ipv6", kUs6);
  fragment_header.insert(fragment_header.end(), six.begin(), six.begin() + 16);
  f["udp6-first-fragment"] = Frame(us, 0x86DD, V6Packet(44, fragment_header));
  Bytes atomic = {58, 0, 0, 0, 0, 0, 0, 9};
  const Bytes echo6 = Icmp(true, 128, {0, 1, 0, 1, 'h', 'i'}, kUs6);
  atomic.insert(atomic.end(), echo6.begin(), echo6.end());
  f["icmp6-echo-atomic-fragment"] = Frame(us, 0x86DD, V6Packet(44, atomic));
  f["icmp6-echo"] = Frame(us, 0x86DD, V6Packet(58, echo6));
  f["icmp4-echo"] = Frame(us, 0x0800, V4Packet(1, Icmp(false, 8, {0, 1, 0, 1, 'h', 'i'}, kUs4)));
  Bytes quoted = {0, 0, 0, 0};
  const Bytes inner = V4Packet(17, CheckedDatagram(false, 7, "q", kUs4));
  quoted.insert(quoted.end(), inner.begin(), inner.begin() + 28);
  f["icmp4-unreachable"] = Frame(us, 0x0800, V4Packet(1, Icmp(false, 3, quoted, kUs4)));
  const Bytes group = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0, 0, 0x02};
  Bytes ns = {0, 0, 0, 0};
  ns.insert(ns.end(), kUs6.begin(), kUs6.end());
  ns.insert(ns.end(), {1, 1, 0x02, 0, 0, 0, 0, 0x01});
  f["ndp-solicitation"] =
      Frame(solicited, 0x86DD, V6Packet(58, Icmp(true, 135, ns, group), 255, group));
  Bytes arp = {0, 1, 8, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0, 0x01};
  arp.insert(arp.end(), kPeer4.begin(), kPeer4.end());
  arp.insert(arp.end(), 6, 0);
  arp.insert(arp.end(), kUs4.begin(), kUs4.end());
  f["arp-request"] = Frame(broadcast, 0x0806, arp);
  Bytes tagged = Frame(us, 0x8100, {0x00, 0x05, 0x08, 0x00});
  f["vlan-tagged"] = tagged;
  f["short"] = Bytes{0x02, 0, 0};

  // Reassembly: operations (see fuzz/reassembly.cc). A fragment is
  // kind (bit 2 more, bit 6 length*8, bit 7 protocol 58, bits 0-1
  // datagram), offset/16, length, fill byte; kind&7 == 7 steps the clock.
  auto& r = corpus["reassembly"];
  r["in-order"] = Bytes{0x44, 0, 4, 0xA1, 0x44, 2, 4, 0xA2, 0x00, 4, 8, 0xA3};
  r["out-of-order"] = Bytes{0x00, 4, 8, 0xA3, 0x44, 2, 4, 0xA2, 0x44, 0, 4, 0xA1};
  r["overlap"] = Bytes{0x44, 0, 4, 0xA1, 0x44, 1, 4, 0xA2, 0x00, 4, 8, 0xA3};
  r["timeout"] = Bytes{0x44, 0, 4, 0xA1, 0x07, 60, 0x00, 4, 8, 0xA3};
  r["too-large"] = Bytes{0x40, 255, 255, 0xA1};
  // e1000_device: setup byte, then operations (see fuzz/e1000_device.cc):
  // 0 deliver (1 + kind/16 frames; length/4, fill), 1 write-back (slot, 16 bytes), 2 poll
  // (budget), 3 transmit (length/7, fill), 4 tx status (slot, byte),
  // 5 register change (value).
  auto& e = corpus["e1000_device"];
  e["honest-traffic"] =
      Bytes{0x00, 0, 10, 0xAA, 0, 20, 0xBB, 0, 200, 0xCC, 2, 8, 3, 20, 0x11, 2, 8};
  Bytes hostile = {0x00, 1, 15, 0, 0, 0, 0, 0, 0, 0, 0, 60, 0, 0, 0, 3, 0, 0, 0};
  hostile.insert(hostile.end(), {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 0, 0, 0, 1, 0, 0, 0});
  hostile.insert(hostile.end(), {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x13, 0, 0, 3, 0, 0, 0});
  hostile.insert(hostile.end(), {1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 60, 0, 0, 0, 3, 0x01, 0, 0});
  hostile.insert(hostile.end(), {2, 8, 0, 5, 0x5A, 2, 8});
  e["hostile-write-backs"] = hostile;
  e["link-flap"] =
      Bytes{0x01, 1, 0, 0, 0, 0, 0x45, 0, 0, 0, 0, 2, 8, 3, 30, 0x22, 0x05, 0xFF, 0xFF, 0, 0, 2, 8};
  e["stuck-transmit"] = Bytes{0x00, 0x84, 3, 0, 3,  20, 1, 3,  20, 2, 3,  20, 3, 3,  20, 4,
                              3,    20,   5, 3, 20, 6,  3, 20, 7,  3, 20, 8,  3, 20, 9};
  e["dma-exhaustion"] = Bytes{0x80};
  // Fill the ring (15 frames), drain it in two polls around the wrap, and
  // write a completed descriptor into the slot the next poll starts at.
  e["full-ring-wrap"] = Bytes{0x00, 0xF0, 20, 0x33, 2, 8, 2, 8, 1, 15, 0, 0, 0, 0, 0,
                              0,    0,    0,  60,   0, 0, 0, 3, 0, 0,  0, 2, 8, 2, 8};
  // net_stack: MTU byte, seed (2 bytes), then operations (see
  // fuzz/net_stack.cc): kind&3 0/1 send v4/v6 (bits 7-6: 10 a 16-bit
  // size mod the unfragmented maximum + 1, 11 that maximum, else a size
  // byte; fill byte), 2 inject (length, bytes), 3 clock (500 ms units).
  auto& n = corpus["net_stack"];
  n["v4-small"] = Bytes{220, 0, 1, 0x00, 10, 0xAB};
  n["v6-small"] = Bytes{220, 0, 1, 0x01, 10, 0xAB};
  n["v4-largest-unfragmented"] = Bytes{220, 0, 2, 0xC0, 0x5C};
  n["v6-largest-unfragmented-small-mtu"] = Bytes{0, 0, 3, 0xC1, 0x5D};
  Bytes inject = {220, 0, 4, 0x02, 42};
  const Bytes fragment =
      Frame(us, 0x0800, V4Packet(17, Bytes(whole.begin(), whole.begin() + 8), 0x2000));
  inject.insert(inject.end(), fragment.begin(), fragment.begin() + 42);
  inject.insert(inject.end(), {0x80, 0x40, 0x00, 0x11});
  n["inject-fragment-then-send"] = inject;
  // Seed 1 (odd): port unreachables on. The third party sends B datagrams
  // for a closed port over each family: B answers with ICMP errors
  // quoting them (resolving the third party first).
  for (const bool v6 : {false, true}) {
    const Bytes datagram = CheckedDatagram(v6, 99, "closed", v6 ? kUs6 : kUs4);
    const Bytes frame =
        v6 ? Frame(us, 0x86DD, V6Packet(17, datagram)) : Frame(us, 0x0800, V4Packet(17, datagram));
    // B's limiter (seed 2): burst 2, 1 per second. Three datagrams: the
    // third is not answered; a second later (B probing the third party
    // again meanwhile) the fourth is.
    Bytes closed = {220, 0, 1};
    for (int i = 0; i < 4; ++i) {
      if (i == 3) closed.insert(closed.end(), {0x03, 2});
      closed.insert(closed.end(), {0x02, static_cast<uint8_t>(frame.size())});
      closed.insert(closed.end(), frame.begin(), frame.end());
    }
    n[v6 ? "port-unreachable-v6" : "port-unreachable-v4"] = closed;
  }
  // An IPv6 packet whose Destination Options hold an unknown option of
  // type 10xxxxxx: B discards it and answers Parameter Problem (RFC 8200
  // 4.2), pointing at the option.
  const Bytes options = {17, 0, 0x80, 4, 0, 0, 0, 0};
  Bytes with_options = options;
  const Bytes opt_datagram = CheckedDatagram(true, 7, "opt", kUs6);
  with_options.insert(with_options.end(), opt_datagram.begin(), opt_datagram.end());
  const Bytes problem = Frame(us, 0x86DD, V6Packet(60, with_options));
  Bytes parameter_problem = {220, 0, 0, 0x02, static_cast<uint8_t>(problem.size())};
  parameter_problem.insert(parameter_problem.end(), problem.begin(), problem.end());
  n["parameter-problem-v6"] = parameter_problem;
  // A sends to the subnet broadcast and to all-nodes (kind bits 5-2 0001).
  n["v4-subnet-broadcast"] = Bytes{220, 0, 1, 0x04, 10, 0xAB};
  n["v6-all-nodes"] = Bytes{220, 0, 1, 0x05, 10, 0xAB};
  // Port unreachables on (seed 1), but the closed port was sent to a
  // group: B stays silent (kind bits 5-2 0010).
  n["v4-broadcast-closed-port"] = Bytes{220, 0, 1, 0x08, 10, 0xAB};
  n["v6-all-nodes-closed-port"] = Bytes{220, 0, 1, 0x09, 10, 0xAB};
  // A is told B's MACs (static entries), then sends without asking.
  n["static-neighbors"] = Bytes{220, 0, 1, 0xC3, 0xE3, 0x00, 10, 0xAB, 0x01, 10, 0xAC};
  n["neighbor-expiry"] = Bytes{200, 0, 5, 0x00, 4, 1, 0x03, 200, 0x00, 4, 2, 0x01, 4, 3};
  // net_fragments: MTU byte, seed (2 bytes), B's datagrams in reassembly
  // per source (1 + byte % 4), then operations (see fuzz/net_fragments.cc):
  // kind&3 0/1 A sends v4/v6 (bits 7-6 11: the UDP maximum minus 0 or 1;
  // else the unfragmented maximum + 1 + a 16-bit value mod 10,721; fill
  // byte); 2 the third party sends (bit 7: a raw frame, length and bytes,
  // bit 6 leaves its checksums; else a fragment: bit 2 IPv6, bit 3 more
  // fragments, id byte, 16-bit offset in 8-byte units, length / 4, fill);
  // 3 clock (250 ms units).
  auto& nf = corpus["net_fragments"];
  nf["v4-two-fragments"] = Bytes{220, 0, 1, 0, 0x00, 0x00, 0x00, 0xAB};
  nf["v6-two-fragments"] = Bytes{220, 0, 1, 0, 0x01, 0x00, 0x00, 0xAB};
  nf["v4-nine-fragments"] = Bytes{0, 0, 6, 0, 0x00, 0x27, 0x10, 0x5E};
  nf["v4-largest"] = Bytes{220, 0, 2, 0, 0xC0, 0x00, 0x5C};
  nf["v6-largest-small-mtu"] = Bytes{0, 0, 3, 0, 0xC1, 0x00, 0x5D};
  // One datagram per source: the third party's second is refused
  // (frag_source_datagrams), A's still arrives whole.
  nf["third-party-at-its-limit"] =
      Bytes{220, 0, 5, 0, 0x0A, 1, 0, 0, 4, 0x11, 0x0A, 2, 0, 0, 4, 0x12, 0, 0x00, 0x10, 0x22};
  // Its IPv6 address is a second source with a budget of its own.
  nf["third-party-both-families"] =
      Bytes{220, 0, 5, 0, 0x0A, 1, 0, 0, 4, 0x11, 0x0E, 1, 0, 0, 4, 0x12, 0x01, 0x00, 0x10, 0x22};
  // A fragment that never completes, then 30.25 s: B holds nothing.
  nf["timeout-frees"] = Bytes{220, 0, 7, 3, 0x0A, 9, 0, 0, 8, 0x33, 0x03, 121};
  // Overlapping fragments of one datagram, then its last piece.
  nf["third-party-overlap"] =
      Bytes{220, 0, 8, 3, 0x0E, 4, 0, 0, 8, 0x44, 0x0E, 4, 0, 1, 8, 0x45, 0x06, 4, 0, 4, 2, 0x46};
  Bytes raw = {220, 0, 4, 1, 0x82, 42};
  raw.insert(raw.end(), fragment.begin(), fragment.begin() + 42);
  raw.insert(raw.end(), {0x00, 0x40, 0x00, 0x11});
  nf["raw-fragment-then-send"] = raw;
  // Seed 1 (odd): port unreachables on. The third party's datagram to a
  // closed port arrives in two fragments (UDP checksum 0: none, IPv4); B
  // reassembles it and answers with an ICMP error whose quote is rebuilt
  // from the datagram (no original header is left).
  const Bytes to_closed = Datagram(40000, 99, "twenty-four bytes long!!");
  Bytes closed_fragments = {220, 0, 1, 0};
  for (const bool first : {true, false}) {
    const Bytes piece = first ? Bytes(to_closed.begin(), to_closed.begin() + 16)
                              : Bytes(to_closed.begin() + 16, to_closed.end());
    const Bytes f = Frame(us, 0x0800, V4Packet(17, piece, first ? 0x2000 : 0x0002));
    closed_fragments.insert(closed_fragments.end(), {0x82, static_cast<uint8_t>(f.size())});
    closed_fragments.insert(closed_fragments.end(), f.begin(), f.end());
  }
  nf["reassembled-to-closed-port"] = closed_fragments;
  // neighbor_cache: limits (entries 1 + bits 0-2, per entry 1 + bits 3-4,
  // total 1 + bits 5-7; probes 1 + bits 0-1, retry 1 + 5 * bits 2-4 ms,
  // reachable 1 + 40 * bits 5-7 ms), then operations (see
  // fuzz/neighbor_cache.cc): kind bits 2-7 pick the neighbor (mod 10);
  // kind&3 0 enqueue, 1 learn (bit 7 solicited; MAC tag), 2 look up,
  // 3 tick after tag % 64 ms. Each seed sits on one bound: one
  // operation past it.
  auto& nc = corpus["neighbor_cache"];
  // Two entries allowed (shape 0x01), plenty of packets: a third neighbor
  // evicts the resolved one; with both resolving, a third is refused.
  nc["entries-bound"] = Bytes{0xE1, 0xE3, 0x00, 0x81, 0x11, 0x04, 0x08, 0x01, 0x05};
  nc["entries-all-resolving"] = Bytes{0xE1, 0xE3, 0x00, 0x04, 0x08, 0x02, 0x06, 0x0A};
  // One packet per entry (bits 3-4 zero), eight in total: the second for
  // one neighbor is refused.
  nc["pending-per-entry"] = Bytes{0xE7, 0xE3, 0x00, 0x00, 0x04, 0x02};
  // Two in total (bits 5-7 = 1), four per entry: the third is refused.
  nc["pending-total"] = Bytes{0x3F, 0xE3, 0x00, 0x00, 0x04, 0x08, 0x02};
  // Two probes (times bits 0-1 = 1), 6 ms apart: ticks at 6 and 12 ms
  // probe, then give up.
  nc["probes"] = Bytes{0xFF, 0x05, 0x00, 0x03, 6, 0x03, 6, 0x03, 6, 0x03, 6};
  // A reply from a stranger creates nothing; a solicited one does.
  nc["stranger-reply"] = Bytes{0xFF, 0xE3, 0x01, 0x21, 0x02, 0x81, 0x22, 0x02};
  // Lifetime 1 ms: learned at 1001, gone at 1002 exactly.
  nc["expiry-exact"] = Bytes{0xFF, 0x03, 0x81, 0x11, 0x0A};
  // Retry 6 ms: probed at 1001, the tick at exactly 1007 probes again.
  nc["probe-on-time"] = Bytes{0xFF, 0x05, 0x00, 0x03, 5};
  // rate_limiter: rate (1 + byte % 32 per second), burst (1 + byte % 8),
  // then clock steps (bits 0-5 ms, bit 7 backwards), one event each.
  auto& rl = corpus["rate_limiter"];
  // Burst 3 at one instant: the fourth is refused.
  rl["burst"] = Bytes{0, 2, 0, 0, 0, 0};
  // 10 per second: spent, then exactly 100 ms buys one more, 99 ms none.
  rl["refill-exact"] = Bytes{9, 0, 0, 0, 63, 36, 0, 1, 0};
  // 27 per second, burst 1: 37 ms earns 999 thousandths, not a token.
  rl["one-thousandth-short"] = Bytes{26, 0, 0, 37};
  // 32 per second, burst 1: 63 ms earns two tokens' worth, the bucket
  // keeps one.
  rl["cap"] = Bytes{31, 0, 0, 63, 0, 0};
  // 1 per second in 1 ms steps: the second token comes at 1,000 ms, not
  // before (each step's refill is exact, nothing rounds up).
  Bytes slow = {0, 0, 0};
  slow.insert(slow.end(), 508, 2);
  rl["slow-refill"] = slow;
  // The clock steps back and forth: no token for going backwards.
  rl["clock-backwards"] = Bytes{31, 0, 0, 0, 0x90, 0x10, 0x90, 0x10, 0};
  // interface_config: presence flags (bit 0 ipv4, 1 its gateway, 2 ipv6,
  // 3 its gateway, 4 vlan, 5 any MAC, 6 any address), which fields are
  // text (bit 0 MAC, 1 ipv4, 2 its gateway, 3 ipv6, 4 its gateway), the
  // MAC, the MTU (16 bits), the addresses (raw: family byte, octets,
  // prefix byte; text: length byte, text), the VLAN, then probes (kind
  // mod 10, a perturbing byte; see fuzz/interface_config.cc).
  auto& ic = corpus["interface_config"];
  const Bytes mac = {0x02, 0, 0, 0, 0, 0x02};
  const auto config = [&](uint8_t present, Bytes fields) {
    Bytes out = {present, 0};
    out.insert(out.end(), mac.begin(), mac.end());
    out.insert(out.end(), {0x05, 0xDC});  // MTU 1500
    out.insert(out.end(), fields.begin(), fields.end());
    return out;
  };
  const Bytes v6_doc = {1, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  // A prefix one past the family's width is refused, and the longest
  // allowed is accepted (Contains never reads past the address).
  ic["v4-prefix-33"] = config(0x01, {0, 192, 0, 2, 2, 33});
  ic["v4-prefix-32-probed"] = config(0x01, {0, 192, 0, 2, 2, 32, 2, 0, 4, 0, 8, 1, 0, 5});
  Bytes v6_129 = v6_doc;
  v6_129.push_back(129);
  ic["v6-prefix-129"] = config(0x04, v6_129);
  Bytes v6_128 = v6_doc;
  v6_128.insert(v6_128.end(), {128, 3, 0, 5, 1, 6, 0, 7, 0, 9, 0});
  ic["v6-prefix-128-probed"] = config(0x04, v6_128);
  // Everything as text, with probes of every kind.
  Bytes text = {0x0F, 0x1F, 17};
  for (char c : std::string_view("02:00:00:00:00:02")) text.push_back(static_cast<uint8_t>(c));
  text.insert(text.end(), {0x05, 0xDC, 12});
  for (char c : std::string_view("192.0.2.2/24")) text.push_back(static_cast<uint8_t>(c));
  text.push_back(9);
  for (char c : std::string_view("192.0.2.1")) text.push_back(static_cast<uint8_t>(c));
  text.push_back(14);
  for (char c : std::string_view("2001:db8::2/64")) text.push_back(static_cast<uint8_t>(c));
  text.push_back(7);
  for (char c : std::string_view("fe80::1")) text.push_back(static_cast<uint8_t>(c));
  for (uint8_t kind = 0; kind < 10; ++kind) {
    text.insert(text.end(), {kind, 0, 198, 51, 100, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  }
  ic["all-text-every-probe"] = text;
  // vfio_device: mode (bit 0 no-IOMMU), sysfs (bit 0 no device, 1 other
  // driver, 3 no group), the call that fails (255: none), its errno
  // (index), reports (bit 0 API version, 1 extension, 2 not viable, 3
  // device refused, 4 BAR0 unmappable, 5 short config read), the probe's
  // argsz (16 bits), the info block (length, bytes), BAR0 (size code,
  // 16-bit page offset), pagemap stride; then operations (even: allocate
  // a 16-bit size; odd: a register at offset U16 << 4 | kind >> 4).
  auto& vd = corpus["vfio_device"];
  vd["type1-opens-allocates-writes"] = Bytes{
      0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x10, 0x00, 0x01, 0x00, 0x01, 0x31, 0xFF, 0xFF};
  vd["no-iommu-contiguous"] = Bytes{1, 0, 255, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x30, 0x00};
  vd["no-iommu-scattered"] = Bytes{1, 0, 255, 0, 0, 0, 0, 0, 0, 0, 2, 0x00, 0x30, 0x00};
  vd["no-iommu-page-not-present"] = Bytes{1, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255, 0x00, 0x10, 0x00};
  vd["no-iommu-frames-hidden"] = Bytes{1, 0, 255, 0, 0, 0, 0, 0, 0, 0, 254, 0x00, 0x10, 0x00};
  vd["malformed-pci-address"] = Bytes{2};
  // Each call of a type 1 setup failing in turn (0 opens the container
  // ... 14 maps BAR0; 15 and 16 are the first allocation's memory and
  // IOVA mapping), each with another errno; then every sysfs answer and
  // every unusable report on its own.
  for (uint8_t call = 0; call <= 16; ++call) {
    vd["fail-call-" + std::to_string(call)] =
        Bytes{0, 0, call, static_cast<uint8_t>(call % 9), 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x10, 0x00};
  }
  const std::pair<const char*, uint8_t> sysfs[] = {{"sysfs-no-device", 1},
                                                   {"sysfs-other-driver", 2},
                                                   {"sysfs-no-driver", 6},
                                                   {"sysfs-no-group", 8}};
  for (const auto& [name, bits] : sysfs) vd[name] = Bytes{0, bits, 255, 0, 0};
  const std::pair<const char*, uint8_t> reports[] = {
      {"report-api-version", 1},    {"report-no-extension", 2},  {"report-not-viable", 4},
      {"report-device-refused", 8}, {"report-bar0-no-mmap", 16}, {"report-short-config-read", 32}};
  for (const auto& [name, bits] : reports)
    vd[name] = Bytes{0, 0, 255, 0, bits, 0, 0, 0, 0, 0, 0, 1};
  vd["group-open-denied"] = Bytes{0, 0, 3, 0, 0};
  // The IOMMU reports one range of three pages: the second allocation of
  // two pages finds no room (one page would be left).
  Bytes two_pages = {64, 0, 0, 0, 2, 0, 0,    0, 0, 0, 0,    0,    0, 0, 0,    0, 24, 0, 0,
                     0,  0, 0, 0, 0, 1, 0,    1, 0, 0, 0,    0,    0, 1, 0,    0, 0,  0, 0,
                     0,  0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0xFF, 0x2F, 0, 0, 0x40, 0, 0,  0};
  Bytes narrow = {0, 0, 255, 0, 0, 0, 64, static_cast<uint8_t>(two_pages.size())};
  narrow.insert(narrow.end(), two_pages.begin(), two_pages.end());
  narrow.insert(narrow.end(), {0, 0, 0, 1, 0x00, 0x20, 0x00, 0x00, 0x20, 0x00});
  vd["iova-range-exhausted"] = narrow;
  // BAR0 of 24 KiB less one page: too small for an e1000.
  vd["bar0-too-small"] = Bytes{0, 0, 255, 0, 0, 0, 0, 0, 0xC0, 0, 0, 1};
  // 33 x 32 KiB: one step past the 1 MiB a BAR0 may have.
  vd["bar0-too-large"] = Bytes{0, 0, 255, 0, 0, 0, 0, 0, 0xE1, 0, 0, 1};
  vd["bar0-largest"] = Bytes{0, 0, 255, 0, 0, 0, 0, 0, 0xE0, 0, 0, 1, 0x00, 0x10, 0x00};
  // A config region at an offset off_t cannot hold.
  vd["config-offset-out-of-range"] = Bytes{0, 0, 255, 0, 0, 0, 0, 0, 0x01, 0, 0, 1};
  // The container cannot be opened: EAGAIN (errno index 5) is Unavailable.
  vd["container-open-eagain"] = Bytes{0, 0, 0, 5, 0};
  // vfio_info: a vfio_iommu_type1_info block (argsz, flags, pgsizes,
  // cap_offset) with the IOVA range capability at 24 (little-endian).
  auto& v = corpus["vfio_info"];
  Bytes info(24 + 16 + 32, 0);
  const auto put = [&info](size_t at, uint64_t value, size_t width) {
    for (size_t i = 0; i < width; ++i) info[at + i] = static_cast<uint8_t>(value >> (8 * i));
  };
  put(0, info.size(), 4);
  put(4, 2, 4);
  put(16, 24, 4);
  put(24, 1, 2);
  put(26, 1, 2);
  put(32, 2, 4);
  put(40, 0x1000, 8);
  put(48, 0xFEDFFFFF, 8);
  put(56, 0xFEF00000, 8);
  put(64, 0x7FFFFFFFFF, 8);
  v["two-ranges"] = info;
  Bytes looping = info;
  looping[28] = 24;  // next points back at itself
  v["chain-loops"] = looping;
  Bytes no_caps = info;
  no_caps[4] = 0;
  v["no-capabilities"] = no_caps;
  v["short"] = Bytes(info.begin(), info.begin() + 20);
  r["many-datagrams"] = Bytes{0x44, 0, 1, 1, 0x45, 0, 1, 2, 0x46, 0, 1, 3, 0x47, 0, 0x44, 0, 1, 4};
}

Corpus Build() {
  Corpus corpus;
  AddRxSeeds(corpus["udp_rx"]);
  AddUriSeeds(corpus["udp_uri"]);
  AddChecksumSeeds(corpus["checksum"]);
  AddRoundTripSeeds(corpus["udp_roundtrip"]);
  AddStackSeeds(corpus["udp_stack"]);
  AddIoBufferSeeds(corpus["io_buffer"]);
  AddNetworkSeeds(corpus);
  AddFrameSeeds(corpus);
  return corpus;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc == 3 ? argv[1] : "";
  if (mode != "write" && mode != "check") {
    std::fprintf(stderr, "usage: %s write|check DIR\n", argv[0]);
    return 2;
  }
  std::filesystem::path root(argv[2]);
  int status = 0;
  size_t count = 0;
  for (const auto& [target, seeds] : Build()) {
    std::filesystem::create_directories(mode == "write" ? root / target : root);
    for (const auto& [name, bytes] : seeds) {
      std::filesystem::path path = root / target / name;
      ++count;
      if (mode == "write") {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
      } else {
        std::ifstream file(path, std::ios::binary);
        Bytes have((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (!file.is_open() || have != bytes) {
          std::fprintf(stderr, "corpus seed %s is missing or differs; run scripts/gen_corpus.sh\n",
                       path.c_str());
          status = 1;
        }
      }
    }
  }
  std::printf("%s %zu seeds under %s\n", mode == "write" ? "wrote" : "checked", count,
              root.c_str());
  return status;
}
