#include "tools/sandbox_policy.h"

#include <array>

namespace rampart::tools {
namespace {

// Found by reading the loop (tools/live.cc, the devices in netdev/) and
// checked with `strace -f` on the interop runs. No open, socket, exec,
// fork, ptrace or ioctl: nothing here can reach a new file, device,
// process or network.
constexpr std::array<AllowedSyscall, 35> kAllowList = {{
    {"read", "TAP reads frames; pcap:IN reads its file; stdio"},
    {"write", "TAP and pcap writes; --capture; stdout/stderr (ready line, stats)"},
    {"readv", "glibc stdio may gather reads"},
    {"writev", "glibc stdio and abort messages scatter writes"},
    {"recvfrom", "AF_PACKET without a ring falls back to recv"},
    {"sendto", "AF_PACKET: the tx ring doorbell (send with a null buffer)"},
    {"recvmsg", "AF_PACKET auxiliary data"},
    {"sendmsg", "AF_PACKET transmit"},
    {"poll", "the loop waits on the device's descriptor"},
    {"ppoll", "poll(2) as glibc implements it on some kernels"},
    {"getsockopt", "AF_PACKET: SO_ERROR after a poll error (a link that went down)"},
    {"getsockname", "AF_PACKET: the bound interface index, -1 once the interface is deleted"},
    {"lseek", "pcap:IN and --capture: stdio file positioning"},
    {"fstat", "stdio's first use of a stream"},
    {"newfstatat", "stdio's first use of a stream (newer glibc)"},
    {"close", "closing the device and the capture at exit"},
    {"clock_gettime", "the stack's millisecond clock (usually the vDSO, not a syscall)"},
    {"clock_nanosleep", "devices without a descriptor sleep 1 ms between polls"},
    {"nanosleep", "the same, on older glibc"},
    {"getrandom", "RFC 6056 ephemeral ports and IP identifications (kernel CSPRNG)"},
    {"brk", "the allocator (the receive path allocates nothing after warm-up)"},
    {"mmap", "the allocator's large blocks"},
    {"munmap", "the allocator's large blocks"},
    {"mremap", "the allocator growing a large block"},
    {"madvise", "the allocator returning memory"},
    {"futex", "glibc's stdio locks"},
    {"rt_sigreturn", "returning from the SIGINT/SIGTERM handler"},
    {"rt_sigprocmask", "glibc's abort and signal handling"},
    {"rt_sigaction", "glibc's abort resets the SIGABRT handler"},
    {"restart_syscall", "a poll interrupted by a stop signal"},
    {"getpid", "abort() raising SIGABRT on itself"},
    {"gettid", "abort() raising SIGABRT on itself"},
    {"tgkill", "abort() raising SIGABRT on itself"},
    {"exit", "thread exit"},
    {"exit_group", "process exit"},
}};

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define RAMPART_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define RAMPART_SANITIZED 1
#endif
#endif

#ifdef RAMPART_SANITIZED
// Test builds with a sanitizer only. Still no open, socket or exec.
constexpr std::array<AllowedSyscall, 4> kSanitizerAllowList = {{
    {"pipe2", "ASan probes whether memory is readable by writing it to a pipe"},
    {"pipe", "the same, on older runtimes"},
    {"sched_yield", "the sanitizer runtime's spin locks"},
    {"sigaltstack", "the sanitizer runtime's signal stack"},
}};
#endif

}  // namespace

std::span<const AllowedSyscall> SandboxAllowList() { return kAllowList; }

std::span<const AllowedSyscall> SanitizerAllowList() {
#ifdef RAMPART_SANITIZED
  return kSanitizerAllowList;
#else
  return {};
#endif
}

}  // namespace rampart::tools
