// Whether LeakSanitizer is linked in (ASan brings it; clang's and gcc's
// ways of saying so differ): RAMPART_LSAN is defined then, and the LSan
// interface (__lsan_do_recoverable_leak_check, __lsan::ScopedDisabler) is
// included. Code that calls it guards the calls with #ifdef RAMPART_LSAN.
#ifndef RAMPART_BASE_LSAN_H_
#define RAMPART_BASE_LSAN_H_

#if defined(__SANITIZE_ADDRESS__)
#define RAMPART_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define RAMPART_LSAN 1
#endif
#endif
#ifdef RAMPART_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#endif  // RAMPART_BASE_LSAN_H_
