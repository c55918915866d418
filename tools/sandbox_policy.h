// The seccomp allow-list of `rampart echo` and `rampart send`: one place,
// one line per syscall with who needs it.
#ifndef RAMPART_TOOLS_SANDBOX_POLICY_H_
#define RAMPART_TOOLS_SANDBOX_POLICY_H_

#include <span>

namespace rampart::tools {

/// One allowed syscall and why.
struct AllowedSyscall {
  const char* name;  ///< as libseccomp names it (seccomp_syscall_resolve_name)
  const char* why;   ///< who needs it
};

/// @return the syscalls the poll loop may make after the sandbox is on;
///         every other syscall kills the process
std::span<const AllowedSyscall> SandboxAllowList();

/// @return the syscalls a sanitizer runtime (ASan, UBSan) needs besides,
///         in builds with one; empty in every other build, the shipped one
///         included
std::span<const AllowedSyscall> SanitizerAllowList();

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_SANDBOX_POLICY_H_
