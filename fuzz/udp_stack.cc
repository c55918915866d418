// Fuzz target: the stateful UDP shell (UdpStack, UdpSocket, openers, URI
// opener) driven by a sequence of operations, checked against a model.
//
// Input: a sequence of operations, each an opcode byte and its arguments
// (read as zeros past the end). Addresses come from a small pool so that
// binds collide and datagrams find listeners.
//   0 open        flags, local port (2), peer port (2), address selector
//   1 promiscuous flags
//   2 close       slot
//   3 send        slot, payload length, override flags
//   4 receive     src sel, dst sel, sport (2), dport (2), length, damage flags
//   5 deliver     budget
//   6 open uri    length, then that many bytes of URI text
//   7 loop        feed every sent packet back into the stack
//   8 drop handle slot (closes through the destructor)
//   9 reassign    slot, slot (move-assign one handle over another, which
//                 closes the overwritten connection)
//  10 net fault   on/off (the network layer refuses transmits)
// The first byte chooses the ephemeral range (some choices are invalid
// and must be refused by UdpStack::Create with a clear error).
//
// Oracles: every Receive is counted exactly once (InDatagrams or one drop
// reason) and the MIB aggregates add up; delivered payloads reach the
// right receiver in FIFO order and match what was queued; queues never
// exceed their bounds; a receive buffer pool runs dry exactly when all
// its buffers are held; no two connections own one (family, port) unless
// both share by distinct address; ephemeral ports fall in their range;
// every close is heard exactly once; every sent packet carries a checksum
// that verifies (plain reference sum) and a correct length field; a
// refused transmit is counted in OutErrors; handles report is_open() and
// the demux table holds exactly the open bound connections.
#include "udp/udp_stack.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "harness/reference_sum.h"
#include "udp/network_layer.h"
#include "udp/socket_openers.h"
#include "udp/udp_uri.h"
#include "wire/bytes.h"
#include "wire/ip_address_text.h"
#include "wire/udp_checksum.h"

namespace {

using namespace rampart;
using wire::IpAddress;
using wire::IpFamily;
using wire::SocketAddress;

constexpr size_t kMaxQueued = 4;
constexpr size_t kMaxQueuedBytes = 601;  // odd: payloads are even, so a bound off by one shows
// Receive buffer pools small enough to run dry: payloads up to 128 bytes
// take one of 6 small buffers, larger ones one of 2 large buffers.
constexpr size_t kSmallPayload = 128;
constexpr size_t kSmallBuffers = 6;
constexpr size_t kLargeBuffers = 2;
constexpr udp::PortRange kEphemeral{61000, 61007};

IpAddress PoolAddress(uint8_t selector) {
  // Two local hosts, two peers, a multicast, per family; and the wildcard.
  static const IpAddress pool[] = {
      IpAddress::V4(0xC0000201u),      IpAddress::V4(0xC0000202u),
      IpAddress::V4(0xC6336407u),      IpAddress::V4(0xCB007105u),
      IpAddress::V4(0xE00000FBu),      IpAddress::Unspecified(IpFamily::kIpv4),
      *wire::ParseIpv6("2001:db8::1"), *wire::ParseIpv6("2001:db8::2"),
      *wire::ParseIpv6("2001:db8::7"), *wire::ParseIpv6("2001:db8::8"),
      *wire::ParseIpv6("ff02::fb"),    IpAddress::Unspecified(IpFamily::kIpv6)};
  return pool[selector % std::size(pool)];
}

IpAddress InFamily(uint8_t selector, IpFamily family) {
  return PoolAddress(static_cast<uint8_t>((selector % 6) + (family == IpFamily::kIpv6 ? 6 : 0)));
}

/// Reference RFC 1071 check of a sent datagram: pseudo-header plus all bytes
/// must fold to 0xFFFF.
bool ReferenceVerifies(const IpAddress& s, const IpAddress& d, std::span<const std::byte> dgram) {
  std::vector<uint8_t> all;
  for (std::byte b : s.bytes()) all.push_back(std::to_integer<uint8_t>(b));
  for (std::byte b : d.bytes()) all.push_back(std::to_integer<uint8_t>(b));
  size_t n = dgram.size();
  if (s.family() == IpFamily::kIpv4) {
    all.insert(all.end(), {0, 17, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)});
  } else {
    all.insert(all.end(),
               {0, 0, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n), 0, 0, 0, 17});
  }
  for (std::byte b : dgram) all.push_back(std::to_integer<uint8_t>(b));
  return fuzz::ReferenceFold(all) == 0xFFFF;
}

/// A receiver that checks deliveries against what the stack queued.
struct Receiver : udp::DataTransfer {
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& meta) override {
    FUZZ_CHECK(!expected.empty());
    FUZZ_CHECK(meta.source.has_value() && meta.destination.has_value());
    const auto& [payload, metadata] = expected.front();
    FUZZ_CHECK(fuzz::SameBytes(data.data(), payload));
    FUZZ_CHECK(*meta.source == metadata.source && *meta.destination == metadata.destination);
    expected.pop_front();
    ++delivered;
    return absl::OkStatus();
  }
  void Close(absl::Status) override { ++closes; }
  std::deque<std::pair<std::vector<std::byte>, udp::DatagramMetadata>> expected;
  size_t delivered = 0;
  int closes = 0;
};

class FixedRandom : public udp::RandomSource {
 public:
  uint32_t Next() override { return next_ += 3; }

 private:
  uint32_t next_ = 0;
};

class Resolver : public udp::Resolver {
 public:
  absl::StatusOr<IpAddress> Resolve(std::string_view name) override {
    return name.size() % 2
               ? absl::StatusOr<IpAddress>(PoolAddress(static_cast<uint8_t>(name.size())))
               : absl::NotFoundError("no such host");
  }
};

struct Slot {
  std::unique_ptr<Receiver> receiver;  // outlives the socket
  std::optional<udp::UdpSocket> socket;
  SocketAddress local;
  bool promiscuous = false;
  bool shares = false;
  bool open = true;
};

struct Harness {
  udp::InMemoryNetworkLayer net{IpAddress::V4(0xC0000201u), *wire::ParseIpv6("2001:db8::1")};
  std::unique_ptr<udp::UdpStack> stack;
  std::vector<Slot> slots;  // every connection ever opened, by open order
  std::vector<udp::InMemoryNetworkLayer::Sent> sent;
  Resolver resolver;
  uint64_t receives = 0;
  bool net_fault = false;

  Slot* Pick(uint8_t selector) { return slots.empty() ? nullptr : &slots[selector % slots.size()]; }

  void Track(absl::StatusOr<udp::UdpSocket> result, std::unique_ptr<Receiver> receiver,
             bool promiscuous, bool shares) {
    if (result.ok()) {
      absl::StatusOr<SocketAddress> local = result->LocalAddress();
      FUZZ_CHECK(local.ok());
      if (!promiscuous) {
        for (const Slot& other : slots) {
          if (other.open && !other.promiscuous && other.local.family() == local->family() &&
              other.local.port == local->port) {
            // Same (family, port): allowed only when both share by address.
            FUZZ_CHECK(shares && other.shares && other.local.address != local->address);
          }
        }
      }
      Slot slot;
      slot.receiver = std::move(receiver);
      slot.local = *local;
      slot.promiscuous = promiscuous;
      slot.shares = shares;
      slot.socket.emplace(std::move(*result));
      slots.push_back(std::move(slot));
    } else {
      FUZZ_CHECK(!result.status().message().empty());
      FUZZ_CHECK(receiver->closes == 0);
    }
  }

  void Open(fuzz::ByteReader& in) {
    uint8_t flags = in.Byte();
    uint16_t local_port = static_cast<uint16_t>(in.U16() % 8 == 0 ? 0 : 61000 + in.U16() % 12);
    uint16_t peer_port = in.U16();
    uint8_t selector = in.Byte();
    IpFamily family = (flags & 1) ? IpFamily::kIpv6 : IpFamily::kIpv4;
    std::optional<SocketAddress> peer;
    std::optional<SocketAddress> local;
    if (flags & 2)
      peer = SocketAddress{
          InFamily(static_cast<uint8_t>(selector >> 4), (flags & 0x80) ? IpFamily::kIpv4 : family),
          peer_port};
    if (flags & 4) local = SocketAddress{InFamily(selector, family), local_port};
    udp::OpenOptions options{.privileged_port = (flags & 0x08) != 0,
                             .accept_ipv6_zero_checksum = (flags & 0x10) != 0,
                             .strict_peer = (flags & 0x20) != 0,
                             .share_port_by_address = (flags & 0x40) != 0};
    auto receiver = std::make_unique<Receiver>();
    absl::StatusOr<udp::UdpSocket> result =
        (flags & 0x06) == 0x02 && !options.strict_peer && !options.privileged_port
            ? udp::OpenDatagramSocket(*stack, *receiver, *peer, local)
            : stack->Open(*receiver, peer, local, options);
    if (result.ok() && (!local.has_value() || local->port == 0)) {
      uint16_t port = result->LocalAddress()->port;
      udp::PortRange range = options.privileged_port ? udp::kPrivilegedRange : kEphemeral;
      FUZZ_CHECK(port >= range.first && port <= range.last);
    }
    Track(std::move(result), std::move(receiver), false, options.share_port_by_address);
  }

  void Promiscuous(fuzz::ByteReader& in) {
    uint8_t flags = in.Byte();
    bool had = false;
    for (const Slot& s : slots) had = had || (s.open && s.promiscuous);
    auto receiver = std::make_unique<Receiver>();
    bool strict = (flags & 2) != 0;
    auto result = stack->OpenPromiscuous(
        *receiver,
        udp::OpenOptions{.accept_ipv6_zero_checksum = (flags & 1) != 0, .strict_peer = strict});
    FUZZ_CHECK(result.ok() == (!had && !strict));
    Track(std::move(result), std::move(receiver), true, false);
  }

  void Closed(Slot& slot) {
    // The stack discarded the queue: nothing more may arrive.
    slot.open = false;
    slot.receiver->expected.clear();
    FUZZ_CHECK(slot.receiver->closes == 1);
  }

  void Close(fuzz::ByteReader& in, bool by_destructor) {
    uint8_t selector = in.Byte();
    Slot* slot = Pick(selector);
    if (slot == nullptr || !slot->socket.has_value()) return;
    int before = slot->receiver->closes;
    if (by_destructor) {
      slot->socket.reset();
    } else {
      slot->socket->Close(absl::CancelledError("fuzz"));
    }
    FUZZ_CHECK(slot->receiver->closes == (slot->open ? before + 1 : before));
    if (slot->open) Closed(*slot);
  }

  void Send(fuzz::ByteReader& in) {
    Slot* slot = Pick(in.Byte());
    size_t length = in.Byte() * 3u;
    uint8_t flags = in.Byte();
    if (slot == nullptr || !slot->socket.has_value()) return;
    if (length == 3 * 0xAB) length = 65528;  // one byte too many: refused
    std::vector<std::byte> payload(length, static_cast<std::byte>(flags));
    udp::IoBuffer buffer = slot->socket->AllocateBuffer(length);
    FUZZ_CHECK(buffer.Append(payload).ok());
    udp::TransferMetadata overrides;
    IpFamily family = slot->local.family();
    if (flags & 1)
      overrides.destination =
          SocketAddress{InFamily(flags >> 2, (flags & 2) ? IpFamily::kIpv6 : family),
                        static_cast<uint16_t>(61000 + flags % 9)};
    if (flags & 0x80)
      overrides.source = SocketAddress{InFamily(flags >> 3, family), static_cast<uint16_t>(flags)};
    uint64_t out_before = stack->counters().out_datagrams;
    uint64_t errors_before = stack->counters().out_errors;
    absl::Status status = slot->socket->Deliver(std::move(buffer), overrides);
    std::vector<udp::InMemoryNetworkLayer::Sent> now = net.TakeSent();
    FUZZ_CHECK(now.size() == (status.ok() ? 1u : 0u));
    FUZZ_CHECK(stack->counters().out_datagrams == out_before + (status.ok() ? 1 : 0));
    bool refused_by_net = status.code() == absl::StatusCode::kDataLoss;
    FUZZ_CHECK(stack->counters().out_errors == errors_before + (refused_by_net ? 1 : 0));
    FUZZ_CHECK(!refused_by_net || net_fault);
    FUZZ_CHECK(length <= 65527 || !status.ok());
    for (auto& packet : now) {
      std::span<const std::byte> d = packet.packet.data();
      FUZZ_CHECK(d.size() == length + 8);
      FUZZ_CHECK(wire::LoadBe16(d, 4) == d.size());
      FUZZ_CHECK(wire::LoadBe16(d, 6) != 0);
      FUZZ_CHECK(wire::LoadBe16(d, 0) != 0 && wire::LoadBe16(d, 2) != 0);
      FUZZ_CHECK(ReferenceVerifies(packet.facts.source, packet.facts.destination, d));
      sent.push_back(std::move(packet));
    }
  }

  /// Buffers of one pool held now: every datagram queued for an open
  /// connection holds one until it is delivered.
  size_t BuffersInUse(bool small) const {
    size_t in_use = 0;
    for (const Slot& s : slots) {
      if (!s.open) continue;
      for (const auto& waiting : s.receiver->expected) {
        in_use += (waiting.first.size() <= kSmallPayload) == small ? 1 : 0;
      }
    }
    return in_use;
  }

  void Receive(udp::IoBuffer datagram, const udp::RxFacts& facts) {
    std::vector<std::byte> copy(datagram.data().begin(), datagram.data().end());
    udp::RxDecision decision = stack->Receive(datagram.data(), facts);
    ++receives;
    // The pool bound, exactly: refused as udp_buffer_pool_empty only when
    // every buffer of the payload's pool is held, and never accepted then.
    if (const auto* drop = std::get_if<udp::DropVerdict>(&decision);
        drop != nullptr && drop->reason == Reason::kUdpBufferPoolEmpty) {
      FUZZ_CHECK(copy.size() >= 8 && wire::LoadBe16(copy, 4) >= 8);
      const bool small = wire::LoadBe16(copy, 4) - 8u <= kSmallPayload;
      FUZZ_CHECK(BuffersInUse(small) == (small ? kSmallBuffers : kLargeBuffers));
    }
    if (const auto* deliver = std::get_if<udp::DeliverVerdict>(&decision)) {
      const bool small = deliver->payload_length <= kSmallPayload;
      FUZZ_CHECK(BuffersInUse(small) < (small ? kSmallBuffers : kLargeBuffers));
      Slot* owner = nullptr;
      for (Slot& s : slots) {
        if (s.open && s.socket.has_value() && s.socket->id() == deliver->connection) owner = &s;
      }
      FUZZ_CHECK(owner != nullptr);
      FUZZ_CHECK(deliver->metadata.destination.port == wire::LoadBe16(copy, 2));
      std::span<const std::byte> payload = std::span<const std::byte>(copy).subspan(
          deliver->payload_offset, deliver->payload_length);
      owner->receiver->expected.emplace_back(std::vector<std::byte>(payload.begin(), payload.end()),
                                             deliver->metadata);
      FUZZ_CHECK(stack->QueuedDatagrams(deliver->connection) <= kMaxQueued);
      // The byte bound too: what waits for this receiver never exceeds it.
      size_t pending_bytes = 0;
      for (const auto& waiting : owner->receiver->expected) pending_bytes += waiting.first.size();
      FUZZ_CHECK(pending_bytes <= kMaxQueuedBytes);
    }
  }

  void ReceiveCrafted(fuzz::ByteReader& in) {
    uint8_t src_sel = in.Byte();
    uint8_t dst_sel = in.Byte();
    uint16_t sport = in.U16();
    uint16_t dport = static_cast<uint16_t>(in.U16() % 16 == 0 ? 0 : 61000 + in.U16() % 12);
    size_t length = in.Byte() * 2u;
    uint8_t damage = in.Byte();
    IpFamily family = (damage & 1) ? IpFamily::kIpv6 : IpFamily::kIpv4;
    IpAddress source = InFamily(src_sel, family);
    IpAddress destination = InFamily(dst_sel, family);
    std::vector<std::byte> d(8 + length, static_cast<std::byte>(damage));
    wire::StoreBe16(d, 0, sport);
    wire::StoreBe16(d, 2, dport);
    wire::StoreBe16(d, 4, static_cast<uint16_t>(d.size() - ((damage & 2) ? 3 : 0)));
    wire::StoreBe16(d, 6, 0);
    if (!(damage & 4)) (void)wire::FillUdpChecksum(d, source, destination);
    if (damage & 8) d.push_back(std::byte{0xEE});  // trailing byte
    if (damage & 0x10) wire::StoreBe16(d, 6, static_cast<uint16_t>(wire::LoadBe16(d, 6) ^ 0x0100));
    Receive(udp::IoBuffer::CopyOf(d), udp::RxFacts{source, destination});
  }

  void Deliver(fuzz::ByteReader& in) {
    size_t budget = in.Byte();
    size_t queued_before = 0;
    for (const Slot& s : slots) queued_before += s.open ? s.receiver->expected.size() : 0;
    size_t done = stack->DeliverQueued(budget);
    FUZZ_CHECK(done <= budget && done <= queued_before);
    if (budget >= queued_before) {
      for (const Slot& s : slots) FUZZ_CHECK(!s.open || s.receiver->expected.empty());
    }
  }

  void OpenUri(fuzz::ByteReader& in) {
    std::span<const std::byte> raw = in.Take(in.Byte() % 48);
    std::string text = "udp://";
    for (std::byte b : raw) text.push_back(static_cast<char>(b));
    auto receiver = std::make_unique<Receiver>();
    absl::StatusOr<udp::UdpSocket> result =
        udp::OpenUdpUri(*stack, *receiver, text, text.size() % 2 ? &resolver : nullptr);
    Track(std::move(result), std::move(receiver), false, false);
  }

  void Reassign(fuzz::ByteReader& in) {
    Slot* from = Pick(in.Byte());
    Slot* to = Pick(in.Byte());
    if (from == nullptr || to == nullptr || from == to || !from->socket.has_value() ||
        !to->socket.has_value()) {
      return;
    }
    // `to` loses its connection (closed); it now names `from`'s, and
    // `from` names none.
    bool to_was_open = to->open;
    *to->socket = std::move(*from->socket);
    if (to_was_open) Closed(*to);
    FUZZ_CHECK(!from->socket->is_open());
    from->socket.reset();
    std::swap(to->receiver, from->receiver);
    std::swap(to->local, from->local);
    std::swap(to->promiscuous, from->promiscuous);
    std::swap(to->shares, from->shares);
    std::swap(to->open, from->open);
    // `from` now holds `to`'s old (closed) receiver and no handle.
  }

  void NetFault(fuzz::ByteReader& in) {
    net_fault = (in.Byte() & 1) != 0;
    net.FailTransmitWith(net_fault ? absl::DataLossError("fuzz: link down") : absl::OkStatus());
  }

  void Loop() {
    for (auto& packet : std::exchange(sent, {})) {
      Receive(std::move(packet.packet),
              udp::RxFacts{packet.facts.source, packet.facts.destination});
    }
  }

  void CheckCounters() const {
    const udp::UdpCounters& c = stack->counters();
    uint64_t drops = 0;
    for (const ReasonInfo& row : kReasonTable) {
      if (row.layer == Layer::kUdp && row.reason != Reason::kUdpConnectionClosed) {
        drops += c.drop_count(row.reason);
      }
    }
    FUZZ_CHECK(c.in_datagrams + drops == receives);
    FUZZ_CHECK(c.no_ports() ==
               c.drop_count(Reason::kUdpNoListener) + c.drop_count(Reason::kUdpPeerMismatch));
    FUZZ_CHECK(c.in_csum_errors() == c.drop_count(Reason::kUdpChecksumMismatch) +
                                         c.drop_count(Reason::kUdpIpv6ZeroChecksum));
    FUZZ_CHECK(c.rcvbuf_errors() == c.drop_count(Reason::kUdpReceiveQueueFull) +
                                        c.drop_count(Reason::kUdpReceiveQueueBytesFull) +
                                        c.drop_count(Reason::kUdpBufferPoolEmpty));
    FUZZ_CHECK(c.in_errors() == drops - c.no_ports());
    uint64_t delivered = 0;
    uint64_t pending = 0;
    size_t open = 0;
    for (const Slot& s : slots) {
      delivered += s.receiver->delivered;
      pending += s.open ? s.receiver->expected.size() : 0;
      open += s.open ? 1 : 0;
      FUZZ_CHECK(s.receiver->closes == (s.open ? 0 : 1));
      if (s.socket.has_value()) FUZZ_CHECK(s.socket->is_open() == s.open);
      if (s.open && !s.promiscuous) FUZZ_CHECK(stack->demux().Contains(s.local));
    }
    FUZZ_CHECK(c.in_datagrams == delivered + pending + c.drop_count(Reason::kUdpConnectionClosed));
    FUZZ_CHECK(stack->connection_count() == open);
    FUZZ_CHECK(!c.ToJson().empty());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  Harness h;
  uint8_t range_choice = in.Byte();
  if (range_choice % 8 == 7) {
    // Invalid ranges are refused at creation, naming the range.
    udp::UdpStackOptions bad;
    bad.ephemeral_range = (range_choice & 8) ? udp::PortRange{0, 10} : udp::PortRange{9, 8};
    auto refused = udp::UdpStack::Create(h.net, std::move(bad));
    FUZZ_CHECK(refused.status().code() == absl::StatusCode::kInvalidArgument);
  }
  udp::UdpStackOptions options;
  options.ephemeral_range = kEphemeral;
  options.max_queued_datagrams = kMaxQueued;
  options.max_queued_bytes = kMaxQueuedBytes;
  options.small_buffer_payload = kSmallPayload;
  options.small_buffers = kSmallBuffers;
  options.large_buffers = kLargeBuffers;
  options.random = std::make_unique<FixedRandom>();
  auto stack = udp::UdpStack::Create(h.net, std::move(options));
  FUZZ_CHECK(stack.ok());
  h.stack = std::move(*stack);
  for (int op = 0; op < 64 && !in.Rest().empty(); ++op) {
    switch (in.Byte() % 11) {
      case 0:
        h.Open(in);
        break;
      case 1:
        h.Promiscuous(in);
        break;
      case 2:
        h.Close(in, false);
        break;
      case 3:
        h.Send(in);
        break;
      case 4:
        h.ReceiveCrafted(in);
        break;
      case 5:
        h.Deliver(in);
        break;
      case 6:
        h.OpenUri(in);
        break;
      case 7:
        h.Loop();
        break;
      case 8:
        h.Close(in, true);
        break;
      case 9:
        h.Reassign(in);
        break;
      default:
        h.NetFault(in);
        break;
    }
    h.CheckCounters();
  }
  // Tearing the stack down closes what is still open, exactly once.
  std::vector<Receiver*> open;
  for (Slot& s : h.slots) {
    if (s.open) open.push_back(s.receiver.get());
  }
  h.stack.reset();
  for (Receiver* r : open) FUZZ_CHECK(r->closes == 1);
  // The default (kernel CSPRNG) source refills its pool every 64 values;
  // whatever it returns, it must keep answering.
  static std::unique_ptr<udp::RandomSource> system = udp::MakeSystemRandomSource();
  for (size_t i = 0; i < (size % 3) * 40; ++i) (void)system->Next();
  return 0;
}
