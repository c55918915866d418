#include "udp/buffer_pool.h"

#include <utility>

#include "wire/bytes.h"

namespace rampart::udp {

BufferPool::BufferPool(size_t capacity, size_t payload_size, size_t headroom)
    : capacity_(capacity), payload_size_(payload_size), headroom_(headroom) {
  free_.reserve(capacity);
}

BufferPool::Owner BufferPool::Create(size_t capacity, size_t payload_size, size_t headroom) {
  return Owner(new BufferPool(capacity, payload_size, headroom));
}

void BufferPool::Abandon() {
  abandoned_ = true;
  if (in_use_ == 0) delete this;
}

std::optional<IoBuffer> BufferPool::Take(std::span<const std::byte> payload) {
  if (payload.size() > payload_size_ || in_use_ >= capacity_) return std::nullopt;
  std::vector<std::byte> store;
  if (free_.empty()) {
    store.resize(headroom_ + payload_size_);
  } else {
    store = std::move(free_.back());
    free_.pop_back();
  }
  ++in_use_;
  (void)wire::CopyBytes(std::span<std::byte>(store).subspan(headroom_, payload.size()), payload);
  return IoBuffer(std::move(store), headroom_, headroom_ + payload.size(), this);
}

void BufferPool::Recycle(std::vector<std::byte>&& store) {
  --in_use_;
  // A receiver that grew the buffer (EnsureHeadroom) hands back another
  // store; only stores of the pool's own size are kept.
  if (abandoned_) {
    if (in_use_ == 0) delete this;
    return;
  }
  if (store.size() == headroom_ + payload_size_ && free_.size() < capacity_) {
    free_.push_back(std::move(store));
  }
}

}  // namespace rampart::udp
