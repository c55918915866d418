// BM_ReadBandwidth: a plain sequential read of an L1-resident buffer, the
// physical limit the other byte-reading benchmarks are judged against.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

void BM_ReadBandwidth(benchmark::State& state) {
  const size_t bytes = static_cast<size_t>(state.range(0));
  std::vector<uint64_t> buffer(bytes / sizeof(uint64_t), 0x0102030405060708ull);
  for (auto _ : state) {
    // Four independent accumulators so the loop is bound by loads, not by
    // one dependency chain; the compiler vectorizes it.
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (size_t i = 0; i + 4 <= buffer.size(); i += 4) {
      a += buffer[i];
      b += buffer[i + 1];
      c += buffer[i + 2];
      d += buffer[i + 3];
    }
    benchmark::DoNotOptimize(a + b + c + d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ReadBandwidth)->Arg(16384);

}  // namespace
