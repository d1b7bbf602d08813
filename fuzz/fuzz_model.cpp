// libFuzzer target: the model file. io::load_tensor_file on arbitrary bytes, then the
// loaders built on it: linear::load_linear_model and nn::Sequential::load.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_model(data, size);
  return 0;
}
