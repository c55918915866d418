// Fuzz target: IoBuffer, the buffer every datagram travels in, against a
// model that is a plain vector plus head and tail indices.
//
// Input: a sequence of operations, each an opcode byte and an amount byte:
//   0 push n   1 pull n   2 put n   3 trim n   4 narrow (offset, length)
//   5 ensure headroom n   6 append n bytes   7 move out and back
// Oracles: each operation succeeds exactly when the model says it fits,
// and a refused one changes nothing; afterwards size, headroom, tailroom
// and every data byte equal the model's.
#include "udp/io_buffer.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "wire/bytes.h"

namespace {

using rampart::udp::IoBuffer;

/// The model: the data window's bytes, and the room on either side.
struct Model {
  std::vector<std::byte> data;
  size_t headroom = 0;
  size_t tailroom = 0;
};

void Compare(const IoBuffer& buffer, const Model& model) {
  FUZZ_CHECK(buffer.size() == model.data.size());
  FUZZ_CHECK(buffer.headroom() == model.headroom);
  FUZZ_CHECK(buffer.tailroom() == model.tailroom);
  std::span<const std::byte> data = buffer.data();
  FUZZ_CHECK(std::equal(data.begin(), data.end(), model.data.begin(), model.data.end()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  rampart::fuzz::ByteReader in(rampart::wire::AsBytes(std::span<const uint8_t>(raw, size)));
  Model model{{}, in.Byte(), in.Byte()};
  IoBuffer buffer(model.headroom, model.tailroom);
  uint8_t fill = 0;
  for (int op = 0; op < 128 && !in.Rest().empty(); ++op) {
    uint8_t code = in.Byte() % 8;
    size_t n = in.Byte();
    switch (code) {
      case 0: {
        auto pushed = buffer.Push(n);
        FUZZ_CHECK(pushed.ok() == (n <= model.headroom));
        if (pushed.ok()) {
          FUZZ_CHECK(pushed->size() == n);
          for (std::byte& b : *pushed) b = static_cast<std::byte>(++fill);
          std::vector<std::byte> front(pushed->begin(), pushed->end());
          model.data.insert(model.data.begin(), front.begin(), front.end());
          model.headroom -= n;
        }
        break;
      }
      case 1: {
        bool fits = n <= model.data.size();
        FUZZ_CHECK(buffer.Pull(n).ok() == fits);
        if (fits) {
          model.data.erase(model.data.begin(), model.data.begin() + static_cast<long>(n));
          model.headroom += n;
        }
        break;
      }
      case 2: {
        auto put = buffer.Put(n);
        FUZZ_CHECK(put.ok() == (n <= model.tailroom));
        if (put.ok()) {
          for (std::byte b : *put) FUZZ_CHECK(b == std::byte{0});
          model.data.insert(model.data.end(), n, std::byte{0});
          model.tailroom -= n;
        }
        break;
      }
      case 3: {
        bool fits = n <= model.data.size();
        FUZZ_CHECK(buffer.Trim(n).ok() == fits);
        if (fits) {
          model.data.resize(model.data.size() - n);
          model.tailroom += n;
        }
        break;
      }
      case 4: {
        size_t length = in.Byte();
        bool fits = n <= model.data.size() && length <= model.data.size() - n;
        FUZZ_CHECK(buffer.Narrow(n, length).ok() == fits);
        if (fits) {
          model.tailroom += model.data.size() - n - length;
          model.headroom += n;
          model.data = std::vector<std::byte>(model.data.begin() + static_cast<long>(n),
                                              model.data.begin() + static_cast<long>(n + length));
        }
        break;
      }
      case 5:
        buffer.EnsureHeadroom(n);
        model.headroom = model.headroom < n ? n : model.headroom;
        break;
      case 6: {
        std::vector<std::byte> bytes(n, static_cast<std::byte>(++fill));
        bool fits = n <= model.tailroom;
        FUZZ_CHECK(buffer.Append(bytes).ok() == fits);
        if (fits) {
          model.data.insert(model.data.end(), bytes.begin(), bytes.end());
          model.tailroom -= n;
        }
        break;
      }
      default: {
        IoBuffer moved(std::move(buffer));
        FUZZ_CHECK(buffer.size() == 0 && buffer.headroom() == 0 &&
                   buffer.tailroom() == 0);  // NOLINT
        Compare(moved, model);
        buffer = std::move(moved);
        break;
      }
    }
    Compare(buffer, model);
  }
  IoBuffer copy = IoBuffer::CopyOf(buffer.data(), model.headroom);
  FUZZ_CHECK(copy.size() == buffer.size() && copy.headroom() == model.headroom);
  return 0;
}
