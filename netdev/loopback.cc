#include "netdev/loopback.h"

#include "absl/strings/str_cat.h"

namespace rampart::netdev {

MemoryDevice::MemoryDevice(std::string name, wire::MacAddress mac, size_t mtu)
    : name_(std::move(name)), mac_(mac), mtu_(mtu) {}

absl::Status MemoryDevice::Transmit(std::span<const std::byte> frame) {
  if (frame.size() < wire::eth_field::kHeaderSize ||
      frame.size() > mtu_ + wire::eth_field::kTaggedHeaderSize) {
    ++counters_.tx_errors;
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": frame of ", frame.size(), " bytes does not fit mtu ", mtu_));
  }
  ++counters_.tx_frames;
  counters_.tx_bytes += frame.size();
  if (peer_ != nullptr) peer_->Inject(frame);
  return absl::OkStatus();
}

void MemoryDevice::Inject(std::span<const std::byte> frame) {
  if (queue_.size() >= kQueueLimit) {
    ++counters_.rx_dropped;
    return;
  }
  queue_.emplace_back(frame.begin(), frame.end());
}

absl::StatusOr<size_t> MemoryDevice::Poll(
    const std::function<void(const stack::RxFrame&)>& on_frame, size_t budget) {
  size_t handed = 0;
  while (handed < budget && !queue_.empty()) {
    // Taken off the queue first: the callback may transmit, and a
    // loopback's transmit appends to this very queue.
    std::vector<std::byte> frame = std::move(queue_.front());
    queue_.pop_front();
    ++counters_.rx_frames;
    counters_.rx_bytes += frame.size();
    on_frame(stack::RxFrame{frame, false});
    ++handed;
  }
  return handed;
}

std::unique_ptr<MemoryDevice> MakeLoopback(wire::MacAddress mac, size_t mtu) {
  auto device = std::make_unique<MemoryDevice>("loopback", mac, mtu);
  device->set_peer(device.get());
  return device;
}

std::pair<std::unique_ptr<MemoryDevice>, std::unique_ptr<MemoryDevice>> MakeLinkedPair(
    wire::MacAddress mac_a, wire::MacAddress mac_b, size_t mtu) {
  auto a = std::make_unique<MemoryDevice>("link:a", mac_a, mtu);
  auto b = std::make_unique<MemoryDevice>("link:b", mac_b, mtu);
  a->set_peer(b.get());
  b->set_peer(a.get());
  return {std::move(a), std::move(b)};
}

std::unique_ptr<MemoryDevice> MakeDiscard(wire::MacAddress mac, size_t mtu) {
  return std::make_unique<MemoryDevice>("discard", mac, mtu);
}

}  // namespace rampart::netdev
