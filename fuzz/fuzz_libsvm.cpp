// libFuzzer target: data::read_libsvm on arbitrary bytes (free and fixed feature count).
#include "fuzz_support.hpp"
#include "regkit/data/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static regkit::fuzz::MemoryFile file("fuzz.svm");
  const std::string& path = file.write(data, size);
  for (regkit::Index n_features : {regkit::Index{0}, regkit::Index{7}}) {
    regkit::fuzz::expect_regkit_errors_only([&] {
      regkit::data::LibsvmOptions options;
      options.n_features = n_features;
      options.limits.max_bytes = std::uint64_t{64} << 20;
      const auto ds = regkit::data::read_libsvm(path, options);
      if (ds.y.size() != ds.n_samples()) regkit::fuzz::contract_broken("read_libsvm: y and X lengths differ");
      if (n_features > 0 && ds.n_features() != n_features)
        regkit::fuzz::contract_broken("read_libsvm: feature count differs from the one asked for");
    });
  }
  return 0;
}
