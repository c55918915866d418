// AFL++ custom mutator library: a post-processor that recomputes the
// checksums a fuzz input's layout implies, after every AFL++ mutation.
// It shares its checksum routine with transmit (wire::FillUdpChecksum)
// and its input layout with the targets (harness/udp_rx_layout.h).
//
// Use: AFL_CUSTOM_MUTATOR_LIBRARY=build/release/lib/librampart_afl_mutator.so
//      RAMPART_AFL_TARGET=udp_rx afl-fuzz ...
// Targets without a checksum in their input are passed through unchanged.
// Inputs whose layout asks for raw checksums are left alone, so the reject
// paths stay reachable.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "harness/frame_fixup.h"
#include "harness/udp_rx_layout.h"
#include "wire/bytes.h"

namespace {

struct State {
  bool udp_rx = false;
  bool frame = false;
  std::vector<std::byte> buffer;
};

}  // namespace

extern "C" {

/// Called once by afl-fuzz. @return the mutator state
void* afl_custom_init(void* /*afl*/, unsigned int /*seed*/) {
  auto* state = new State();
  const char* target = std::getenv("RAMPART_AFL_TARGET");
  state->udp_rx = target != nullptr && std::string_view(target) == "udp_rx";
  state->frame = target != nullptr && std::string_view(target) == "frame";
  return state;
}

/// Called on every input before it runs. @return the size of *out_buf
size_t afl_custom_post_process(void* data, uint8_t* buf, size_t buf_size, uint8_t** out_buf) {
  auto* state = static_cast<State*>(data);
  size_t size = buf_size;
  if (state->udp_rx) {
    state->buffer.resize(buf_size);
    (void)rampart::wire::CopyBytes(state->buffer, std::as_bytes(std::span(buf, buf_size)));
    (void)rampart::fuzz::FixUdpRxChecksum(state->buffer);
    *out_buf = reinterpret_cast<uint8_t*>(state->buffer.data());
  } else if (state->frame && buf_size % 4 != 3) {
    // One input length in four keeps its raw checksums (reject paths).
    state->buffer.resize(buf_size);
    (void)rampart::wire::CopyBytes(state->buffer, std::as_bytes(std::span(buf, buf_size)));
    (void)rampart::fuzz::FixFrameChecksums(state->buffer);
    *out_buf = reinterpret_cast<uint8_t*>(state->buffer.data());
  } else {
    *out_buf = buf;
  }
  return size;
}

/// Called once at exit.
void afl_custom_deinit(void* data) { delete static_cast<State*>(data); }

}  // extern "C"
