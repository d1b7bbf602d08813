// libFuzzer target: data::read_csv on arbitrary bytes (with and without a target column).
#include "fuzz_support.hpp"
#include "regkit/data/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static regkit::fuzz::MemoryFile file("fuzz.csv");
  const std::string& path = file.write(data, size);
  for (const char* target : {"", "y"}) {
    regkit::fuzz::expect_regkit_errors_only([&] {
      regkit::data::CsvOptions options;
      options.target = target;
      options.limits.max_bytes = std::uint64_t{64} << 20;
      const auto ds = regkit::data::read_csv(path, options);
      if (!options.target.empty() && ds.y.size() != ds.n_samples())
        regkit::fuzz::contract_broken("read_csv: y and X have different lengths");
      if (!ds.feature_names.empty() && static_cast<regkit::Index>(ds.feature_names.size()) != ds.n_features())
        regkit::fuzz::contract_broken("read_csv: feature names and columns differ");
    });
  }
  return 0;
}
