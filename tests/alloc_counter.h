// Counts heap allocations: the test binary that links alloc_counter.cc
// replaces the global allocation functions (and only that binary, so the
// replacement cannot affect other tests).
#ifndef RAMPART_TESTS_ALLOC_COUNTER_H_
#define RAMPART_TESTS_ALLOC_COUNTER_H_

#include <cstddef>

namespace rampart::testing {

/// @return how many times operator new has run in this process
size_t HeapAllocations();

}  // namespace rampart::testing

#endif  // RAMPART_TESTS_ALLOC_COUNTER_H_
