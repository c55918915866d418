#include "netdev/e1000/rx_ring.h"

#include <algorithm>
#include <atomic>

#include "netdev/e1000/registers.h"

namespace rampart::netdev::e1000 {

RxWriteBack ReadRxWriteBack(std::span<const std::byte, 16> descriptor) {
  RxWriteBack value;
  // The status byte first, as one volatile load (the device writes this
  // memory behind the compiler's back): 82540EM manual 3.2.3 (software
  // reads DD, then the rest), as Linux's e1000_clean_rx_irq does. Only a
  // descriptor marked done is read further, and only after an acquire
  // fence, so a write-back landing between the loads cannot pair a fresh
  // DD with a stale length (which dropped honest frames as bad_length).
  value.status = std::to_integer<uint8_t>(
      static_cast<const volatile std::byte&>(descriptor[rx_desc::kStatus]));
  if ((value.status & rx_desc::kDone) == 0) return value;
  std::atomic_thread_fence(std::memory_order_acquire);
  value.length =
      static_cast<uint16_t>(std::to_integer<unsigned>(descriptor[rx_desc::kLength]) |
                            std::to_integer<unsigned>(descriptor[rx_desc::kLength + 1]) << 8);
  value.errors = std::to_integer<uint8_t>(descriptor[rx_desc::kErrors]);
  return value;
}

RxRingDecision DecideRxRing(std::span<const RxWriteBack> write_backs,
                            std::span<const uint8_t> posted, const RxRingShape& shape,
                            RxRingState state, std::span<RxSlotAction> actions) noexcept {
  RxRingDecision decision;
  decision.state = state;
  if (shape.size < 2 || posted.size() < shape.size || state.next >= shape.size) return decision;
  const size_t limit = std::min(
      {write_backs.size(), actions.size(), shape.budget, static_cast<size_t>(shape.size - 1)});
  RxRingState& s = decision.state;
  RxRingCounts& c = decision.counts;
  size_t i = 0;
  for (; i < limit; ++i) {
    const RxWriteBack& wb = write_backs[i];
    const uint32_t slot = s.next;
    if ((wb.status & rx_desc::kDone) == 0) break;
    if (posted[slot] == 0) {
      ++c.unposted_done;
      break;
    }
    const bool end = (wb.status & rx_desc::kEndOfPacket) != 0;
    RxSlotAction action{slot, false, 0};
    if (wb.errors != 0) {
      ++c.device_errors;
      s.discarding = !end;
    } else if (!end) {
      ++c.fragmented;
      s.discarding = true;
    } else if (s.discarding) {
      ++c.fragmented;  // the last piece of a frame already being dropped
      s.discarding = false;
    } else if (wb.length < 14 || wb.length > shape.buffer_size) {
      ++c.bad_length;
    } else {
      action.deliver = true;
      action.length = wb.length;
      ++c.frames;
      c.bytes += wb.length;
    }
    actions[i] = action;
    s.next = (slot + 1) % shape.size;
  }
  decision.consumed = i;
  if (i == shape.budget) ++c.budget_reached;
  return decision;
}

}  // namespace rampart::netdev::e1000
