// Fuzz target: the pure UDP receive decision, DecideRx().
//
// Input layout: see harness/udp_rx_layout.h (flags, listener count, the
// pseudo-header(s) whose addresses are the facts, listeners, datagram).
// Flag kRxHarnessFixesChecksum makes the harness fix the checksum before
// the call, so the accept paths are reached with every engine; in
// libFuzzer builds a custom mutator also fixes it after each mutation
// unless byte 1 asks for raw (see harness/udp_rx_layout.h).
//
// Oracles: the verdict equals that of the independent spec in
// harness/udp_rx_spec.cc (same verdict, reason, connection, payload
// range); a Deliver's range lies inside the datagram and its metadata is
// exactly the facts and header ports; the function is deterministic; the
// demux table refuses exactly the duplicate keys; re-emitting the
// pseudo-header gives back its bytes, and its sum matches the bytes' sum.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "harness/spec_bridge.h"
#include "harness/udp_rx_layout.h"
#include "harness/udp_rx_spec.h"
#include "udp/demux_table.h"
#include "udp/rx_decision.h"
#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/pseudo_header.h"
#include "wire/udp_checksum.h"

namespace {

using rampart::fuzz::ByteReader;
using namespace rampart;
using spec::ToSpec;

/// Reads a pseudo-header of the family through its checked view and
/// checks that emitting the value reproduces the bytes.
wire::PseudoHeader ReadPseudoHeader(ByteReader& in, wire::IpFamily family) {
  bool v4 = family == wire::IpFamily::kIpv4;
  std::array<std::byte, wire::pseudo_field::kIpv6Size> bytes{};
  std::span<std::byte> raw =
      std::span(bytes).first(v4 ? wire::pseudo_field::kIpv4Size : wire::pseudo_field::kIpv6Size);
  for (std::byte& b : raw) b = static_cast<std::byte>(in.Byte());
  // The view ignores the reserved zero bytes; clear them so the emitted
  // bytes can be compared whole.
  if (v4) {
    raw[wire::pseudo_field::kIpv4Zero] = std::byte{0};
  } else {
    for (size_t i = wire::pseudo_field::kIpv6Length + 4; i < wire::pseudo_field::kIpv6NextHeader;
         ++i)
      raw[i] = std::byte{0};
  }
  wire::PseudoHeader value = v4 ? wire::Ipv4PseudoHeaderView::Create(raw)->ToValue()
                                : wire::Ipv6PseudoHeaderView::Create(raw)->ToValue();
  FUZZ_CHECK(value.source.family() == family && value.size() == raw.size());
  std::array<std::byte, wire::pseudo_field::kIpv6Size> again{};
  FUZZ_CHECK(value.Emit(std::span(again).first(raw.size())));
  FUZZ_CHECK(std::ranges::equal(std::span(again).first(raw.size()), raw));
  FUZZ_CHECK(wire::FoldSum(value.Sum()) == wire::FoldSum(wire::SumWords(raw)));
  FUZZ_CHECK(!value.Emit(std::span(again).first(raw.size() - 1)));
  FUZZ_CHECK(!wire::Ipv4PseudoHeaderView::Create(std::span(again).first(11)).has_value());
  FUZZ_CHECK(!wire::Ipv6PseudoHeaderView::Create(std::span(again).first(39)).has_value());
  return value;
}

uint16_t PortAt(std::span<const std::byte> d, size_t offset) {
  return d.size() >= offset + 2 ? wire::LoadBe16(d, offset) : uint16_t{0};
}

void CheckAgainstSpec(const udp::RxDecision& got, const spec::Verdict& want) {
  if (const auto* deliver = std::get_if<udp::DeliverVerdict>(&got)) {
    FUZZ_CHECK(want.deliver);
    FUZZ_CHECK(deliver->connection.value == want.id);
    FUZZ_CHECK(deliver->payload_offset == want.payload_offset);
    FUZZ_CHECK(deliver->payload_length == want.payload_length);
  } else {
    FUZZ_CHECK(!want.deliver);
    FUZZ_CHECK(ReasonName(std::get<udp::DropVerdict>(got).reason) == want.reason);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const std::byte> input = wire::AsBytes(std::span<const uint8_t>(data, size));
  fuzz::UdpRxLayout layout = fuzz::UdpRxLayout::Of(input);
  auto from = [&](size_t offset) {
    return ByteReader(offset < input.size() ? input.subspan(offset) : std::span<const std::byte>());
  };
  uint8_t flags = layout.flags;
  wire::IpFamily family = layout.family;
  ByteReader pseudo_reader = from(layout.pseudo_offset);
  wire::PseudoHeader pseudo = ReadPseudoHeader(pseudo_reader, family);
  wire::IpAddress destination = pseudo.destination;
  wire::IpAddress source = pseudo.source;
  if ((flags & fuzz::kRxOtherFamilySource) != 0) {
    ByteReader other_reader = from(layout.other_pseudo_offset);
    wire::IpFamily other =
        family == wire::IpFamily::kIpv4 ? wire::IpFamily::kIpv6 : wire::IpFamily::kIpv4;
    source = ReadPseudoHeader(other_reader, other).source;
  }
  struct Raw {
    uint16_t port;
    uint8_t flags;
    uint8_t peer;
  };
  // Buffers reused across inputs: allocator churn under ASan was most of
  // this target's time.
  std::array<Raw, 8> raw_store{};  // at most 7 listeners (3 bits)
  const std::span<Raw> raw = std::span(raw_store).first(layout.listeners);
  ByteReader in = from(layout.listeners_offset);
  for (Raw& r : raw) r = Raw{in.U16(), in.Byte(), in.Byte()};
  std::span<const std::byte> rest = from(layout.datagram_offset).Rest();
  static std::vector<std::byte> datagram;
  datagram.assign(rest.begin(), rest.end());
  if ((flags & fuzz::kRxHarnessFixesChecksum) != 0) {
    (void)wire::FillUdpChecksum(datagram, source, destination);
  }
  if ((flags & fuzz::kRxZeroChecksum) != 0 && datagram.size() >= 8) {
    wire::StoreBe16(datagram, 6, 0);
  }
  uint16_t sport = PortAt(datagram, 0);
  uint16_t dport = PortAt(datagram, 2);

  // One table and model for the whole run, emptied per input: building
  // them afresh each time was allocator churn in the hottest target.
  static udp::DemuxTable table;
  static std::vector<spec::Listener> model;
  table.Clear();
  model.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const Raw& r = raw[i];
    spec::Listener l;
    l.id = i + 1;
    l.family = family == wire::IpFamily::kIpv4 ? 4 : 6;
    l.port = (r.flags & 0x20) ? dport : r.port;
    l.wildcard = (r.flags & 0x01) != 0;
    wire::IpAddress local = wire::IpAddress::Unspecified(family);
    if (!l.wildcard) {
      // The destination itself, or a neighbour of it.
      std::array<uint8_t, 16> b{};
      for (size_t k = 0; k < destination.bytes().size(); ++k)
        b[k] = std::to_integer<uint8_t>(destination.bytes()[k]);
      b[destination.bytes().size() - 1] ^= static_cast<uint8_t>(r.flags >> 6);
      local = *wire::IpAddress::FromBytes(
          family, std::as_bytes(std::span(b)).first(destination.bytes().size()));
      l.wildcard = local.is_unspecified();
    }
    l.address = ToSpec(local);
    l.zero_checksum_ok = (r.flags & 0x04) != 0;
    l.strict_peer = (r.flags & 0x08) != 0;
    wire::SocketAddress peer{source, (r.peer & 1) ? sport : static_cast<uint16_t>(sport ^ r.peer)};
    l.peer = ToSpec(peer.address);
    l.peer_port = peer.port;
    udp::DemuxEntry entry{udp::ConnectionId{l.id}, l.zero_checksum_ok,
                          l.strict_peer ? std::optional(peer) : std::nullopt};
    bool duplicate = false;
    for (const spec::Listener& m : model) {
      duplicate = duplicate || (m.port == l.port && m.wildcard == l.wildcard &&
                                (l.wildcard || spec::SameAddr(m.address, l.address)));
    }
    absl::Status inserted = table.Insert(wire::SocketAddress{local, l.port}, entry);
    FUZZ_CHECK(inserted.ok() == (!duplicate && l.port != 0));
    if (inserted.ok()) model.push_back(l);
  }
  if ((flags & fuzz::kRxPromiscuous) != 0) {
    spec::Listener p;
    p.id = 100;
    p.promiscuous = true;
    p.zero_checksum_ok = (flags & fuzz::kRxPromiscuousZeroOk) != 0;
    p.strict_peer = (flags & fuzz::kRxPromiscuousPeerFilter) != 0;
    wire::SocketAddress peer{source, static_cast<uint16_t>(sport + 1)};
    p.peer = ToSpec(peer.address);
    p.peer_port = peer.port;
    FUZZ_CHECK(
        table
            .SetPromiscuous(udp::DemuxEntry{udp::ConnectionId{100}, p.zero_checksum_ok,
                                            p.strict_peer ? std::optional(peer) : std::nullopt})
            .ok());
    FUZZ_CHECK(table.SetPromiscuous(udp::DemuxEntry{udp::ConnectionId{101}}).code() ==
               absl::StatusCode::kAlreadyExists);
    model.push_back(p);
  }

  udp::ChecksumPolicy policy = (flags & fuzz::kRxDeviceVerified)
                                   ? udp::ChecksumPolicy::kVerifiedByDevice
                                   : udp::ChecksumPolicy::kVerify;
  udp::RxFacts facts{source, destination};
  udp::RxDecision got = udp::DecideRx(datagram, facts, policy, table);

  static std::vector<uint8_t> plain;
  plain.resize(datagram.size());
  for (size_t i = 0; i < datagram.size(); ++i) plain[i] = std::to_integer<uint8_t>(datagram[i]);
  spec::Verdict want = spec::Decide(plain, ToSpec(source), ToSpec(destination),
                                    policy == udp::ChecksumPolicy::kVerifiedByDevice, model);
  static const bool verbose = std::getenv("RAMPART_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "udp_rx: core=%s spec=%s\n",
                 std::holds_alternative<udp::DeliverVerdict>(got)
                     ? "deliver"
                     : std::string(ReasonName(std::get<udp::DropVerdict>(got).reason)).c_str(),
                 want.deliver ? "deliver" : std::string(want.reason).c_str());
  }
  CheckAgainstSpec(got, want);

  if (const auto* deliver = std::get_if<udp::DeliverVerdict>(&got)) {
    FUZZ_CHECK(deliver->payload_offset + deliver->payload_length <= datagram.size());
    FUZZ_CHECK(deliver->metadata.source == (wire::SocketAddress{source, sport}));
    FUZZ_CHECK(deliver->metadata.destination == (wire::SocketAddress{destination, dport}));
  }
  // Pure: the same inputs give the same answer.
  udp::RxDecision again = udp::DecideRx(datagram, facts, policy, table);
  FUZZ_CHECK(again.index() == got.index());
  return 0;
}

#ifdef RAMPART_LIBFUZZER
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

/// Checksum-aware mutation: libFuzzer's own mutation, then the checksum
/// the layout implies is recomputed (unless the input asks for raw), so
/// mutants of valid datagrams stay valid and reach demux and delivery.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int /*seed*/) {
  size_t mutated = LLVMFuzzerMutate(data, size, max_size);
#pragma clang unsafe_buffer_usage begin
  std::span<uint8_t> bytes(data, mutated);
#pragma clang unsafe_buffer_usage end
  (void)rampart::fuzz::FixUdpRxChecksum(std::as_writable_bytes(bytes));
  return mutated;
}
#endif
