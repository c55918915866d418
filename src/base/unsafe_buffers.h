// Fences for the audited exceptions to C++ Safe Buffers
// (-Wunsafe-buffer-usage, clang 16+). Every use is listed in SECURITY.md
// with why it is safe. Other compilers see nothing.
#ifndef RAMPART_BASE_UNSAFE_BUFFERS_H_
#define RAMPART_BASE_UNSAFE_BUFFERS_H_

#if defined(__clang__) && defined(__has_warning)
#if __has_warning("-Wunsafe-buffer-usage")
#define RAMPART_UNSAFE_BUFFERS_BEGIN _Pragma("clang unsafe_buffer_usage begin")
#define RAMPART_UNSAFE_BUFFERS_END _Pragma("clang unsafe_buffer_usage end")
#endif
#endif

#ifndef RAMPART_UNSAFE_BUFFERS_BEGIN
#define RAMPART_UNSAFE_BUFFERS_BEGIN
#define RAMPART_UNSAFE_BUFFERS_END
#endif

#endif  // RAMPART_BASE_UNSAFE_BUFFERS_H_
