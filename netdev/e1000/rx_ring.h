// The receive ring's decision, as a pure function: what the device wrote
// back into descriptors (each copied out of DMA memory once) and which
// slots software posted, in; frames to hand up and slots to re-arm, out.
// The device is untrusted: a slot counts only if software posted it, a
// frame only if it fits its buffer, ends its packet and carries no error
// bit, and a poll never does more than its budget.
#ifndef RAMPART_NETDEV_E1000_RX_RING_H_
#define RAMPART_NETDEV_E1000_RX_RING_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace rampart::netdev::e1000 {

/// The write-back fields of one receive descriptor, copied once.
struct RxWriteBack {
  uint16_t length = 0;
  uint8_t status = 0;
  uint8_t errors = 0;
};

/// Reads the write-back fields from a descriptor's 16 bytes.
/// Reads a receive descriptor's write-back: the status first; the length
/// and errors only when DD is set, after an acquire fence (for a descriptor
/// without DD they read 0).
RxWriteBack ReadRxWriteBack(std::span<const std::byte, 16> descriptor);

/// Where the ring stands between polls (software's own bookkeeping).
struct RxRingState {
  uint32_t next = 0;        ///< the next slot to look at
  bool discarding = false;  ///< inside a multi-descriptor frame being dropped
};

/// Fixed facts about the ring.
struct RxRingShape {
  uint32_t size = 0;         ///< slots (at least 2)
  uint16_t buffer_size = 0;  ///< bytes per receive buffer
  size_t budget = 0;         ///< most slots consumed per poll (< size)
};

/// What to do with one consumed slot. Every consumed slot is re-armed.
struct RxSlotAction {
  uint32_t slot = 0;
  bool deliver = false;  ///< hand up the first `length` bytes of its buffer
  uint16_t length = 0;
};

/// Counters of one decision (added to the device's totals).
struct RxRingCounts {
  uint64_t frames = 0;
  uint64_t bytes = 0;
  uint64_t device_errors = 0;   ///< an error bit set (CRC, symbol, ...)
  uint64_t fragmented = 0;      ///< part of a frame spread over descriptors (no EOP)
  uint64_t bad_length = 0;      ///< length below 14 or above the buffer
  uint64_t unposted_done = 0;   ///< DD on a slot software did not post (device misbehaving)
  uint64_t budget_reached = 0;  ///< polls that stopped at the budget
};

/// The result of one decision.
struct RxRingDecision {
  RxRingState state;    ///< where the next poll starts
  size_t consumed = 0;  ///< actions written
  RxRingCounts counts;
};

/// Decides one poll of the receive ring.
/// @param write_backs copies of slots state.next, state.next + 1, ...
///                    (mod size), each read from DMA memory exactly once
/// @param posted      by slot: non-zero if software gave it to the device
/// @param shape       ring size, buffer size, budget
/// @param state       where this poll starts
/// @param actions     room for the actions (one per consumed slot)
/// @return the new state, how many actions were written, the counts.
///         Stops at the first slot without DD, at a slot software did not
///         post (counted as unposted_done if the device set DD there), at
///         the budget, or when write_backs or actions run out. Never
///         reads outside its arguments, never allocates.
RxRingDecision DecideRxRing(std::span<const RxWriteBack> write_backs,
                            std::span<const uint8_t> posted, const RxRingShape& shape,
                            RxRingState state, std::span<RxSlotAction> actions) noexcept;

}  // namespace rampart::netdev::e1000

#endif  // RAMPART_NETDEV_E1000_RX_RING_H_
