#include "netdev/fd.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::netdev {

absl::Status ErrnoStatus(std::string_view what, std::string_view hint) {
  const int error = errno;
  std::string message = absl::StrCat(AbslView(what), ": ", std::strerror(error));
  if (!hint.empty()) absl::StrAppend(&message, " (", AbslView(hint), ")");
  switch (error) {
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return absl::NotFoundError(message);
    case EAGAIN:
    case ENOBUFS:
      return absl::UnavailableError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace rampart::netdev
