// Fuzz target: fragmentation and reassembly through two whole stacks. A
// sends datagrams too large for the link (A fragments them, B reassembles
// them) while a hostile third party on the same link sends B fragments of
// its own (overlapping, never finished, at any offset, colliding in
// identification) and raw frames, and the clock jumps.
//
// Input: MTU, a seed, and B's limit on datagrams in reassembly per source
// (1..4, so the third party reaches it), then up to 8 operations: A sends
// (family; from one byte over the link's unfragmented maximum to about
// 12,000 bytes, or the UDP maximum and one less; fill byte); the third
// party sends a fragment (family, identification, offset in 8-byte
// units, more-fragments flag, length, fill; the first fragment starts
// with a UDP header); the third party sends a raw frame; the clock moves.
// Oracles: every datagram A sends arrives at B exactly once, byte for
// byte, from A (per-source budgets isolate the third party however it
// fills them); what B holds in reassembly is only ever the third party's
// and stays within its per-source limits (datagrams and bytes, for each
// of its two addresses); once the
// reassembly timeout has passed since the third party's last fragment,
// B holds nothing; the counters agree.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "harness/stack_pair.h"
#include "wire/bytes.h"

namespace {

using namespace rampart;

/// Appends a big-endian 16-bit value.
void PutBe16(std::vector<std::byte>& out, uint16_t value) {
  out.push_back(std::byte{static_cast<uint8_t>(value >> 8)});
  out.push_back(std::byte{static_cast<uint8_t>(value)});
}

/// Appends bytes given as numbers.
void PutBytes(std::vector<std::byte>& out, std::initializer_list<uint8_t> bytes) {
  for (uint8_t b : bytes) out.push_back(std::byte{b});
}

/// Appends bytes.
void PutSpan(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

/// Appends a MAC address.
void PutMac(std::vector<std::byte>& out, const wire::MacAddress& mac) {
  PutSpan(out, wire::AsBytes(std::span<const uint8_t>(mac.octets)));
}

/// Builds a fragment from the third party to B, whose data is `length` bytes of `fill`, led by a
/// UDP header (source port 9, port 7, claiming the whole `length`) when the offset is 0.
void BuildFragment(std::vector<std::byte>& frame, bool v6, uint32_t id, uint16_t offset_units,
                   bool more, size_t length, uint8_t fill) {
  frame.clear();
  PutMac(frame, fuzz::StackPair::MacOfB());
  PutMac(frame, fuzz::StackPair::ThirdPartyMac());
  const uint16_t offset_field = static_cast<uint16_t>(offset_units & 0x1FFF);
  if (!v6) {
    PutBe16(frame, 0x0800);
    PutBytes(frame, {0x45, 0});
    PutBe16(frame, static_cast<uint16_t>(20 + length));
    PutBe16(frame, static_cast<uint16_t>(id));
    PutBe16(frame, static_cast<uint16_t>((more ? 0x2000 : 0) | offset_field));
    PutBytes(frame, {64, 17, 0, 0});
    PutSpan(frame, fuzz::StackPair::ThirdPartyAddress(false).bytes());
    PutSpan(frame, fuzz::StackPair::AddressOfB(false).bytes());
  } else {
    PutBe16(frame, 0x86DD);
    PutBytes(frame, {0x60, 0, 0, 0});
    PutBe16(frame, static_cast<uint16_t>(8 + length));
    PutBytes(frame, {44, 64});
    PutSpan(frame, fuzz::StackPair::ThirdPartyAddress(true).bytes());
    PutSpan(frame, fuzz::StackPair::AddressOfB(true).bytes());
    PutBytes(frame, {17, 0});
    PutBe16(frame, static_cast<uint16_t>((offset_field << 3) | (more ? 1 : 0)));
    PutBe16(frame, static_cast<uint16_t>(id >> 16));
    PutBe16(frame, static_cast<uint16_t>(id));
  }
  const size_t data_at = frame.size();
  frame.resize(data_at + length, std::byte{fill});
  if (offset_field == 0 && length >= 8) {
    const std::span<std::byte> udp = std::span(frame).subspan(data_at, 8);
    wire::StoreBe16(udp, 0, 9);
    wire::StoreBe16(udp, 2, 7);
    wire::StoreBe16(udp, 4, static_cast<uint16_t>(length));
    wire::StoreBe16(udp, 6, 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  const size_t mtu = 1280 + in.Byte() % 221;  // 1280..1500
  const uint32_t seed = in.U16();
  stack::ReassemblyLimits limits;
  limits.max_datagrams_per_source = 1 + in.Byte() % 4;
  fuzz::StackPair pair(mtu, seed, limits);
  std::vector<std::byte> payload;
  std::vector<std::byte> frame;
  int64_t last_third_party = pair.now();
  for (int op = 0; op < 8 && !in.Rest().empty(); ++op) {
    const uint8_t kind = in.Byte();
    if ((kind & 3) <= 1) {  // A sends to B, fragmented
      const bool v6 = (kind & 1) != 0;
      const size_t limit = v6 ? 65527 : 65507;
      size_t length = pair.UnfragmentedPayload(v6) + 1 + in.U16() % 10'721;
      if ((kind & 0xC0) == 0xC0) length = limit - in.Byte() % 2;
      payload.assign(length, std::byte{in.Byte()});
      payload.front() = std::byte{static_cast<uint8_t>(op)};
      pair.SendAtoB(v6, payload);
    } else if ((kind & 3) == 2) {  // the third party sends a fragment or a frame
      if ((kind & 0x80) != 0) {
        pair.InjectIntoB(in.Take(in.Byte()), (kind & 0x40) == 0);
      } else {
        const bool v6 = (kind & 0x04) != 0;
        const uint32_t id = in.Byte();
        const uint16_t offset_units = in.U16();
        const size_t length = size_t{in.Byte()} * 4;
        BuildFragment(frame, v6, id, offset_units, (kind & 0x08) != 0, length, in.Byte());
        pair.InjectIntoB(frame, true);
      }
      last_third_party = pair.now();
    } else {  // time passes: up to 63.75 s, over the 30 s timeout
      pair.Advance(int64_t{in.Byte()} * 250);
      if (pair.now() - last_third_party > limits.timeout_ms) {
        FUZZ_CHECK(pair.b().reassembler().pending_datagrams() == 0);
        FUZZ_CHECK(pair.b().reassembler().bytes_in_use() == 0);
      }
    }
    // Only the third party's datagrams are ever left waiting (A's are
    // whole by now), and it is two sources: its IPv4 and IPv6 addresses.
    FUZZ_CHECK(pair.b().reassembler().pending_datagrams() <= 2 * limits.max_datagrams_per_source);
    FUZZ_CHECK(pair.b().reassembler().bytes_in_use() <= 2 * limits.max_bytes_per_source);
    pair.CheckInvariants();
  }
  pair.CheckCountersJson();
  return 0;
}
