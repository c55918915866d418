// Fuzz target: two NetStacks on one in-memory cable, the frame path both
// ways for datagrams that fit the link (routing, ARP/NDP resolution, UDP
// delivery), with a hostile third party injecting frames into the
// receiving stack. Datagrams that A fragments are net_fragments' work;
// this target stays small per input so a campaign runs it fast.
//
// Input: MTU and a seed (its low bit turns on port unreachables), then up
// to 16 operations: A sends a datagram (family; a size up to 255 bytes,
// any size up to the link's unfragmented maximum, or that maximum
// exactly, by the operation's top bits; fill byte) to B (to its address,
// or when bits 5-2 read 0001 to the subnet broadcast or all-nodes, 0010
// to one of those at a closed port); a raw frame of
// any bytes is injected into B (its Ethernet, IP or ARP source rewritten
// to the third party's, so it can never pose as A; its checksums
// repaired unless bit 7 says not to); the clock moves (neighbor expiry);
// A is given B's MAC as a static neighbor entry.
// Oracles: every datagram A sends arrives at B exactly once, byte for
// byte, with A's address and port as its source, however the injected
// frames interleave; B's reassembly memory stays within its budget; the
// counters agree (frames in = frames the device handed up; B's
// InDatagrams = what B received; the JSON the command prints carries the
// same figures).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/stack_pair.h"
#include "wire/bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  const size_t mtu = 1280 + in.Byte() % 221;  // 1280..1500
  const uint32_t seed = in.U16();
  fuzz::StackPair pair(mtu, seed);
  std::vector<std::byte> payload;
  for (int op = 0; op < 8 && !in.Rest().empty(); ++op) {
    const uint8_t kind = in.Byte();
    if ((kind & 3) <= 1) {  // A sends to B
      const bool v6 = (kind & 1) != 0;
      const size_t largest = pair.UnfragmentedPayload(v6);
      size_t length = in.Byte();
      if ((kind & 0xC0) == 0x80) length = in.U16() % (largest + 1);
      if ((kind & 0xC0) == 0xC0) length = largest;
      payload.assign(length, std::byte{in.Byte()});
      if (!payload.empty()) payload.front() = std::byte{static_cast<uint8_t>(op)};
      if ((kind & 0x3C) == 0x08) {
        pair.SendAtoClosedGroupPort(v6, payload);
      } else {
        pair.SendAtoB(v6, payload, /*to_group=*/(kind & 0x3C) == 0x04);
      }
    } else if ((kind & 3) == 2) {  // a third party injects a frame into B
      pair.InjectIntoB(in.Take(in.Byte()), (kind & 0x80) == 0);
    } else if ((kind & 0xC0) == 0xC0) {  // A is told B's MAC (a static entry)
      pair.TeachAB((kind & 0x20) != 0);
    } else {  // time passes
      pair.Advance(int64_t{in.Byte()} * 500);
    }
    pair.CheckInvariants();
  }
  pair.CheckCountersJson();
  return 0;
}
