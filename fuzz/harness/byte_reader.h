// Consumes a fuzz input from the front. Reads past the end yield zeros,
// so every input, however short, maps to some configuration.
#ifndef RAMPART_FUZZ_HARNESS_BYTE_READER_H_
#define RAMPART_FUZZ_HARNESS_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace rampart::fuzz {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> input) : input_(input) {}

  /// @return the next byte, or 0 past the end
  uint8_t Byte() {
    uint8_t value = 0;
    if (!input_.empty()) {
      value = std::to_integer<uint8_t>(input_.front());
      input_ = input_.subspan(1);
    }
    return value;
  }
  /// @return the next two bytes, big-endian
  uint16_t U16() {
    auto high = static_cast<uint16_t>(Byte() << 8);
    return static_cast<uint16_t>(high | Byte());
  }
  /// Fills `out` from the input (zeros past the end).
  void Fill(std::span<uint8_t> out) {
    for (uint8_t& b : out) b = Byte();
  }
  /// @return up to n bytes, fewer if the input runs out
  std::span<const std::byte> Take(size_t n) {
    size_t k = n < input_.size() ? n : input_.size();
    std::span<const std::byte> taken = input_.first(k);
    input_ = input_.subspan(k);
    return taken;
  }
  /// @return everything not consumed yet
  std::span<const std::byte> Rest() const { return input_; }

 private:
  std::span<const std::byte> input_;
};

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_BYTE_READER_H_
