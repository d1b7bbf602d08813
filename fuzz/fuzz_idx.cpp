// libFuzzer target: data::read_idx on arbitrary bytes (plain IDX; a gzip magic in the
// input reaches the gzip path too), then the conversions callers use.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_idx(data, size);
  return 0;
}
