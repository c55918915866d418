#include "netdev/e1000/e1000.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "netdev/e1000/registers.h"
#include "wire/bytes.h"

namespace rampart::netdev::e1000 {
namespace {

void StoreLe64(std::span<std::byte> bytes, size_t at, uint64_t value) {
  for (size_t i = 0; i < 8; ++i) bytes[at + i] = static_cast<std::byte>((value >> (8 * i)) & 0xFF);
}

void StoreLe16(std::span<std::byte> bytes, size_t at, uint16_t value) {
  bytes[at] = static_cast<std::byte>(value & 0xFF);
  bytes[at + 1] = static_cast<std::byte>(value >> 8);
}

/// The 16 bytes of descriptor `slot` in a ring.
std::span<std::byte, kDescriptorSize> Descriptor(const DmaRegion& ring, uint32_t slot) {
  return ring.bytes.subspan(size_t{slot} * kDescriptorSize).first<kDescriptorSize>();
}

/// Arms a receive descriptor: the buffer's device address, status cleared.
void ArmRx(const DmaRegion& ring, const DmaRegion& buffers, uint32_t slot) {
  std::span<std::byte, kDescriptorSize> d = Descriptor(ring, slot);
  std::fill(d.begin(), d.end(), std::byte{0});
  StoreLe64(d, rx_desc::kAddress,
            buffers.device_address + uint64_t{slot} * E1000Device::kBufferSize);
}

}  // namespace

absl::StatusOr<std::unique_ptr<E1000Device>> E1000Device::Create(RegisterIo& io, DmaAllocator& dma,
                                                                 E1000Options options) {
  const auto ring_ok = [](uint32_t size) { return size >= 8 && size <= 4096 && size % 8 == 0; };
  if (!ring_ok(options.rx_ring_size) || !ring_ok(options.tx_ring_size)) {
    return absl::InvalidArgumentError("e1000: ring sizes must be multiples of 8 within 8..4096");
  }
  if (options.poll_budget == 0 || options.poll_budget >= options.rx_ring_size) {
    return absl::InvalidArgumentError("e1000: poll budget must be within 1..ring size - 1");
  }
  if (options.mtu < 68 || options.mtu + 18 > kBufferSize) {
    return absl::InvalidArgumentError("e1000: mtu must fit a 2048-byte buffer");
  }
  if (!options.sleep_ms) {
    options.sleep_ms = [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  }
  std::unique_ptr<E1000Device> device(new E1000Device(io, std::move(options)));
  if (absl::Status status = device->Init(dma); !status.ok()) return status;
  return device;
}

E1000Device::E1000Device(RegisterIo& io, E1000Options options)
    : io_(io), options_(std::move(options)) {}

E1000Device::~E1000Device() {
  io_.Write32(reg::kRctl, 0);
  io_.Write32(reg::kTctl, 0);
}

absl::Status E1000Device::Init(DmaAllocator& dma) {
  // Quiesce, reset, quiesce again (the manual's order).
  io_.Write32(reg::kImc, 0xFFFFFFFF);
  io_.Write32(reg::kRctl, 0);
  io_.Write32(reg::kTctl, tctl::kPadShort);
  options_.sleep_ms(10);
  io_.Write32(reg::kCtrl, io_.Read32(reg::kCtrl) | ctrl::kReset);
  options_.sleep_ms(10);
  io_.Write32(reg::kImc, 0xFFFFFFFF);
  (void)io_.Read32(reg::kIcr);
  const uint32_t control = io_.Read32(reg::kCtrl);
  io_.Write32(reg::kCtrl,
              (control | ctrl::kSetLinkUp | ctrl::kAutoSpeed) &
                  ~(ctrl::kLinkReset | ctrl::kForceSpeed | ctrl::kForceDuplex | ctrl::kReset));
  for (int waited = 0; waited < options_.link_wait_ms && !link_up(); waited += 10) {
    options_.sleep_ms(10);
  }

  // The MAC: given, or what RAL0/RAH0 hold.
  if (options_.mac) {
    mac_ = *options_.mac;
    const auto& o = mac_.octets;
    io_.Write32(reg::kRal0,
                uint32_t{o[0]} | uint32_t{o[1]} << 8 | uint32_t{o[2]} << 16 | uint32_t{o[3]} << 24);
    io_.Write32(reg::kRah0, uint32_t{o[4]} | uint32_t{o[5]} << 8 | kRahAddressValid);
  } else {
    const uint32_t low = io_.Read32(reg::kRal0);
    const uint32_t high = io_.Read32(reg::kRah0);
    mac_ = wire::MacAddress{{static_cast<uint8_t>(low), static_cast<uint8_t>(low >> 8),
                             static_cast<uint8_t>(low >> 16), static_cast<uint8_t>(low >> 24),
                             static_cast<uint8_t>(high), static_cast<uint8_t>(high >> 8)}};
  }
  for (uint32_t i = 0; i < 128; ++i) io_.Write32(reg::kMta + 4 * i, 0);

  // Rings and buffers, in DMA memory; ownership bookkeeping outside it.
  const uint32_t rx_size = options_.rx_ring_size;
  const uint32_t tx_size = options_.tx_ring_size;
  for (auto [region, bytes] : {std::pair{&rx_descriptors_, size_t{rx_size} * kDescriptorSize},
                               std::pair{&rx_buffers_, size_t{rx_size} * kBufferSize},
                               std::pair{&tx_descriptors_, size_t{tx_size} * kDescriptorSize},
                               std::pair{&tx_buffers_, size_t{tx_size} * kBufferSize}}) {
    absl::StatusOr<DmaRegion> allocated = dma.Allocate(bytes);
    if (!allocated.ok()) return allocated.status();
    if (allocated->bytes.size() < bytes || allocated->device_address % 128 != 0) {
      return absl::InternalError("e1000: DMA region too small or not 128-byte aligned");
    }
    *region = *allocated;
    wire::ZeroBytes(region->bytes);
  }
  rx_posted_.assign(rx_size, 1);
  tx_in_flight_.assign(tx_size, 0);
  write_backs_.resize(options_.poll_budget);
  actions_.resize(options_.poll_budget);
  frame_copy_.resize(kBufferSize);
  for (uint32_t slot = 0; slot < rx_size; ++slot) ArmRx(rx_descriptors_, rx_buffers_, slot);
  // One slot stays with software: the device owns [RDH, RDT).
  rx_tail_ = rx_size - 1;
  rx_posted_[rx_tail_] = 0;

  io_.Write32(reg::kRdbal, static_cast<uint32_t>(rx_descriptors_.device_address));
  io_.Write32(reg::kRdbah, static_cast<uint32_t>(rx_descriptors_.device_address >> 32));
  io_.Write32(reg::kRdlen, rx_size * static_cast<uint32_t>(kDescriptorSize));
  io_.Write32(reg::kRdh, 0);
  io_.Write32(reg::kRdt, rx_tail_);
  io_.Write32(reg::kRctl, rctl::kEnable | rctl::kBroadcastAccept | rctl::kMulticastPromiscuous |
                              rctl::kStripCrc);

  io_.Write32(reg::kTdbal, static_cast<uint32_t>(tx_descriptors_.device_address));
  io_.Write32(reg::kTdbah, static_cast<uint32_t>(tx_descriptors_.device_address >> 32));
  io_.Write32(reg::kTdlen, tx_size * static_cast<uint32_t>(kDescriptorSize));
  io_.Write32(reg::kTdh, 0);
  io_.Write32(reg::kTdt, 0);
  io_.Write32(reg::kTipg, kTipgDefault);
  io_.Write32(reg::kTctl, tctl::kEnable | tctl::kPadShort | tctl::kCollisionThreshold |
                              tctl::kCollisionDistanceFull);
  return absl::OkStatus();
}

bool E1000Device::link_up() const { return (io_.Read32(reg::kStatus) & status::kLinkUp) != 0; }

absl::StatusOr<size_t> E1000Device::Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                                         size_t budget) {
  const uint32_t size = options_.rx_ring_size;
  const size_t limit = std::min(budget, options_.poll_budget);
  // Copy each candidate descriptor once; decide on the copies only. The
  // decision stops at the first slot without DD, so copying stops there
  // too (an idle ring costs one descriptor read per poll, not a budget's).
  size_t copied = 0;
  while (copied < limit) {
    const auto slot = static_cast<uint32_t>((rx_state_.next + copied) % size);
    write_backs_[copied] = ReadRxWriteBack(Descriptor(rx_descriptors_, slot));
    if ((write_backs_[copied++].status & rx_desc::kDone) == 0) break;
  }
  const RxRingShape shape{size, kBufferSize, limit};
  const RxRingDecision decision =
      DecideRxRing(std::span(write_backs_).first(copied), rx_posted_, shape, rx_state_, actions_);
  RxRingCounts& totals = driver_counters_.rx;
  totals.frames += decision.counts.frames;
  totals.bytes += decision.counts.bytes;
  totals.device_errors += decision.counts.device_errors;
  totals.fragmented += decision.counts.fragmented;
  totals.bad_length += decision.counts.bad_length;
  totals.unposted_done += decision.counts.unposted_done;
  totals.budget_reached += decision.counts.budget_reached;
  counters_.rx_dropped += decision.consumed - decision.counts.frames;
  rx_state_ = decision.state;
  if (decision.consumed == 0) return size_t{0};

  size_t handed = 0;
  for (const RxSlotAction& action : std::span(actions_).first(decision.consumed)) {
    if (action.deliver) {
      // Copied out of DMA memory before anyone parses it: the device can
      // not change a frame under the stack's feet.
      const auto buffer =
          rx_buffers_.bytes.subspan(size_t{action.slot} * kBufferSize, action.length);
      const std::span<std::byte> copy = std::span(frame_copy_).first(action.length);
      (void)wire::CopyBytes(copy, buffer);
      ++counters_.rx_frames;
      counters_.rx_bytes += action.length;
      on_frame(stack::RxFrame{copy, false});
      ++handed;
    }
    ArmRx(rx_descriptors_, rx_buffers_, action.slot);
  }
  // Hand the consumed slots back: the old tail becomes the device's, the
  // last consumed slot is the new tail (kept by software).
  const uint32_t last = actions_[decision.consumed - 1].slot;
  rx_posted_[rx_tail_] = 1;
  rx_posted_[last] = 0;
  rx_tail_ = last;
  io_.Write32(reg::kRdt, rx_tail_);
  return handed;
}

void E1000Device::Reclaim() {
  const uint32_t size = options_.tx_ring_size;
  while (tx_in_flight_[tx_clean_] != 0) {
    const uint8_t status =
        std::to_integer<uint8_t>(Descriptor(tx_descriptors_, tx_clean_)[tx_desc::kStatus]);
    if ((status & tx_desc::kDone) == 0) break;
    tx_in_flight_[tx_clean_] = 0;
    ++driver_counters_.tx_reclaimed;
    tx_clean_ = (tx_clean_ + 1) % size;
  }
}

absl::Status E1000Device::Transmit(std::span<const std::byte> frame) {
  if (frame.size() < wire::eth_field::kHeaderSize ||
      frame.size() > options_.mtu + wire::eth_field::kTaggedHeaderSize) {
    ++counters_.tx_errors;
    return absl::InvalidArgumentError(
        absl::StrCat(options_.name, ": frame of ", frame.size(), " bytes does not fit the mtu"));
  }
  Reclaim();
  const uint32_t size = options_.tx_ring_size;
  const uint32_t following = (tx_next_ + 1) % size;
  // Keep one slot free so TDT never catches up with the oldest in flight.
  if (tx_in_flight_[tx_next_] != 0 || tx_in_flight_[following] != 0) {
    ++driver_counters_.tx_ring_full;
    ++counters_.tx_errors;
    return absl::UnavailableError(absl::StrCat(options_.name, ": transmit ring full"));
  }
  const std::span<std::byte> buffer =
      tx_buffers_.bytes.subspan(size_t{tx_next_} * kBufferSize, kBufferSize);
  (void)wire::CopyBytes(buffer, frame);
  std::span<std::byte, kDescriptorSize> d = Descriptor(tx_descriptors_, tx_next_);
  std::fill(d.begin(), d.end(), std::byte{0});
  StoreLe64(d, tx_desc::kAddress, tx_buffers_.device_address + uint64_t{tx_next_} * kBufferSize);
  StoreLe16(d, tx_desc::kLength, static_cast<uint16_t>(frame.size()));
  d[tx_desc::kCommand] =
      std::byte{tx_desc::kCmdEndOfPacket | tx_desc::kCmdInsertFcs | tx_desc::kCmdReportStatus};
  tx_in_flight_[tx_next_] = 1;
  tx_next_ = following;
  io_.Write32(reg::kTdt, tx_next_);
  ++counters_.tx_frames;
  counters_.tx_bytes += frame.size();
  return absl::OkStatus();
}

}  // namespace rampart::netdev::e1000
