// Assertions for fuzz harnesses: active in every build (unlike assert), so
// a broken oracle fails the replay tests in release builds too.
#ifndef RAMPART_FUZZ_HARNESS_FUZZ_CHECK_H_
#define RAMPART_FUZZ_HARNESS_FUZZ_CHECK_H_

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>

/// Aborts with file, line and the failed condition when `cond` is false.
#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: fuzz oracle failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace rampart::fuzz {

/// @return true if a and b hold the same bytes. One memcmp: an oracle
/// comparing kilobytes of payload should not cost a traced comparison per
/// byte (std::equal over std::byte does, in a fuzzing build).
inline bool SameBytes(std::span<const std::byte> a, std::span<const std::byte> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_FUZZ_CHECK_H_
