// The command's least privilege: once its device (and, for VFIO, its DMA
// mappings and BAR) is open and before the first frame is read, `rampart
// echo` and `rampart send` drop everything they no longer need. The library
// stays policy-free; this is the command's own step (README "Least
// privilege" tells embedders how to do the same).
#ifndef RAMPART_TOOLS_SANDBOX_H_
#define RAMPART_TOOLS_SANDBOX_H_

#include <string>

#include "absl/status/status.h"

namespace rampart::tools {

/// What to drop, and how.
struct SandboxOptions {
  /// false (--no-sandbox): take none of the steps (says so on stderr).
  bool enabled = true;
  /// The unprivileged user (and its primary group) to become when started
  /// as root (--user).
  std::string user = "nobody";
  /// The device is a VFIO one: its close at exit unmaps DMA with one ioctl
  /// (VFIO_IOMMU_UNMAP_DMA), which the filter then allows, that command
  /// only.
  bool vfio = false;
  /// The prefix for the messages on stderr, e.g. "rampart echo".
  std::string who = "rampart";
};

/// Enters the sandbox, in this order:
///  1. drops every capability (effective, permitted, inheritable, ambient
///     and the bounding set) with libcap-ng; when started as root it also
///     switches to `user` and that user's group, with no supplementary
///     groups;
///  2. sets PR_SET_NO_NEW_PRIVS;
///  3. installs the seccomp filter (tools/sandbox_policy.cc): the syscalls
///     the poll loop needs on descriptors already open, everything else
///     kills the process (SIGSYS).
/// A step that cannot be taken where it is not needed (not root: no user
/// to leave) is reported once on stderr and skipped; the rest go on.
/// @return OK; an error naming the step that failed where it was needed
///         (an unknown user, a failed id switch, a filter the kernel
///         refused) — the caller must then stop, not run unconfined
absl::Status EnterSandbox(const SandboxOptions& options);

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_SANDBOX_H_
