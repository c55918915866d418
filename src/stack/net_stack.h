// The stateful stack on one interface: it applies ClassifyFrame's
// decisions (ARP/NDP answers and caches, echo replies, reassembly, UDP
// delivery, ICMP port unreachable) and carries the UDP layer's packets
// down (routing, neighbor resolution, fragmentation) to a NetDevice.
#ifndef RAMPART_STACK_NET_STACK_H_
#define RAMPART_STACK_NET_STACK_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/reason.h"
#include "base/reason_counters.h"
#include "stack/frame_classifier.h"
#include "stack/interface.h"
#include "stack/neighbor_cache.h"
#include "stack/net_device.h"
#include "stack/rate_limiter.h"
#include "stack/reassembly.h"
#include "udp/network_layer.h"
#include "udp/random_source.h"
#include "udp/udp_stack.h"

namespace rampart::stack {

/// Settings of a stack.
struct NetStackOptions {
  InterfaceConfig interface;
  udp::UdpStackOptions udp;
  ReassemblyLimits reassembly;
  NeighborLimits neighbors;
  /// Answer echo requests (ping) to our unicast addresses.
  bool answer_echo = true;
  /// Send ICMP/ICMPv6 port unreachable for unicast datagrams no one
  /// listens to (never for broadcast/multicast or bad checksums).
  bool port_unreachable = false;
  /// ICMP errors allowed per second, and in a burst.
  uint32_t icmp_errors_per_second = 10;
  uint32_t icmp_error_burst = 10;
  udp::ChecksumPolicy checksum_policy = udp::ChecksumPolicy::kVerify;
  /// Milliseconds on a monotonic clock; null means steady_clock.
  std::function<int64_t()> clock_ms;
  /// Randomness for IP identifications; null means the kernel CSPRNG.
  std::unique_ptr<udp::RandomSource> random;
};

/// What became of one received frame (what `rampart inspect` prints).
struct FrameOutcome {
  Layer layer = Layer::kEth;
  Verdict verdict = Verdict::kDrop;
  Reason reason = Reason::kNone;  ///< kNone unless dropped
  /// For a UDP datagram handed to a connection.
  std::optional<udp::DatagramMetadata> datagram;
  size_t payload_length = 0;
};

/// Counters of the stack below UDP (the UDP layer keeps its own).
struct StackCounters {
  uint64_t frames_in = 0;
  uint64_t frames_out = 0;
  uint64_t ip_in_delivers = 0;   ///< packets handed to ICMP or UDP
  uint64_t ip_out_requests = 0;  ///< packets sent (before fragmentation)
  uint64_t ip_frag_creates = 0;  ///< fragments made
  uint64_t arp_in = 0;
  uint64_t arp_out = 0;
  uint64_t ndp_in = 0;
  uint64_t ndp_out = 0;
  uint64_t icmp_in_echos = 0;
  uint64_t icmp_out_echo_reps = 0;
  uint64_t icmp_in_errors = 0;  ///< ICMP errors received (unreachable etc.)
  uint64_t icmp_out_unreachs = 0;
  uint64_t icmp_rate_limited = 0;    ///< ICMP errors not sent for the rate limit
  uint64_t icmp_out_parm_probs = 0;  ///< ICMPv6 Parameter Problems sent (unknown options)
  /// Drops by reason, every layer but UDP (whose drops the UDP counters
  /// hold); each drop is counted here once.
  ReasonCounters drops;

  /// @return the count for a reason
  uint64_t drop_count(Reason reason) const { return drops[reason]; }
};

/// A stack on one device. Not thread-safe: one thread polls it and uses
/// its UDP layer.
class NetStack final : private udp::NetworkLayer {
 public:
  /// @param device  the device (not owned; must outlive the stack)
  /// @param options settings (the interface is validated)
  /// @return the stack, or the configuration error
  static absl::StatusOr<std::unique_ptr<NetStack>> Create(NetDevice& device,
                                                          NetStackOptions options);
  ~NetStack() override;
  NetStack(const NetStack&) = delete;
  NetStack& operator=(const NetStack&) = delete;

  /// Processes one received frame: ClassifyFrame() decides, then the
  /// decision is applied as it is (counted, answered, queued); nothing is
  /// parsed, verified or demultiplexed again.
  /// @param frame the frame without FCS
  /// @param facts what the device reported with it (see RxFrame)
  /// @return what became of it (the frame that completes a datagram
  ///         carries the datagram's outcome)
  FrameOutcome ReceiveFrame(std::span<const std::byte> frame, const FrameFacts& facts = {});

  /// Applies a decision ClassifyFrame() made over `frame` with this
  /// stack's snapshot(). ReceiveFrame() is ClassifyFrame + ApplyDecision;
  /// tests call it to show that what is applied is exactly the decision.
  /// @param decision the decision
  /// @param frame    the frame it was made over (spans in it point here)
  /// @return what became of the frame
  FrameOutcome ApplyDecision(const FrameDecision& decision, std::span<const std::byte> frame);

  /// @return the read-only state ClassifyFrame() decides with
  StackSnapshot snapshot() const {
    return StackSnapshot{options_.interface, addresses_, udp_->demux(), options_.checksum_policy};
  }

  /// Receives up to `budget` frames from the device in batches of 16,
  /// handing queued datagrams to their receivers after each batch (so a
  /// burst longer than a receive queue is not lost), then runs timers.
  /// @return frames received; the device's error if it failed
  absl::StatusOr<size_t> Poll(size_t budget = 64);

  /// Runs timers: neighbor probes and give-ups, reassembly timeouts.
  void Tick();

  /// Records a neighbor's MAC (for links without resolution, or tests).
  void SetNeighbor(const wire::IpAddress& address, const wire::MacAddress& mac);

  /// @return the UDP layer (open sockets on it)
  udp::UdpStack& udp() { return *udp_; }
  const udp::UdpStack& udp() const { return *udp_; }
  /// @return the interface settings
  const InterfaceConfig& interface() const { return options_.interface; }
  /// @return the stack's clock now, in milliseconds (NetStackOptions::clock_ms);
  ///         layers above (the resolver) time themselves by it
  int64_t Now() const;
  /// @return the counters below UDP
  const StackCounters& counters() const { return counters_; }
  /// @return the count of one drop reason, from whichever layer keeps it
  ///         (the UDP layer its own, this stack every other)
  uint64_t DropCount(Reason reason) const {
    return ReasonLayer(reason) == Layer::kUdp ? udp_->counters().drop_count(reason)
                                              : counters_.drop_count(reason);
  }
  /// @return the reassembler (counters, memory in use)
  const Reassembler& reassembler() const { return reassembler_; }
  /// @return the ARP and NDP caches
  const NeighborCache& arp_cache() const { return arp_; }
  const NeighborCache& ndp_cache() const { return ndp_; }
  /// @return every counter (device, stack, every drop reason, UDP) as one
  ///         JSON object
  std::string CountersJson() const;

 private:
  NetStack(NetDevice& device, NetStackOptions options);

  // udp::NetworkLayer
  absl::StatusOr<wire::IpAddress> SelectSource(const wire::IpAddress& destination) override;
  absl::Status Transmit(udp::IoBuffer packet, const udp::TxFacts& facts) override;
  size_t header_room() const override;

  void CountDrop(Reason reason) { counters_.drops.Count(reason); }
  FrameOutcome Apply(const FrameDecision& decision, std::span<const std::byte> frame);
  FrameOutcome ApplyFragment(const FragmentAction& action, std::span<const std::byte> frame);
  FrameOutcome ApplyUdp(const UdpAction& action);
  void ApplyArp(const ArpAction& action);
  void ApplyNeighbor(const NeighborAction& action, const wire::MacAddress& link_source);
  void ApplyEcho(const EchoAction& action);
  /// Starts an ICMP error in icmp_buffer_ (type, code, the rest zero),
  /// unless the ICMP error rate limit says no (counted).
  /// @return false when rate-limited
  bool BeginIcmpError(uint8_t type, uint8_t code);
  /// Checksums the error in icmp_buffer_ and sends it from `from` to `to`;
  /// counts it in `sent` when the send succeeds.
  void FinishIcmpError(const wire::IpAddress& from, const wire::IpAddress& to, uint64_t& sent);
  void SendPortUnreachable(const UdpAction& action);
  /// Answers an unrecognized IPv6 option with ICMPv6 Parameter Problem
  /// code 2 (RFC 8200 4.2, RFC 4443 3.4), through the ICMP rate limiter.
  void SendParameterProblem(const ParameterProblemAction& action);
  /// Writes the quote of a port unreachable into icmp_buffer_ after its
  /// ICMP header: the offending packet, or for a reassembled datagram a
  /// header rebuilt from its facts and the datagram, cut to `quote_max`.
  /// @return false if the header cannot be emitted
  bool WriteQuote(const UdpAction& action, size_t quote_max);

  /// Routes, resolves and sends an IP packet carrying `transport`.
  absl::Status SendIp(const wire::IpAddress& source, const wire::IpAddress& destination,
                      uint8_t protocol, std::span<const std::byte> transport,
                      uint8_t hop_limit = 64);
  /// Sends an IP packet to a known MAC, fragmenting it to the MTU.
  absl::Status EmitIp(const wire::MacAddress& mac, const PendingPacket& packet,
                      std::span<const std::byte> transport, uint8_t hop_limit);
  absl::Status EmitIpv4(const wire::MacAddress& mac, const PendingPacket& packet,
                        std::span<const std::byte> transport, uint8_t hop_limit);
  absl::Status EmitIpv6(const wire::MacAddress& mac, const PendingPacket& packet,
                        std::span<const std::byte> transport, uint8_t hop_limit);
  void SendArp(uint16_t operation, const wire::MacAddress& to_mac,
               const wire::MacAddress& target_mac, const wire::IpAddress& target_ip);
  void SendSolicitation(const wire::IpAddress& target);
  void FlushPending(const std::vector<PendingPacket>& packets, const wire::MacAddress& mac);
  /// Builds a frame header into scratch_ and returns the payload area; the
  /// caller writes every byte of it (only the padding is cleared here).
  std::span<std::byte> BeginFrame(const wire::MacAddress& destination, uint16_t ether_type,
                                  size_t payload_size);
  absl::Status SendFrame();

  NetDevice& device_;
  NetStackOptions options_;
  InterfaceAddresses addresses_;
  std::unique_ptr<udp::UdpStack> udp_;
  Reassembler reassembler_;
  NeighborCache arp_;
  NeighborCache ndp_;
  RateLimiter icmp_errors_;
  StackCounters counters_;
  std::vector<std::byte> scratch_;
  size_t scratch_size_ = 0;
  /// ICMP messages being built (echo replies, NDP, port unreachables);
  /// reused, so answering allocates nothing once it has grown.
  std::vector<std::byte> icmp_buffer_;
  /// NDP messages being built (kept apart: a solicitation may be sent
  /// while icmp_buffer_ holds a message waiting for that neighbor).
  std::vector<std::byte> ndp_buffer_;
};

}  // namespace rampart::stack

#endif  // RAMPART_STACK_NET_STACK_H_
