// libFuzzer target: data::read_csv on arbitrary bytes (with and without a target column).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_csv(data, size);
  return 0;
}
