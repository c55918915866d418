// Checksum repair for whole frames, shared by the frame target's libFuzzer
// mutator and the AFL++ post-processor: after a mutation, the IPv4 header
// checksum and the UDP/ICMP/ICMPv6 checksum are made right again, so
// mutants get past the checksum checks and exercise what lies behind them.
#ifndef RAMPART_FUZZ_HARNESS_FRAME_FIXUP_H_
#define RAMPART_FUZZ_HARNESS_FRAME_FIXUP_H_

#include <cstddef>
#include <span>

namespace rampart::fuzz {

/// Repairs the checksums of an Ethernet frame in place, where its layout
/// (untagged or 802.1Q; IPv4 without fragmentation, or IPv6 whose next
/// header is the transport) lets them be found inside the bytes held.
/// Anything else is left as it is.
/// @return true if any checksum was written
bool FixFrameChecksums(std::span<std::byte> frame);

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_FRAME_FIXUP_H_
