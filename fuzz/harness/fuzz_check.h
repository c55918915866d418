// Assertions for fuzz harnesses: active in every build (unlike assert), so
// a broken oracle fails the replay tests in release builds too.
#ifndef RAMPART_FUZZ_HARNESS_FUZZ_CHECK_H_
#define RAMPART_FUZZ_HARNESS_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

/// Aborts with file, line and the failed condition when `cond` is false.
#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: fuzz oracle failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

#endif  // RAMPART_FUZZ_HARNESS_FUZZ_CHECK_H_
