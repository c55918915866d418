#include "harness/fake_e1000.h"

#include <algorithm>
#include <utility>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define RAMPART_FAKE_POISONS 1
#endif
#endif

#include "netdev/e1000/registers.h"
#include "wire/bytes.h"

namespace rampart::fuzz {
namespace e = netdev::e1000;

namespace {

/// The DMA arenas and register files of destroyed fakes, for the next.
std::vector<std::pair<std::vector<std::byte>, std::vector<uint32_t>>>& Spares() {
  static std::vector<std::pair<std::vector<std::byte>, std::vector<uint32_t>>> spares;
  return spares;
}

constexpr size_t kPage = 4096;
/// Enough for the largest rings the tests ask for (2 x 4096 slots of
/// 2 KiB buffers with descriptors and gaps).
constexpr size_t kArenaSize = 20 * 1024 * 1024;

/// Marks bytes as off limits to the driver (ASan builds only).
void Poison(std::span<std::byte> bytes) {
#ifdef RAMPART_FAKE_POISONS
  ASAN_POISON_MEMORY_REGION(bytes.data(), bytes.size());
#else
  (void)bytes;
#endif
}

/// Lifts Poison.
void Unpoison(std::span<std::byte> bytes) {
#ifdef RAMPART_FAKE_POISONS
  ASAN_UNPOISON_MEMORY_REGION(bytes.data(), bytes.size());
#else
  (void)bytes;
#endif
}

}  // namespace

FakeE1000::~FakeE1000() {
  Unpoison(std::span<std::byte>(arena_).first(arena_used_));  // only what was handed out
  Spares().emplace_back(std::move(arena_), std::move(registers_));
}

FakeE1000::FakeE1000() {
  if (Spares().empty()) {
    arena_.resize(kArenaSize);
    registers_.resize(kRegisterSpace / 4);
  } else {
    arena_ = std::move(Spares().back().first);
    registers_ = std::move(Spares().back().second);
    Spares().pop_back();
    wire::ZeroBytes(std::as_writable_bytes(std::span<uint32_t>(registers_)));
  }
  SetRegister(e::reg::kStatus, e::status::kLinkUp | 0x1 | 0x80);
  // RAL0/RAH0 preloaded with 52:54:00:12:34:56 and AV, as QEMU does.
  SetRegister(e::reg::kRal0, 0x12005452);
  SetRegister(e::reg::kRah0, 0x5634 | e::kRahAddressValid);
}

void FakeE1000::SetRegister(uint32_t offset, uint32_t value) {
  if (offset < kRegisterSpace) registers_[offset / 4] = value;
}

uint32_t FakeE1000::Register(uint32_t offset) const {
  return offset < kRegisterSpace ? registers_[offset / 4] : 0;
}

uint32_t FakeE1000::Read32(uint32_t offset) {
  if (read_override) {
    if (std::optional<uint32_t> value = read_override(offset)) return *value;
  }
  uint32_t value = Register(offset);
  if (offset == e::reg::kCtrl) value &= ~e::ctrl::kReset;  // reset completes at once
  return value;
}

void FakeE1000::Write32(uint32_t offset, uint32_t value) {
  SetRegister(offset, value);
  if (offset == e::reg::kRdt) rdt_writes.push_back(value);
  if (offset != e::reg::kTdt) return;
  tdt_writes.push_back(value);
  if (!transmit_on_doorbell) return;
  const uint32_t size = Register(e::reg::kTdlen) / 16;
  if (size == 0) return;
  uint32_t head = Register(e::reg::kTdh) % size;
  const uint32_t tail = value % size;
  for (size_t guard = 0; head != tail && guard < size; ++guard) {
    std::span<std::byte> d = Descriptor(e::reg::kTdbal, e::reg::kTdbah, head);
    if (d.size() == 16) {
      uint64_t address = 0;
      for (size_t i = 0; i < 8; ++i) address |= uint64_t{std::to_integer<uint8_t>(d[i])} << (8 * i);
      const size_t length = std::to_integer<size_t>(d[8]) | std::to_integer<size_t>(d[9]) << 8;
      std::span<std::byte> frame = Dma(address, length);
      transmitted.emplace_back(frame.begin(), frame.end());
      d[e::tx_desc::kStatus] = std::byte{e::tx_desc::kDone};
    }
    head = (head + 1) % size;
  }
  SetRegister(e::reg::kTdh, head);
}

absl::StatusOr<netdev::e1000::DmaRegion> FakeE1000::Allocate(size_t size) {
  if (!allocations_succeed) return absl::ResourceExhaustedError("fake: no DMA memory");
  const size_t length = (std::max<size_t>(size, 1) + kPage - 1) / kPage * kPage;
  if (length + kPage > arena_.size() - arena_used_) {
    return absl::ResourceExhaustedError("fake: DMA arena full");
  }
  std::span<std::byte> bytes = std::span<std::byte>(arena_).subspan(arena_used_, length);
  wire::ZeroBytes(bytes);
  Poison(std::span<std::byte>(arena_).subspan(arena_used_ + length, kPage));
  arena_used_ += length + kPage;
  regions_.push_back(bytes);
  region_addresses_.push_back(next_address_);
  netdev::e1000::DmaRegion region{bytes, next_address_};
  next_address_ += length + kPage;  // a guard gap between regions
  return region;
}

std::span<std::byte> FakeE1000::Dma(uint64_t device_address, size_t size) {
  for (size_t i = 0; i < regions_.size(); ++i) {
    const uint64_t base = region_addresses_[i];
    if (device_address >= base && device_address - base <= regions_[i].size() &&
        size <= regions_[i].size() - (device_address - base)) {
      return regions_[i].subspan(device_address - base, size);
    }
  }
  return {};
}

std::span<std::byte> FakeE1000::Descriptor(uint32_t base_low, uint32_t base_high, uint32_t slot) {
  const uint64_t base = uint64_t{Register(base_high)} << 32 | Register(base_low);
  return Dma(base + uint64_t{slot} * 16, 16);
}

bool FakeE1000::DeliverFrame(std::span<const std::byte> frame) {
  const uint32_t size = Register(e::reg::kRdlen) / 16;
  if (size == 0 || (Register(e::reg::kRctl) & e::rctl::kEnable) == 0) return false;
  const uint32_t head = Register(e::reg::kRdh) % size;
  if (head == Register(e::reg::kRdt) % size) return false;
  std::span<std::byte> d = Descriptor(e::reg::kRdbal, e::reg::kRdbah, head);
  if (d.size() != 16) return false;
  uint64_t address = 0;
  for (size_t i = 0; i < 8; ++i) address |= uint64_t{std::to_integer<uint8_t>(d[i])} << (8 * i);
  std::span<std::byte> buffer = Dma(address, frame.size());
  if (buffer.size() != frame.size()) return false;
  (void)wire::CopyBytes(buffer, frame);
  d[8] = static_cast<std::byte>(frame.size() & 0xFF);
  d[9] = static_cast<std::byte>(frame.size() >> 8);
  d[e::rx_desc::kErrors] = std::byte{0};
  d[e::rx_desc::kStatus] = std::byte{e::rx_desc::kDone | e::rx_desc::kEndOfPacket};
  SetRegister(e::reg::kRdh, (head + 1) % size);
  return true;
}

}  // namespace rampart::fuzz
