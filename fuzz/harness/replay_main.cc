// A plain driver that runs every input of the given files and folders
// through LLVMFuzzerTestOneInput once: how ctest replays seed corpora and
// crash regressions without libFuzzer. Exits non-zero if a path is missing
// or nothing was replayed; an oracle failure aborts with its message.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool ReplayFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  bool ok = file.good() || file.eof();
  if (ok) {
    std::vector<uint8_t> input(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  size_t replayed = 0;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path root(argv[i]);
    std::error_code error;
    if (std::filesystem::is_regular_file(root, error)) {
      replayed += ReplayFile(root) ? 1 : 0;
    } else if (std::filesystem::is_directory(root, error)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        std::fprintf(stderr, "replay %s\n", file.c_str());
        replayed += ReplayFile(file) ? 1 : 0;
      }
    } else {
      std::fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
      status = 2;
    }
  }
  std::printf("replayed %zu inputs\n", replayed);
  return replayed == 0 ? 1 : status;
}
