// Two NetStacks on one in-memory cable, and a hostile third party on the
// same link: the rig the net_stack and net_fragments targets drive. A
// (192.0.2.1, 2001:db8::1) sends to B (192.0.2.2, 2001:db8::2) from port
// 5000 to port 7; the third party (192.0.2.66, 2001:db8::66, MAC
// 02:..:66) injects frames into B.
#ifndef RAMPART_FUZZ_HARNESS_STACK_PAIR_H_
#define RAMPART_FUZZ_HARNESS_STACK_PAIR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "netdev/loopback.h"
#include "stack/net_stack.h"
#include "udp/udp_stack.h"

namespace rampart::fuzz {

/// Counts what a stack delivers and keeps the last datagram (its payload
/// buffer reused, so a run of large datagrams allocates once).
class CollectLast final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) override;
  void Close(absl::Status) override {}

  size_t count = 0;
  std::vector<std::byte> last_payload;
  udp::TransferMetadata last_metadata;
};

/// The two stacks, their devices and sockets. Every check fails the run
/// through FUZZ_CHECK.
class StackPair {
 public:
  /// @param mtu  the link MTU (1280..1500: both families run)
  /// @param seed identifications and port choices; its low bit turns on
  ///             port unreachables in both stacks (an injected datagram
  ///             to a closed port then costs B an ICMP error, resolved
  ///             and rate-limited, which A overhears); higher bits pick
  ///             each stack's ICMP error burst (1-4) and rate (1-8/s)
  /// @param b_reassembly B's reassembly budgets
  StackPair(size_t mtu, uint32_t seed, const stack::ReassemblyLimits& b_reassembly = {});
  ~StackPair();
  StackPair(const StackPair&) = delete;
  StackPair& operator=(const StackPair&) = delete;

  /// A sends `payload` to B's port 7 over IPv4 or IPv6 (to B's address,
  /// or with `to_group` to the subnet broadcast 192.0.2.255 or the
  /// all-nodes group ff02::1, which B also receives); then the cable is
  /// pumped until quiet. Checks that B received exactly one datagram,
  /// byte for byte, from A's address and port 5000.
  void SendAtoB(bool v6, std::span<const std::byte> payload, bool to_group = false);
  /// A sends `payload` to the subnet broadcast or all-nodes at a port B
  /// has not opened (9). Checks that B delivers nothing and, port
  /// unreachables on or not, answers nothing (no ICMP error about a
  /// datagram sent to a group: RFC 1122 3.2.2, RFC 4443 2.4(e)).
  void SendAtoClosedGroupPort(bool v6, std::span<const std::byte> payload);
  /// A third party's frame reaches B: its Ethernet source, and its IPv4,
  /// IPv6 or ARP sender address, are rewritten to the third party's (so
  /// it never poses as A), its checksums repaired when `repair` is set;
  /// then the cable is pumped until quiet.
  void InjectIntoB(std::span<const std::byte> bytes, bool repair);
  /// A learns B's MAC for B's address of one family as a static entry
  /// (NetStack::SetNeighbor, as the command's --neighbor does).
  void TeachAB(bool v6);
  /// Moves the clock forward, ticks both stacks and pumps.
  void Advance(int64_t milliseconds);
  /// Checks what holds after every operation: B's ICMP errors within its
  /// limiter's burst + rate x time, B's reassembly memory within its total
  /// budget, B's frames in = frames its device handed up, B's
  /// InDatagrams = datagrams its sockets received.
  void CheckInvariants() const;
  /// Checks that the counters JSON the command prints carries B's own
  /// figures.
  void CheckCountersJson() const;

  /// @return the third party's address: 192.0.2.66, or 2001:db8::66
  static wire::IpAddress ThirdPartyAddress(bool v6);
  /// @return the third party's MAC, 02:00:00:00:00:66
  static wire::MacAddress ThirdPartyMac();
  /// @return B's MAC, 02:00:00:00:00:02
  static wire::MacAddress MacOfB();
  /// @return B's address: 192.0.2.2, or 2001:db8::2
  static wire::IpAddress AddressOfB(bool v6);

  /// @return the UDP payload limit of one unfragmented packet on this
  ///         link (MTU less the IP and UDP headers)
  size_t UnfragmentedPayload(bool v6) const;
  /// @return B's stack
  const stack::NetStack& b() const { return *b_; }
  /// @return the clock both stacks read, in milliseconds
  int64_t now() const { return clock_; }

 private:
  /// Polls both stacks until the cable is quiet (bounded; must settle).
  void Pump();
  /// A sends `payload` from port 5000 to `destination`, then pumps.
  void SendFromA(bool v6, std::span<const std::byte> payload,
                 const wire::SocketAddress& destination);
  /// @return the group A's group sends go to: the subnet broadcast
  ///         192.0.2.255, or all-nodes ff02::1
  static wire::IpAddress GroupAddress(bool v6);

  static constexpr int64_t kStart = 1000;
  size_t mtu_;
  uint64_t b_icmp_burst_, b_icmp_rate_;
  int64_t clock_ = kStart;
  std::unique_ptr<netdev::MemoryDevice> device_a_, device_b_;
  std::unique_ptr<stack::NetStack> a_, b_;
  CollectLast at_a_, at_b_;
  std::optional<udp::UdpSocket> a4_, a6_, b4_, b6_;
  std::vector<std::byte> frame_;
};

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_STACK_PAIR_H_
