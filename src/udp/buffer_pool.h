// A bounded pool of receive buffers: a delivery copies its payload into
// one, and the buffer comes back when its last owner (queue or receiver)
// drops it. After warm-up, receiving allocates nothing.
#ifndef RAMPART_UDP_BUFFER_POOL_H_
#define RAMPART_UDP_BUFFER_POOL_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "udp/io_buffer.h"

namespace rampart::udp {

/// Buffers of one size, at most `capacity` of them in use at once, made on
/// first need and recycled afterwards. Each buffer keeps `headroom` bytes
/// in front of the payload, so a receiver can push headers and send it
/// back without a copy. Not thread-safe: buffers must be dropped on the
/// thread that drives the stack (which is why the lifetime below needs no
/// atomic reference count: two atomic operations per datagram were a
/// measurable part of the receive path).
///
/// Lifetime: the pool lives while its Owner does or any buffer is out;
/// whichever of the two goes last frees it.
class BufferPool {
 public:
  /// The owning handle (move-only). When it goes, the pool frees itself at
  /// once if no buffer is out, or when the last one comes back.
  class Owner {
   public:
    Owner() = default;
    explicit Owner(BufferPool* pool) : pool_(pool) {}
    Owner(Owner&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)) {}
    Owner& operator=(Owner&& other) noexcept {
      if (this != &other) {
        Release();
        pool_ = std::exchange(other.pool_, nullptr);
      }
      return *this;
    }
    Owner(const Owner&) = delete;
    Owner& operator=(const Owner&) = delete;
    ~Owner() { Release(); }

    BufferPool* operator->() const { return pool_; }
    BufferPool& operator*() const { return *pool_; }

   private:
    void Release() {
      if (pool_ != nullptr) std::exchange(pool_, nullptr)->Abandon();
    }
    BufferPool* pool_ = nullptr;
  };

  /// @param capacity     buffers in use at most (0: every Take fails)
  /// @param payload_size largest payload a buffer holds
  /// @param headroom     bytes kept in front of the payload
  /// @return the pool's owner
  static Owner Create(size_t capacity, size_t payload_size, size_t headroom);

  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  /// Copies `payload` into a free buffer.
  /// @return the buffer, its data window exactly the payload; nullopt when
  ///         the payload is larger than payload_size() or every buffer is
  ///         in use
  std::optional<IoBuffer> Take(std::span<const std::byte> payload);

  /// @return the largest payload a buffer holds
  size_t payload_size() const { return payload_size_; }
  /// @return buffers handed out and not yet back
  size_t in_use() const { return in_use_; }
  /// @return the bound on in_use()
  size_t capacity() const { return capacity_; }

 private:
  friend class IoBuffer;
  BufferPool(size_t capacity, size_t payload_size, size_t headroom);
  ~BufferPool() = default;
  /// Takes back a buffer's store (called by IoBuffer when it lets go).
  void Recycle(std::vector<std::byte>&& store);
  /// The owner is gone: free now, or when the last buffer comes back.
  void Abandon();

  size_t capacity_;
  size_t payload_size_;
  size_t headroom_;
  size_t in_use_ = 0;
  bool abandoned_ = false;
  std::vector<std::vector<std::byte>> free_;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_BUFFER_POOL_H_
