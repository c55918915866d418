// An owned byte buffer with headroom and tailroom, for building and
// handing on datagrams (iPXE's I/O buffer).
#ifndef RAMPART_UDP_IO_BUFFER_H_
#define RAMPART_UDP_IO_BUFFER_H_

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rampart::udp {

class BufferPool;

/// A contiguous store with a data window [head, tail) inside it:
///
///   | headroom | data | tailroom |
///
/// Push/Pull grow and shrink the window at the front (headers), Put/Trim at
/// the back (payload). Move-only: exactly one owner at a time. A moved-from
/// buffer is empty with no room. A buffer taken from a BufferPool goes back
/// to it when destroyed (or assigned over).
class IoBuffer {
 public:
  /// An empty buffer with no room.
  IoBuffer() = default;
  /// @param headroom bytes reserved in front of the (empty) data window
  /// @param tailroom bytes available after it
  IoBuffer(size_t headroom, size_t tailroom);
  /// A buffer whose data is a copy of `bytes`, with `headroom` in front.
  static IoBuffer CopyOf(std::span<const std::byte> bytes, size_t headroom = 0);

  IoBuffer(IoBuffer&& other) noexcept;
  IoBuffer& operator=(IoBuffer&& other) noexcept;
  IoBuffer(const IoBuffer&) = delete;
  IoBuffer& operator=(const IoBuffer&) = delete;
  ~IoBuffer();

  /// @return the data window
  std::span<std::byte> data() { return std::span<std::byte>(store_).subspan(head_, tail_ - head_); }
  std::span<const std::byte> data() const {
    return std::span<const std::byte>(store_).subspan(head_, tail_ - head_);
  }
  size_t size() const { return tail_ - head_; }
  size_t headroom() const { return head_; }
  size_t tailroom() const { return store_.size() - tail_; }

  /// Grows the window at the front.
  /// @param n bytes to prepend
  /// @return the n new bytes (contents unspecified); OutOfRange if the
  ///         headroom is smaller than n (nothing changes)
  absl::StatusOr<std::span<std::byte>> Push(size_t n);
  /// Shrinks the window at the front.
  /// @return OutOfRange if fewer than n bytes are held (nothing changes)
  absl::Status Pull(size_t n);
  /// Grows the window at the back.
  /// @return the n new bytes (zeroed); OutOfRange if the tailroom is
  ///         smaller than n (nothing changes)
  absl::StatusOr<std::span<std::byte>> Put(size_t n);
  /// Appends a copy of bytes at the back.
  /// @return OutOfRange if the tailroom is too small (nothing changes)
  absl::Status Append(std::span<const std::byte> bytes);
  /// Shrinks the window at the back (iPXE's "unput").
  /// @return OutOfRange if fewer than n bytes are held (nothing changes)
  absl::Status Trim(size_t n);
  /// Shrinks the window to [offset, offset + length) of the current data.
  /// @return OutOfRange if that range is not inside the data
  absl::Status Narrow(size_t offset, size_t length);
  /// Makes sure at least n bytes of headroom exist, moving the data into a
  /// larger store if needed.
  void EnsureHeadroom(size_t n);

 private:
  friend class BufferPool;
  IoBuffer(std::vector<std::byte> store, size_t head, size_t tail, BufferPool* home);
  /// Adds n bytes at the back without clearing them (the caller
  /// overwrites every one).
  /// @return the added bytes; OutOfRange if the tailroom is short
  absl::StatusOr<std::span<std::byte>> Extend(size_t n);
  /// Hands the store back to its pool, if it has one.
  void ReturnToPool();

  std::vector<std::byte> store_;
  size_t head_ = 0;
  size_t tail_ = 0;
  /// The pool the store goes back to, or null (see BufferPool's lifetime).
  BufferPool* home_ = nullptr;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_IO_BUFFER_H_
