// The pure frame decision: frame bytes and a read-only snapshot of the
// stack in, a decision out. Like udp::DecideRx (which it calls for UDP),
// it reads only its arguments: no globals, no allocation, no I/O. The
// stateful NetStack applies what it decides (replies, cache updates,
// reassembly, delivery); fuzz targets and `rampart inspect` call it too.
#ifndef RAMPART_STACK_FRAME_CLASSIFIER_H_
#define RAMPART_STACK_FRAME_CLASSIFIER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "base/reason.h"
#include "stack/interface.h"
#include "stack/reassembly.h"
#include "udp/demux_table.h"
#include "udp/rx_decision.h"
#include "wire/arp.h"
#include "wire/icmp.h"
#include "wire/ip_address.h"
#include "wire/ndp.h"

namespace rampart::stack {

/// What became of a frame: handed to a consumer, refused, or held for
/// reassembly. Names: "deliver", "drop", "pending".
enum class Verdict : uint8_t { kDeliver, kDrop, kPending };

/// @return the verdict's stable name
std::string_view VerdictName(Verdict verdict);

/// What the device reported with a frame, beyond its bytes.
struct FrameFacts {
  /// The transport checksum is partial (see RxFrame::checksum_partial):
  /// UDP is then decided with ChecksumPolicy::kUnverifiablePartial.
  bool checksum_partial = false;
};

/// The stack state a decision may read.
struct StackSnapshot {
  const InterfaceConfig& config;
  /// The addresses `config` receives for, worked out once
  /// (InterfaceAddresses(config)).
  const InterfaceAddresses& addresses;
  const udp::DemuxTable& demux;
  /// kVerify, or kVerifiedByDevice for a device that checks checksums.
  udp::ChecksumPolicy checksum_policy = udp::ChecksumPolicy::kVerify;
};

/// ARP for our address: learn the sender; answer when it is a request.
struct ArpAction {
  wire::ArpPacket packet;
  bool reply = false;
};

/// NDP: a solicitation for one of our addresses (answer it) or an
/// advertisement (learn from it if we asked).
struct NeighborAction {
  wire::NdpMessage message;
  wire::IpAddress source;
  wire::IpAddress destination;
};

/// An echo request to answer. `message` is the whole ICMP message.
struct EchoAction {
  wire::IpAddress source;
  wire::IpAddress destination;
  std::span<const std::byte> message;
};

/// A fragment to hand to the reassembler.
struct FragmentAction {
  Fragment fragment;
  wire::IpFamily family = wire::IpFamily::kIpv4;
  /// The frame went to a broadcast or multicast MAC.
  bool link_group = false;
};

/// A UDP datagram and the UDP core's decision about it, which the stack
/// applies as it is (udp::UdpStack::Apply), without deciding again.
struct UdpAction {
  udp::RxFacts facts;
  /// The UDP header onward, as the IP layer holds it: the bytes the
  /// decision was made over.
  std::span<const std::byte> datagram;
  udp::RxDecision decision;
  /// The whole IP packet (for quoting in an ICMP error); empty for a
  /// reassembled datagram.
  std::span<const std::byte> packet;
  /// The frame or the IP destination was broadcast or multicast: never
  /// answered with an ICMP error.
  bool group_destination = false;
};

/// A received ICMP error (destination unreachable, time exceeded, packet
/// too big) whose quoted packet is well-formed.
struct IcmpErrorAction {
  uint8_t type = 0;
  uint8_t code = 0;
  wire::QuotedPacket quoted;
};

/// A packet dropped for an unrecognized IPv6 option that RFC 8200 4.2 says
/// to report: the shell answers with ICMPv6 Parameter Problem code 2
/// (rate-limited). The decision is still a drop.
struct ParameterProblemAction {
  wire::IpAddress source;             ///< the offending packet's source (the error goes there)
  wire::IpAddress destination;        ///< its destination
  uint32_t pointer = 0;               ///< offset of the option from the IPv6 header's start
  std::span<const std::byte> packet;  ///< the whole offending packet (quoted)
};

/// What the shell must do with the frame, if anything.
using FrameAction =
    std::variant<std::monostate, ArpAction, NeighborAction, EchoAction, FragmentAction, UdpAction,
                 IcmpErrorAction, ParameterProblemAction>;

/// The decision about one frame.
struct FrameDecision {
  Layer layer = Layer::kEth;
  Verdict verdict = Verdict::kDrop;
  /// Why, for a drop (its layer is `layer`); Reason::kNone otherwise.
  Reason reason = Reason::kNone;
  FrameAction action;
};

/// Decides what to do with one received Ethernet frame.
///
/// Order of checks: the Ethernet header and VLAN rule, the destination MAC,
/// then per EtherType: ARP (format, our target, a sane sender); IPv4
/// (view, header checksum, reserved flag, source, destination, then
/// fragment or transport); IPv6 (view, source, destination, extension
/// chain, fragment or transport); transport: ICMP (checksum, type rules,
/// NDP rules) or UDP (udp::DecideRx).
/// The checksum policy is decided here, once: the snapshot's, or
/// kUnverifiablePartial when the device reported a partial checksum.
/// @param frame    the frame without FCS
/// @param snapshot interface, demux table and checksum policy
/// @param facts    what the device reported with the frame
/// @return the decision; spans in the action point into `frame`
FrameDecision ClassifyFrame(std::span<const std::byte> frame, const StackSnapshot& snapshot,
                            const FrameFacts& facts = {}) noexcept;

/// Decides what to do with a reassembled datagram.
/// @param family     its family
/// @param source,destination its addresses
/// @param protocol   the upper-layer protocol (IPv6: the next header after
///                   the fragment header; more extension headers may follow)
/// @param payload    the reassembled fragmentable part
/// @param link_group the fragments came to a broadcast or multicast MAC
/// @param snapshot   as for ClassifyFrame
/// @return the decision; spans in the action point into `payload`
FrameDecision ClassifyReassembled(wire::IpFamily family, const wire::IpAddress& source,
                                  const wire::IpAddress& destination, uint8_t protocol,
                                  std::span<const std::byte> payload, bool link_group,
                                  const StackSnapshot& snapshot) noexcept;

}  // namespace rampart::stack

#endif  // RAMPART_STACK_FRAME_CLASSIFIER_H_
