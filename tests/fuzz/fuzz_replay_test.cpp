// Replays every seed input (fuzz/corpus/<target>/) and every input a fuzzer once
// crashed on (fuzz/regressions/<target>/) through the fuzz targets' bodies
// (fuzz/fuzz_targets.hpp): each must end in a value or a documented regkit error. Runs
// in every build, so the sanitizer preset checks them under ASan + UBSan as well.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

namespace regkit::fuzz {
namespace {

using Body = void (*)(const std::uint8_t*, std::size_t);

struct Target {
  const char* name;
  Body body;
};

class FuzzReplay : public ::testing::TestWithParam<Target> {};

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_P(FuzzReplay, SeedsAndRegressionsEndInAValueOrADocumentedError) {
  const Target target = GetParam();
  int replayed = 0;
  for (const char* folder : {"corpus", "regressions"}) {
    const std::filesystem::path dir = std::filesystem::path(REGKIT_FUZZ_DIR) / folder / target.name;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
      SCOPED_TRACE(entry.path().string());
      const auto bytes = read_bytes(entry.path());
      target.body(bytes.data(), bytes.size());  // a crash or a foreign exception fails
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0) << "no seed inputs for " << target.name;
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay,
                         ::testing::Values(Target{"csv", run_csv}, Target{"libsvm", run_libsvm},
                                           Target{"npy", run_npy}, Target{"idx", run_idx},
                                           Target{"idx_gz", run_idx_gz}, Target{"model", run_model},
                                           Target{"run_spec", run_run_spec}),
                         [](const ::testing::TestParamInfo<Target>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace regkit::fuzz
