// BM_Checksum/N/offset: the RFC 1071 sum of N bytes starting at a byte
// offset (0 aligned, 1 odd), through the run-time dispatch (AVX2 when the
// CPU has it, AVX-512 from 512 bytes). BM_ChecksumPortable/N,
// BM_ChecksumAvx2/N and BM_ChecksumAvx512/N: each kernel alone, aligned.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "wire/checksum.h"
#include "wire/checksum_kernels.h"

namespace {

void BM_Checksum(benchmark::State& state) {
  const size_t length = static_cast<size_t>(state.range(0));
  const size_t offset = static_cast<size_t>(state.range(1));
  std::vector<std::byte> buffer(length + 8);
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::byte>(i * 131);
  std::span<const std::byte> data = std::span<const std::byte>(buffer).subspan(offset, length);
  for (auto _ : state) {
    benchmark::DoNotOptimize(rampart::wire::InternetChecksum(data));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(length));
}
BENCHMARK(BM_Checksum)->ArgsProduct({{20, 64, 512, 1472, 9000, 65507}, {0, 1}});

template <uint64_t (*Kernel)(std::span<const std::byte>)>
void KernelBench(benchmark::State& state) {
  const size_t length = static_cast<size_t>(state.range(0));
  std::vector<std::byte> buffer(length);
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::byte>(i * 131);
  for (auto _ : state) benchmark::DoNotOptimize(Kernel(buffer));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(length));
}

void BM_ChecksumPortable(benchmark::State& state) {
  KernelBench<rampart::wire::checksum_kernels::NativeSumPortable>(state);
}
BENCHMARK(BM_ChecksumPortable)->Arg(64)->Arg(1472)->Arg(65507);

void BM_ChecksumAvx2(benchmark::State& state) {
  if (!rampart::wire::checksum_kernels::Avx2Available()) {
    state.SkipWithError("this CPU has no AVX2");
    return;
  }
  KernelBench<rampart::wire::checksum_kernels::NativeSumAvx2>(state);
}
BENCHMARK(BM_ChecksumAvx2)->Arg(1472)->Arg(65507);

void BM_ChecksumAvx512(benchmark::State& state) {
  if (!rampart::wire::checksum_kernels::Avx512Available()) {
    state.SkipWithError("this CPU has no AVX-512 BW");
    return;
  }
  KernelBench<rampart::wire::checksum_kernels::NativeSumAvx512>(state);
}
BENCHMARK(BM_ChecksumAvx512)->Arg(1472)->Arg(65507);

}  // namespace
