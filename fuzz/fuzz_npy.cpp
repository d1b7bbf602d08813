// libFuzzer target: data::read_npy on arbitrary bytes, then the conversions callers use.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_npy(data, size);
  return 0;
}
