#include "udp/port_allocator.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::udp {

absl::Status ValidatePortRange(PortRange range) {
  absl::Status status;
  if (range.size() == 0 || range.first == 0) {
    status = absl::InvalidArgumentError(absl::StrCat("ephemeral port range ", range.first, "-",
                                                     range.last,
                                                     " must be non-empty and exclude port 0"));
  }
  return status;
}

PortAllocator::PortAllocator(RandomSource& random, PortRange ephemeral)
    : random_(random), ephemeral_(ephemeral) {}

bool PortAllocator::InUse(wire::IpFamily family, uint16_t port) const {
  return owners_.contains(Key(family, port));
}

void PortAllocator::Acquire(wire::IpFamily family, uint16_t port) { ++owners_[Key(family, port)]; }

void PortAllocator::Release(wire::IpFamily family, uint16_t port) {
  auto it = owners_.find(Key(family, port));
  if (it != owners_.end() && --it->second == 0) {
    owners_.erase(it);
  }
}

absl::StatusOr<uint16_t> PortAllocator::PickFree(wire::IpFamily family, bool privileged) {
  PortRange range = privileged ? kPrivilegedRange : ephemeral_;
  uint32_t count = range.size();
  std::optional<uint16_t> found;
  uint32_t offset = count > 0 ? random_.Next() % count : 0;
  for (uint32_t tried = 0; tried < count && !found.has_value(); ++tried) {
    auto port = static_cast<uint16_t>(range.first + (offset + tried) % count);
    if (!InUse(family, port)) {
      found = port;
    }
  }
  return found.has_value() ? absl::StatusOr<uint16_t>(*found)
                           : absl::StatusOr<uint16_t>(absl::ResourceExhaustedError(
                                 absl::StrCat("no free ", AbslView(wire::FamilyName(family)),
                                              " UDP port in ", range.first, "-", range.last)));
}

}  // namespace rampart::udp
