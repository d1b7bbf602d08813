// libFuzzer target: data::read_idx on arbitrary bytes (plain IDX; a gzip magic in the
// input reaches the gzip path too), then the conversions callers use.
#include "fuzz_support.hpp"
#include "regkit/data/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static regkit::fuzz::MemoryFile file("fuzz.idx");
  const std::string& path = file.write(data, size);
  regkit::fuzz::expect_regkit_errors_only([&] {
    regkit::data::ReadLimits limits;
    limits.max_bytes = std::uint64_t{64} << 20;
    const auto array = regkit::data::read_idx(path, limits);
    if (array.bytes.size() != static_cast<std::size_t>(array.size()) * regkit::data::dtype_size(array.dtype))
      regkit::fuzz::contract_broken("read_idx: byte count does not match shape x dtype");
    if (array.shape.size() == 2) (void)array.to_matrix("X");
    if (array.shape.size() == 1) (void)array.to_vector("y");
  });
  return 0;
}
