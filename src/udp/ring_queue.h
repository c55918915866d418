// A first-in first-out queue of fixed capacity over one allocation made at
// construction: pushing and popping never allocate.
#ifndef RAMPART_UDP_RING_QUEUE_H_
#define RAMPART_UDP_RING_QUEUE_H_

#include <cstddef>
#include <utility>
#include <vector>

namespace rampart::udp {

/// A bounded FIFO of move-only or copyable values. Not thread-safe.
template <typename T>
class RingQueue {
 public:
  /// @param capacity the most values it holds at once
  explicit RingQueue(size_t capacity) : slots_(capacity) {}

  /// @return true if it holds capacity() values
  bool full() const { return size_ == slots_.size(); }
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return slots_.size(); }

  /// Appends a value.
  /// @return false (and nothing changes) when full
  bool Push(T value) {
    if (full()) return false;
    slots_[(head_ + size_) % slots_.size()] = std::move(value);
    ++size_;
    return true;
  }

  /// @return the oldest value; only call when !empty()
  T& front() { return slots_[head_]; }

  /// Removes the oldest value and returns it; only call when !empty().
  T Pop() {
    T value = std::move(slots_[head_]);
    head_ = (head_ + 1) % slots_.size();
    --size_;
    return value;
  }

 private:
  std::vector<T> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_RING_QUEUE_H_
