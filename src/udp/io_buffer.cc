#include "udp/io_buffer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "udp/buffer_pool.h"
#include "wire/bytes.h"

namespace rampart::udp {
namespace {

absl::Status NoRoom(const char* what, size_t wanted, size_t have) {
  return absl::OutOfRangeError(
      absl::StrCat("io buffer ", what, ": wanted ", wanted, " bytes, have ", have));
}

}  // namespace

IoBuffer::IoBuffer(size_t headroom, size_t tailroom)
    : store_(headroom + tailroom), head_(headroom), tail_(headroom) {}

IoBuffer IoBuffer::CopyOf(std::span<const std::byte> bytes, size_t headroom) {
  IoBuffer buffer(headroom, bytes.size());
  (void)buffer.Append(bytes);  // fits by construction
  return buffer;
}

IoBuffer::IoBuffer(std::vector<std::byte> store, size_t head, size_t tail, BufferPool* home)
    : store_(std::move(store)), head_(head), tail_(tail), home_(home) {}

IoBuffer::IoBuffer(IoBuffer&& other) noexcept
    : store_(std::exchange(other.store_, {})),
      head_(std::exchange(other.head_, 0)),
      tail_(std::exchange(other.tail_, 0)),
      home_(std::exchange(other.home_, nullptr)) {}

IoBuffer& IoBuffer::operator=(IoBuffer&& other) noexcept {
  if (this != &other) {
    ReturnToPool();
    store_ = std::exchange(other.store_, {});
    head_ = std::exchange(other.head_, 0);
    tail_ = std::exchange(other.tail_, 0);
    home_ = std::exchange(other.home_, nullptr);
  }
  return *this;
}

IoBuffer::~IoBuffer() { ReturnToPool(); }

void IoBuffer::ReturnToPool() {
  if (home_ == nullptr) return;
  std::exchange(home_, nullptr)->Recycle(std::move(store_));
  store_ = {};
  head_ = 0;
  tail_ = 0;
}

absl::StatusOr<std::span<std::byte>> IoBuffer::Push(size_t n) {
  absl::StatusOr<std::span<std::byte>> result = std::span<std::byte>();
  if (n <= head_) {
    head_ -= n;
    result = std::span<std::byte>(store_).subspan(head_, n);
  } else {
    result = NoRoom("push", n, head_);
  }
  return result;
}

absl::Status IoBuffer::Pull(size_t n) {
  absl::Status status;
  if (n <= size()) {
    head_ += n;
  } else {
    status = NoRoom("pull", n, size());
  }
  return status;
}

absl::StatusOr<std::span<std::byte>> IoBuffer::Put(size_t n) {
  absl::StatusOr<std::span<std::byte>> added = Extend(n);
  if (added.ok()) wire::ZeroBytes(*added);
  return added;
}

absl::StatusOr<std::span<std::byte>> IoBuffer::Extend(size_t n) {
  if (n > tailroom()) return NoRoom("put", n, tailroom());
  std::span<std::byte> added = std::span<std::byte>(store_).subspan(tail_, n);
  tail_ += n;
  return added;
}

absl::Status IoBuffer::Append(std::span<const std::byte> bytes) {
  // Extend, not Put: the copy overwrites every added byte, so zeroing
  // them first would only double the work.
  absl::StatusOr<std::span<std::byte>> room = Extend(bytes.size());
  absl::Status status = room.status();
  if (room.ok() && !wire::CopyBytes(*room, bytes)) {
    status = absl::InternalError("io buffer append: copy did not fit");
  }
  return status;
}

absl::Status IoBuffer::Trim(size_t n) {
  absl::Status status;
  if (n <= size()) {
    tail_ -= n;
  } else {
    status = NoRoom("trim", n, size());
  }
  return status;
}

absl::Status IoBuffer::Narrow(size_t offset, size_t length) {
  absl::Status status;
  if (offset <= size() && length <= size() - offset) {
    tail_ = head_ + offset + length;
    head_ += offset;
  } else {
    status = NoRoom("narrow", offset + length, size());
  }
  return status;
}

void IoBuffer::EnsureHeadroom(size_t n) {
  if (head_ < n) {
    std::vector<std::byte> grown(n + size() + tailroom());
    (void)wire::CopyBytes(std::span<std::byte>(grown).subspan(n), data());
    tail_ = n + size();
    head_ = n;
    store_ = std::move(grown);
  }
}

}  // namespace rampart::udp
