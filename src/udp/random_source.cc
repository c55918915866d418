#include "udp/random_source.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <span>

namespace rampart::udp {
namespace {

class SystemRandomSource final : public RandomSource {
 public:
  uint32_t Next() override {
    if (next_ == pool_.size()) {
      Refill();
    }
    return pool_[next_++];
  }

 private:
  void Refill() {
    std::span<std::byte> bytes = std::as_writable_bytes(std::span(pool_));
    size_t filled = 0;
    while (filled < bytes.size()) {
      std::span<std::byte> rest = bytes.subspan(filled);
      ssize_t got = getrandom(rest.data(), rest.size(), 0);
      if (got < 0 && errno != EINTR) {
        (void)std::fputs("rampart: getrandom failed; refusing predictable ports\n", stderr);
        std::abort();
      }
      filled += got > 0 ? static_cast<size_t>(got) : 0;
    }
    next_ = 0;
  }

  std::array<uint32_t, 64> pool_{};
  size_t next_ = pool_.size();
};

}  // namespace

std::unique_ptr<RandomSource> MakeSystemRandomSource() {
  return std::make_unique<SystemRandomSource>();
}

}  // namespace rampart::udp
