#include "wire/bytes.h"

#include <algorithm>

namespace rampart::wire {

bool CopyBytes(std::span<std::byte> destination, std::span<const std::byte> source) {
  bool fits = source.size() <= destination.size();
  if (fits) {
    std::ranges::copy(source, destination.begin());
  }
  return fits;
}

}  // namespace rampart::wire
