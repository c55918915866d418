// Where the UDP layer gets its randomness (ephemeral ports).
#ifndef RAMPART_UDP_RANDOM_SOURCE_H_
#define RAMPART_UDP_RANDOM_SOURCE_H_

#include <cstdint>
#include <memory>

namespace rampart::udp {

/// A source of uniformly distributed 32-bit values. The stack's default is
/// the kernel's CSPRNG; tests and fuzz targets inject a fixed sequence.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  /// @return the next value
  virtual uint32_t Next() = 0;
};

/// Reads getrandom(2), which draws from the kernel CSPRNG. Keeps a small
/// pool so a burst of binds costs one system call.
/// Errors: if getrandom fails for anything but EINTR (which cannot happen
/// on Linux 3.17+ once the pool is initialised) the process has no safe
/// randomness, and this aborts rather than hand out predictable ports.
std::unique_ptr<RandomSource> MakeSystemRandomSource();

}  // namespace rampart::udp

#endif  // RAMPART_UDP_RANDOM_SOURCE_H_
