// libFuzzer target: the CLI's run specs (core/run_spec.hpp), "NAME:key=value,flag".
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_run_spec(data, size);
  return 0;
}
