// Fuzz target: the e1000 driver against a hostile device.
//
// The input plays the device: register values the driver reads (at init
// and later: link flaps, bogus heads), descriptor write-backs of any bytes
// in any slot, honest frame deliveries, a stuck or lying transmit side,
// DMA exhaustion at init. The driver runs over FakeE1000's DMA memory.
// Checked after every operation, from the harness's own bookkeeping:
//  - a poll consumes at most its budget, only slots the driver had posted
//    (it tracks the RDT writes: the device owns [next, tail)), in order,
//    and re-arms each (buffer address back, status cleared);
//  - every frame handed up is 14..2048 bytes, equal to the buffer of one
//    consumed slot, in ring order;
//  - counters agree: frames up = rx_frames = the driver's rx.frames; each
//    consumed slot is a frame or exactly one drop;
//  - a transmit that succeeds rang TDT once, its descriptor points into
//    the transmit buffers with the frame's length and bytes; a refused one
//    rang nothing; nothing ever aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fake_e1000.h"
#include "harness/fuzz_check.h"
#include "netdev/e1000/e1000.h"
#include "netdev/e1000/registers.h"
#include "wire/bytes.h"

namespace {

using rampart::fuzz::ByteReader;
using rampart::fuzz::FakeE1000;
namespace e = rampart::netdev::e1000;

constexpr uint32_t kRing = 16;
constexpr uint32_t kTxRing = 8;
constexpr size_t kBudget = 8;

uint64_t LoadLe64(std::span<const std::byte> b) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v |= uint64_t{std::to_integer<uint8_t>(b[i])} << (8 * i);
  return v;
}

/// What one poll must do, by the receive ring's rules (README: DD only on
/// a slot software posted, EOP required and a frame spread over several
/// descriptors dropped whole, any error bit drops, lengths 14..2048, at
/// most the budget and ring size - 1 slots).
struct RingPrediction {
  size_t consumed = 0;
  std::vector<size_t> lengths;  // the frames handed up, in order
  uint64_t device_errors = 0;
  uint64_t fragmented = 0;
  uint64_t bad_length = 0;
  bool discarding = false;
};

RingPrediction PredictPoll(rampart::fuzz::FakeE1000& fake, uint64_t descriptors, uint32_t next,
                           size_t owned, size_t limit, bool discarding) {
  RingPrediction p;
  p.discarding = discarding;
  for (size_t i = 0; i < limit; ++i) {
    const uint32_t slot = (next + static_cast<uint32_t>(i)) % kRing;
    std::span<std::byte> d = fake.Dma(descriptors + slot * 16u, 16);
    const auto status = std::to_integer<uint8_t>(d[e::rx_desc::kStatus]);
    const auto errors = std::to_integer<uint8_t>(d[e::rx_desc::kErrors]);
    const size_t length = std::to_integer<size_t>(d[e::rx_desc::kLength]) |
                          std::to_integer<size_t>(d[e::rx_desc::kLength + 1]) << 8;
    if ((status & e::rx_desc::kDone) == 0) break;
    if (i >= owned) break;  // done on a slot software never posted
    const bool end = (status & e::rx_desc::kEndOfPacket) != 0;
    if (errors != 0) {
      ++p.device_errors;
      p.discarding = !end;
    } else if (!end) {
      ++p.fragmented;
      p.discarding = true;
    } else if (p.discarding) {
      ++p.fragmented;
      p.discarding = false;
    } else if (length < 14 || length > e::E1000Device::kBufferSize) {
      ++p.bad_length;
    } else {
      p.lengths.push_back(length);
    }
    ++p.consumed;
  }
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteReader in(rampart::wire::AsBytes(std::span<const uint8_t>(data, size)));
  FakeE1000 fake;
  // Hostile values for a few registers, read at init and after.
  const uint8_t setup = in.Byte();
  std::vector<std::pair<uint32_t, uint32_t>> overrides;
  for (int i = 0; i < (setup & 3); ++i) {
    static constexpr uint32_t kTargets[] = {e::reg::kCtrl, e::reg::kStatus, e::reg::kIcr,
                                            e::reg::kRal0, e::reg::kRah0,   e::reg::kRdh,
                                            e::reg::kTdh,  e::reg::kRctl};
    const uint32_t offset = kTargets[in.Byte() % 8];
    overrides.emplace_back(offset, uint32_t{in.U16()} << 16 | in.U16());
  }
  fake.read_override = [&overrides](uint32_t offset) -> std::optional<uint32_t> {
    for (const auto& [at, value] : overrides) {
      if (at == offset) return value;
    }
    return std::nullopt;
  };
  fake.allocations_succeed = (setup & 0x80) == 0 || (setup & 0x40) != 0;

  e::E1000Options options;
  options.rx_ring_size = kRing;
  options.tx_ring_size = kTxRing;
  options.poll_budget = kBudget;
  options.link_wait_ms = 30;
  options.sleep_ms = [](int) {};
  if (setup & 0x20) options.mac = rampart::wire::MacAddress{{0x02, 0, 0, 0, 0, 0x09}};
  // Create refuses every setting the driver cannot run with, before it
  // touches the device (one per input, by the setup byte).
  e::E1000Options bad = options;
  switch (setup % 5) {
    case 0:
      bad.rx_ring_size = kRing + 4;  // not a multiple of 8
      break;
    case 1:
      bad.tx_ring_size = 4096 + 8;
      break;
    case 2:
      bad.poll_budget = kRing;  // more than ring size - 1
      break;
    case 3:
      bad.mtu = 2048 - 17;  // with the Ethernet header and tag, past a buffer
      break;
    default:
      bad.poll_budget = 0;
      break;
  }
  bad.sleep_ms = nullptr;
  FUZZ_CHECK(e::E1000Device::Create(fake, fake, bad).status().code() ==
             absl::StatusCode::kInvalidArgument);
  auto created = e::E1000Device::Create(fake, fake, options);
  if (!created.ok()) {
    FUZZ_CHECK(!fake.allocations_succeed);
    return 0;
  }
  e::E1000Device& nic = **created;

  // The harness's view of ownership, from the driver's doorbells.
  FUZZ_CHECK(fake.rdt_writes.size() == 1 && fake.rdt_writes[0] == kRing - 1);
  uint32_t next = 0;          // the slot the driver looks at next
  uint32_t tail = kRing - 1;  // the device owns [next, tail)
  const uint64_t rx_descriptors =
      uint64_t{fake.Register(e::reg::kRdbah)} << 32 | fake.Register(e::reg::kRdbal);
  const uint64_t tx_descriptors =
      uint64_t{fake.Register(e::reg::kTdbah)} << 32 | fake.Register(e::reg::kTdbal);
  const uint64_t rx_buffers = LoadLe64(fake.Dma(rx_descriptors, 16));
  uint64_t frames_up = 0, consumed_total = 0;
  uint64_t device_errors = 0, fragmented = 0, bad_length = 0;
  bool discarding = false;  // inside a frame spread over descriptors
  std::vector<std::byte> payload;

  for (int op = 0; op < 64 && !in.Rest().empty(); ++op) {
    const uint8_t kind = in.Byte();
    switch (kind % 6) {
      case 0: {  // honest delivery of 1..16 frames
        const size_t count = 1 + (kind >> 4);
        const size_t length = 14 + in.Byte() * 4u;
        payload.assign(length, std::byte{in.Byte()});
        for (size_t i = 0; i < count; ++i) (void)fake.DeliverFrame(payload);
        break;
      }
      case 1: {  // any write-back bytes into any receive descriptor
        std::span<std::byte> d = fake.Dma(rx_descriptors + (in.Byte() % kRing) * 16u, 16);
        const auto bytes = in.Take(16);
        for (size_t i = 0; i < bytes.size(); ++i) d[i] = bytes[i];
        break;
      }
      case 2: {  // poll
        const size_t budget = in.Byte() % 12;
        const size_t rdt_before = fake.rdt_writes.size();
        // The model: the ring rules read plainly from the write-backs the
        // device left in the slots it owns, before the driver sees them.
        const RingPrediction predicted =
            PredictPoll(fake, rx_descriptors, next, (tail + kRing - next) % kRing,
                        std::min({budget, kBudget, size_t{kRing - 1}}), discarding);
        std::vector<std::vector<std::byte>> frames;
        auto polled = nic.Poll(
            [&](const rampart::stack::RxFrame& f) {
              FUZZ_CHECK(f.bytes.size() >= 14 && f.bytes.size() <= e::E1000Device::kBufferSize);
              frames.emplace_back(f.bytes.begin(), f.bytes.end());
            },
            budget);
        FUZZ_CHECK(polled.ok() && *polled == frames.size());
        FUZZ_CHECK(fake.rdt_writes.size() <= rdt_before + 1);
        size_t consumed = 0;
        if (fake.rdt_writes.size() == rdt_before + 1) {
          const uint32_t new_tail = fake.rdt_writes.back();
          FUZZ_CHECK(new_tail < kRing);
          // Consumed: next .. new_tail, all inside what the device owned.
          consumed = (new_tail + kRing - next) % kRing + 1;
          const size_t owned = (tail + kRing - next) % kRing;
          FUZZ_CHECK(consumed <= owned);
          FUZZ_CHECK(consumed <= std::min(budget, kBudget));
          // Frames come from consumed slots, in order; slots are re-armed.
          size_t f = 0;
          for (size_t i = 0; i < consumed; ++i) {
            const uint32_t slot = (next + static_cast<uint32_t>(i)) % kRing;
            std::span<std::byte> d = fake.Dma(rx_descriptors + slot * 16u, 16);
            FUZZ_CHECK(LoadLe64(d) == rx_buffers + uint64_t{slot} * e::E1000Device::kBufferSize);
            FUZZ_CHECK(d[e::rx_desc::kStatus] == std::byte{0});
            if (f < frames.size()) {
              std::span<std::byte> buffer = fake.Dma(
                  rx_buffers + uint64_t{slot} * e::E1000Device::kBufferSize, frames[f].size());
              if (rampart::fuzz::SameBytes(buffer, frames[f])) ++f;
            }
          }
          FUZZ_CHECK(f == frames.size());
          next = (new_tail + 1) % kRing;
          tail = new_tail;
        } else {
          FUZZ_CHECK(frames.empty());
        }
        // Exactly what the rules say: how many slots, which frames (by
        // length), and each drop in its own counter.
        FUZZ_CHECK(consumed == predicted.consumed);
        FUZZ_CHECK(frames.size() == predicted.lengths.size());
        for (size_t i = 0; i < frames.size(); ++i) {
          FUZZ_CHECK(frames[i].size() == predicted.lengths[i]);
        }
        {
          const auto& counts = nic.driver_counters().rx;
          FUZZ_CHECK(counts.device_errors == device_errors + predicted.device_errors);
          FUZZ_CHECK(counts.fragmented == fragmented + predicted.fragmented);
          FUZZ_CHECK(counts.bad_length == bad_length + predicted.bad_length);
          device_errors = counts.device_errors;
          fragmented = counts.fragmented;
          bad_length = counts.bad_length;
        }
        discarding = predicted.discarding;
        frames_up += frames.size();
        consumed_total += consumed;
        const auto& rx = nic.driver_counters().rx;
        FUZZ_CHECK(nic.counters().rx_frames == frames_up && rx.frames == frames_up);
        FUZZ_CHECK(rx.frames + rx.device_errors + rx.fragmented + rx.bad_length == consumed_total);
        FUZZ_CHECK(nic.counters().rx_dropped == consumed_total - frames_up);
        break;
      }
      case 3: {  // transmit
        const size_t length = (in.Byte() * 7u) % 1600;
        payload.assign(length, std::byte{in.Byte()});
        const size_t tdt_before = fake.tdt_writes.size();
        const uint32_t slot = fake.Register(e::reg::kTdt) % kTxRing;
        const absl::Status sent = nic.Transmit(payload);
        if (sent.ok()) {
          FUZZ_CHECK(fake.tdt_writes.size() == tdt_before + 1);
          FUZZ_CHECK(fake.tdt_writes.back() == (slot + 1) % kTxRing);
          std::span<std::byte> d = fake.Dma(tx_descriptors + slot * 16u, 16);
          const size_t written = std::to_integer<size_t>(d[8]) | std::to_integer<size_t>(d[9]) << 8;
          FUZZ_CHECK(written == length);
          std::span<std::byte> buffer = fake.Dma(LoadLe64(d), length);
          FUZZ_CHECK(rampart::fuzz::SameBytes(buffer, payload));
        } else {
          FUZZ_CHECK(fake.tdt_writes.size() == tdt_before);
          FUZZ_CHECK(sent.code() == absl::StatusCode::kUnavailable ||
                     sent.code() == absl::StatusCode::kInvalidArgument);
        }
        break;
      }
      case 4: {  // transmit side lies: status bytes anywhere, or it stalls
        std::span<std::byte> d = fake.Dma(tx_descriptors + (in.Byte() % kTxRing) * 16u, 16);
        d[e::tx_desc::kStatus] = std::byte{in.Byte()};
        fake.transmit_on_doorbell = (kind & 0x80) == 0;
        break;
      }
      default: {  // registers change under the driver: link flaps, bogus heads
        overrides.clear();
        overrides.emplace_back(kind & 0x40 ? e::reg::kStatus : e::reg::kRdh,
                               uint32_t{in.U16()} << 16 | in.U16());
        (void)nic.link_up();
        break;
      }
    }
  }
  return 0;
}
