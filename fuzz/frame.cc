// Fuzz target: the pure frame decision, ClassifyFrame.
//
// Input: one Ethernet frame. The snapshot is fixed: MAC 02:00:00:00:00:02,
// 192.0.2.2/24, 2001:db8::2/64, UDP listeners on IPv4 *:7 and
// 192.0.2.2:53, IPv6 *:7 and *:9 (zero checksum allowed on 9).
// Oracles, each from plain code here rather than from src/:
//  - a drop has a reason, listed under the decision's layer; nothing else
//    has one; a pending decision is a fragment; every span in an action
//    lies inside the frame;
//  - whatever got past a layer satisfies that layer's rules as read here
//    directly from the bytes (destination MAC; IPv4 header checksum,
//    reserved flag, destination; ARP target; ICMP checksum);
//  - the UDP decision agrees with the independent spec
//    (harness/udp_rx_spec.cc), and the datagram handed to it is exactly
//    the IP payload;
//  - the decision is deterministic;
//  - decide once: a NetStack with the same interface and listeners applies
//    exactly this decision (ApplyDecision) and nothing else: the same
//    verdict, layer and reason; a drop moves exactly its own counter by
//    one; a UDP delivery reaches exactly the chosen connection with exactly
//    the payload bytes the decision named. (Fragments are not applied, so
//    no input leaves state behind for the next.)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/reason.h"
#include "harness/frame_fixup.h"
#include "harness/fuzz_check.h"
#include "harness/reference_sum.h"
#include "harness/spec_bridge.h"
#include "harness/udp_rx_spec.h"
#include "netdev/loopback.h"
#include "stack/frame_classifier.h"
#include "stack/net_stack.h"
#include "wire/bytes.h"

namespace {

using namespace rampart;
using stack::FrameDecision;
using stack::Verdict;

/// Records what one listener is handed.
struct Sink final : udp::DataTransfer {
  std::vector<std::vector<std::byte>> payloads;
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata&) override {
    payloads.emplace_back(data.data().begin(), data.data().end());
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
};

struct Fixture {
  // Declared so that the sinks outlive the sockets and the stack.
  std::unique_ptr<stack::NetDevice> device;
  std::vector<std::unique_ptr<Sink>> sinks;  // sinks[id - 1] serves connection id
  std::unique_ptr<stack::NetStack> net;
  std::vector<udp::UdpSocket> sockets;
  std::vector<spec::Listener> listeners;

  Fixture() {
    stack::NetStackOptions options;
    options.interface.mac = wire::MacAddress{{0x02, 0, 0, 0, 0, 0x02}};
    options.interface.ipv4 = stack::IpPrefixAddress::Parse("192.0.2.2/24");
    options.interface.ipv6 = stack::IpPrefixAddress::Parse("2001:db8::2/64");
    options.clock_ms = [] { return int64_t{0}; };
    device = netdev::MakeDiscard(options.interface.mac);
    const wire::IpAddress ours4 = options.interface.ipv4->address;
    net = std::move(stack::NetStack::Create(*device, std::move(options))).value();
    Add(1, wire::IpAddress::Unspecified(wire::IpFamily::kIpv4), 7, false);
    Add(2, ours4, 53, false);
    Add(3, wire::IpAddress::Unspecified(wire::IpFamily::kIpv6), 7, false);
    Add(4, wire::IpAddress::Unspecified(wire::IpFamily::kIpv6), 9, true);
  }
  void Add(uint64_t id, const wire::IpAddress& address, uint16_t port, bool zero_ok) {
    sinks.push_back(std::make_unique<Sink>());
    udp::OpenOptions open;
    open.accept_ipv6_zero_checksum = zero_ok;
    auto socket =
        net->udp().Open(*sinks.back(), std::nullopt, wire::SocketAddress{address, port}, open);
    FUZZ_CHECK(socket.ok() && socket->id().value == id);
    sockets.push_back(std::move(socket).value());
    spec::Listener listener;
    listener.id = id;
    listener.family = address.family() == wire::IpFamily::kIpv4 ? 4 : 6;
    listener.wildcard = address.is_unspecified();
    listener.address = spec::ToSpec(address);
    listener.port = port;
    listener.zero_checksum_ok = zero_ok;
    listeners.push_back(listener);
  }
};

bool Inside(std::span<const std::byte> part, std::span<const std::byte> whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

size_t U16(std::span<const uint8_t> b, size_t at) { return size_t{b[at]} << 8 | b[at + 1]; }

/// The destination MACs this fixture accepts, read plainly.
bool MacAccepted(std::span<const uint8_t> f) {
  const uint8_t ours[6] = {0x02, 0, 0, 0, 0, 0x02};
  const uint8_t all_nodes[6] = {0x33, 0x33, 0, 0, 0, 0x01};
  const uint8_t solicited[6] = {0x33, 0x33, 0xff, 0, 0, 0x02};  // ::2 and fe80::ff:fe00:2
  const auto is = [&](const uint8_t* m) { return std::equal(m, m + 6, f.begin()); };
  const bool broadcast = std::all_of(f.begin(), f.begin() + 6, [](uint8_t b) { return b == 0xFF; });
  return is(ours) || is(all_nodes) || is(solicited) || broadcast;
}

void CheckIpv4Header(std::span<const uint8_t> ip) {
  const size_t ihl = (ip[0] & 0x0Fu) * 4;
  FUZZ_CHECK((ip[0] >> 4) == 4 && ihl >= 20 && ihl <= ip.size());
  FUZZ_CHECK(U16(ip, 2) >= ihl && U16(ip, 2) <= ip.size());
  FUZZ_CHECK(fuzz::ReferenceFold(ip.first(ihl)) == 0xFFFF);
  FUZZ_CHECK((ip[6] & 0x80) == 0);
  const uint8_t d0 = ip[16], d1 = ip[17], d2 = ip[18], d3 = ip[19];
  const bool subnet = d0 == 192 && d1 == 0 && d2 == 2;
  const bool all_systems = d0 == 224 && d1 == 0 && d2 == 0 && d3 == 1;
  FUZZ_CHECK((subnet && (d3 == 2 || d3 == 255)) || all_systems ||
             (d0 == 255 && d1 == 255 && d2 == 255 && d3 == 255));
}

/// Decide once: the stack applies exactly `d` (see the file comment).
void CheckApplied(Fixture& fixture, const FrameDecision& d, std::span<const std::byte> frame) {
  if (d.verdict == Verdict::kPending) return;
  stack::NetStack& net = *fixture.net;
  const uint64_t drops_before = d.reason == Reason::kNone ? 0 : net.DropCount(d.reason);
  const uint64_t in_before = net.udp().counters().in_datagrams;
  const stack::FrameOutcome outcome = net.ApplyDecision(d, frame);
  FUZZ_CHECK(outcome.verdict == d.verdict && outcome.layer == d.layer &&
             outcome.reason == d.reason);
  if (d.reason != Reason::kNone) FUZZ_CHECK(net.DropCount(d.reason) == drops_before + 1);
  const auto* udp_action = std::get_if<stack::UdpAction>(&d.action);
  const auto* deliver =
      udp_action == nullptr ? nullptr : std::get_if<udp::DeliverVerdict>(&udp_action->decision);
  FUZZ_CHECK(net.udp().counters().in_datagrams == in_before + (deliver != nullptr ? 1 : 0));
  FUZZ_CHECK(net.udp().DeliverQueued() == (deliver != nullptr ? 1u : 0u));
  for (size_t i = 0; i < fixture.sinks.size(); ++i) {
    std::vector<std::vector<std::byte>>& got = fixture.sinks[i]->payloads;
    const bool chosen = deliver != nullptr && deliver->connection.value == i + 1;
    FUZZ_CHECK(got.size() == (chosen ? 1u : 0u));
    if (chosen) {
      const auto want =
          udp_action->datagram.subspan(deliver->payload_offset, deliver->payload_length);
      FUZZ_CHECK(std::ranges::equal(got[0], want));
    }
    got.clear();
  }
  FUZZ_CHECK(net.udp().buffers_in_use() == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  const std::span<const uint8_t> plain(data, size);
  const std::span<const std::byte> frame = wire::AsBytes(plain);
  const stack::StackSnapshot snapshot = fixture.net->snapshot();
  const FrameDecision d = stack::ClassifyFrame(frame, snapshot);

  // Shape of the decision.
  FUZZ_CHECK((d.verdict == Verdict::kDrop) == (d.reason != Reason::kNone));
  if (d.reason != Reason::kNone) FUZZ_CHECK(ReasonLayer(d.reason) == d.layer);
  CheckApplied(fixture, d, frame);
  FUZZ_CHECK((d.verdict == Verdict::kPending) ==
             std::holds_alternative<stack::FragmentAction>(d.action));
  FUZZ_CHECK(d.verdict != Verdict::kDeliver || !std::holds_alternative<std::monostate>(d.action));
  const FrameDecision again = stack::ClassifyFrame(frame, snapshot);
  FUZZ_CHECK(again.layer == d.layer && again.verdict == d.verdict && again.reason == d.reason);

  if (size < 14) {
    FUZZ_CHECK(d.reason == Reason::kEthTruncatedHeader);
    return 0;
  }
  if (d.layer == Layer::kEth) return 0;
  // Past Ethernet: an accepted MAC, a unicast source, no VLAN tag.
  FUZZ_CHECK(MacAccepted(plain));
  FUZZ_CHECK((data[6] & 1) == 0);
  const size_t type = U16(plain, 12);
  FUZZ_CHECK(type == 0x0800 || type == 0x86DD || type == 0x0806);
  const std::span<const uint8_t> l3 = plain.subspan(14);

  if (type == 0x0806 && d.verdict == Verdict::kDeliver) {
    FUZZ_CHECK(l3.size() >= 28 && l3[24] == 192 && l3[25] == 0 && l3[26] == 2 && l3[27] == 2);
  }
  const bool ip_passed =
      d.layer == Layer::kFrag || d.layer == Layer::kIcmp || d.layer == Layer::kUdp;
  if (type == 0x0800 && ip_passed) CheckIpv4Header(l3);
  if (type == 0x86DD && ip_passed) {
    FUZZ_CHECK(l3.size() >= 40 && (l3[0] >> 4) == 6 && 40 + U16(l3, 4) <= l3.size());
  }

  if (const auto* fragment = std::get_if<stack::FragmentAction>(&d.action)) {
    FUZZ_CHECK(Inside(fragment->fragment.data, frame));
    if (type == 0x0800) {
      FUZZ_CHECK(fragment->fragment.offset == (U16(l3, 6) & 0x1FFF) * 8);
      FUZZ_CHECK(fragment->fragment.more == ((l3[6] & 0x20) != 0));
      FUZZ_CHECK(fragment->fragment.offset != 0 || fragment->fragment.more);
    }
  }
  if (const auto* echo = std::get_if<stack::EchoAction>(&d.action)) {
    FUZZ_CHECK(Inside(echo->message, frame) && echo->message.size() >= 8);
    if (type == 0x0800) FUZZ_CHECK(fuzz::ReferenceFold(echo->message) == 0xFFFF);
  }
  if (const auto* udp_action = std::get_if<stack::UdpAction>(&d.action)) {
    FUZZ_CHECK(Inside(udp_action->datagram, frame));
    if (type == 0x0800) {
      const size_t ihl = (l3[0] & 0x0Fu) * 4;
      const auto expected = frame.subspan(14 + ihl, U16(l3, 2) - ihl);
      FUZZ_CHECK(udp_action->datagram.data() == expected.data() &&
                 udp_action->datagram.size() == expected.size());
    } else if (l3[6] == 17) {  // no extension headers
      const auto expected = frame.subspan(54, U16(l3, 4));
      FUZZ_CHECK(udp_action->datagram.data() == expected.data() &&
                 udp_action->datagram.size() == expected.size());
    }
    const auto& datagram = udp_action->datagram;
    const std::span<const uint8_t> datagram_plain(reinterpret_cast<const uint8_t*>(datagram.data()),
                                                  datagram.size());
    const spec::Verdict want =
        spec::Decide(datagram_plain, spec::ToSpec(udp_action->facts.source),
                     spec::ToSpec(udp_action->facts.destination), false, fixture.listeners);
    if (const auto* deliver = std::get_if<udp::DeliverVerdict>(&udp_action->decision)) {
      FUZZ_CHECK(want.deliver && d.verdict == Verdict::kDeliver);
      FUZZ_CHECK(want.id == deliver->connection.value);
      FUZZ_CHECK(want.payload_offset == deliver->payload_offset);
      FUZZ_CHECK(want.payload_length == deliver->payload_length);
    } else {
      FUZZ_CHECK(!want.deliver && d.verdict == Verdict::kDrop);
      FUZZ_CHECK(want.reason ==
                 ReasonName(std::get<udp::DropVerdict>(udp_action->decision).reason));
      FUZZ_CHECK(ReasonName(d.reason) == want.reason);
    }
  }
  return 0;
}

#ifdef RAMPART_LIBFUZZER
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

/// libFuzzer's mutation, then (three times in four) the frame's checksums
/// are repaired so the mutant reaches the layers behind them; the other
/// quarter keeps raw checksums so the reject paths stay reachable.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  const size_t mutated = LLVMFuzzerMutate(data, size, max_size);
  if (seed % 4 != 0) {
#pragma clang unsafe_buffer_usage begin
    std::span<uint8_t> bytes(data, mutated);
#pragma clang unsafe_buffer_usage end
    (void)rampart::fuzz::FixFrameChecksums(std::as_writable_bytes(bytes));
  }
  return mutated;
}
#endif
