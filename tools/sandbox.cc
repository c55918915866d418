#include "tools/sandbox.h"

#include <cap-ng.h>
#include <linux/vfio.h>
#include <pwd.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/lsan.h"
#include "tools/sandbox_policy.h"

namespace rampart::tools {
namespace {

/// Reports a step that was skipped, and why, once.
void Skipped(const SandboxOptions& options, const char* step, const std::string& why) {
  std::fprintf(stderr, "%s: sandbox: %s skipped: %s\n", options.who.c_str(), step, why.c_str());
}

/// The ids to become.
struct Ids {
  uid_t uid;
  gid_t gid;
};

/// @return the ids of --user: "UID[:GID]" taken as numbers (for systems
///         without a user database, like the rig's guest), anything else
///         looked up as a user name (its primary group)
absl::StatusOr<Ids> ResolveUser(const std::string& user) {
  uint32_t uid = 0;
  uint32_t gid = 0;
  const size_t colon = user.find(':');
  const std::string uid_text = user.substr(0, colon);
  if (absl::SimpleAtoi(uid_text, &uid) &&
      (colon == std::string::npos || absl::SimpleAtoi(user.substr(colon + 1), &gid))) {
    return Ids{uid, colon == std::string::npos ? uid : gid};
  }
  // getpwnam may read /etc/passwd: done before the filter forbids open.
  const passwd* entry = ::getpwnam(user.c_str());
  if (entry == nullptr) {
    return absl::NotFoundError(absl::StrCat("sandbox: --user ", user,
                                            ": no such user (give an existing name, e.g. "
                                            "nobody, or UID[:GID])"));
  }
  return Ids{entry->pw_uid, entry->pw_gid};
}

/// Step 1: capabilities (all sets, bounding and ambient included) and, as
/// root, the user.
absl::Status DropCapabilities(const SandboxOptions& options) {
  capng_clear(CAPNG_SELECT_ALL);
  if (geteuid() == 0) {
    const absl::StatusOr<Ids> ids = ResolveUser(options.user);
    if (!ids.ok()) return ids.status();
    if (ids->uid == 0) {
      return absl::InvalidArgumentError("sandbox: --user must not be root (uid 0)");
    }
    const int rc =
        capng_change_id(static_cast<int>(ids->uid), static_cast<int>(ids->gid),
                        static_cast<capng_flags_t>(CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING |
                                                   CAPNG_CLEAR_AMBIENT));
    if (rc != 0) {
      return absl::InternalError(absl::StrCat("sandbox: switching to user ", options.user,
                                              " failed (capng_change_id: ", rc, ")"));
    }
    // capng_change_id keeps only what capng_update asked for: nothing.
    return absl::OkStatus();
  }
  Skipped(options, "user switch", absl::StrCat("not started as root (uid ", getuid(), ")"));
  // Without CAP_SETPCAP the bounding set cannot shrink; the other sets
  // always can.
  const bool can_bound = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP) != 0;
  if (!can_bound) Skipped(options, "bounding set", "no CAP_SETPCAP to clear it");
  const capng_select_t sets =
      can_bound ? CAPNG_SELECT_ALL
                : static_cast<capng_select_t>(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
  if (capng_apply(sets) != 0) {
    return absl::InternalError("sandbox: dropping capabilities failed (capng_apply)");
  }
  return absl::OkStatus();
}

/// Step 3: the seccomp filter from the allow-list.
absl::Status InstallFilter(bool vfio) {
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_KILL_PROCESS);
  if (filter == nullptr) return absl::InternalError("sandbox: seccomp_init failed");
  absl::Status status;
  for (const auto list : {SandboxAllowList(), SanitizerAllowList()}) {
    for (const AllowedSyscall& allowed : list) {
      const int number = seccomp_syscall_resolve_name(allowed.name);
      if (number == __NR_SCMP_ERROR) continue;  // not on this architecture
      if (status.ok() && seccomp_rule_add(filter, SCMP_ACT_ALLOW, number, 0) != 0) {
        status = absl::InternalError(absl::StrCat("sandbox: seccomp rule for ", allowed.name));
      }
    }
  }
  // VFIO: the one ioctl the device needs after it is open, unmapping its
  // DMA regions when it closes; no other ioctl command passes.
  scmp_arg_cmp unmap{};
  unmap.arg = 1;  // the request
  unmap.op = SCMP_CMP_EQ;
  unmap.datum_a = VFIO_IOMMU_UNMAP_DMA;
  if (status.ok() && vfio &&
      seccomp_rule_add_array(filter, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, &unmap) != 0) {
    status = absl::InternalError("sandbox: seccomp rule for the VFIO unmap ioctl");
  }
  if (status.ok()) {
    const int rc = seccomp_load(filter);
    if (rc != 0) {
      status = absl::InternalError(absl::StrCat("sandbox: the kernel refused the seccomp filter (",
                                                std::strerror(-rc), ")"));
    }
  }
  seccomp_release(filter);
  return status;
}

}  // namespace

absl::Status EnterSandbox(const SandboxOptions& options) {
  if (!options.enabled) {
    std::fprintf(stderr,
                 "%s: --no-sandbox: running with every privilege it started with (no "
                 "capability drop, no user switch, no seccomp filter)\n",
                 options.who.c_str());
    return absl::OkStatus();
  }
  if (absl::Status dropped = DropCapabilities(options); !dropped.ok()) return dropped;
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return absl::InternalError(
        absl::StrCat("sandbox: PR_SET_NO_NEW_PRIVS failed: ", std::strerror(errno)));
  }
#ifdef RAMPART_LSAN
  // LeakSanitizer's end-of-process check needs clone, ptrace and open,
  // which the filter forbids: in sanitizer builds it runs here, once, and
  // not at exit (sanitizers/README.md says what that leaves unchecked).
  __lsan_do_leak_check();
#endif
  // Read before the filter, which does not allow getuid/getgid.
  const uid_t uid = getuid();
  const gid_t gid = getgid();
  if (absl::Status filtered = InstallFilter(options.vfio); !filtered.ok()) return filtered;
  // One line that says what is left (the rig's log shows it).
  std::fprintf(stderr,
               "%s: sandbox: uid %u gid %u, no capabilities, no_new_privs, seccomp filter of "
               "%zu syscalls%s\n",
               options.who.c_str(), uid, gid,
               SandboxAllowList().size() + SanitizerAllowList().size(),
               options.vfio ? " and the VFIO unmap ioctl" : "");
  return absl::OkStatus();
}

}  // namespace rampart::tools
