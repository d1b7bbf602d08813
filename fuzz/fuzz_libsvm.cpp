// libFuzzer target: data::read_libsvm on arbitrary bytes (free and fixed feature count).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_libsvm(data, size);
  return 0;
}
