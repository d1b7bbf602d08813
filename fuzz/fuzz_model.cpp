// libFuzzer target: the model file. io::load_tensor_file on arbitrary bytes, then the
// loaders built on it: linear::load_linear_model and nn::Sequential::load.
#include "fuzz_support.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/linear/linear_model.hpp"
#include "regkit/nn/sequential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static regkit::fuzz::MemoryFile file("fuzz.regkit");
  const std::string& path = file.write(data, size);
  regkit::fuzz::expect_regkit_errors_only([&] {
    const auto tf = regkit::io::load_tensor_file(path, std::uint64_t{64} << 20);
    for (const auto& [name, tensor] : tf.tensors)
      if (tensor.bytes.size() != static_cast<std::size_t>(tensor.size()) * regkit::io::tensor_type_size(tensor.dtype))
        regkit::fuzz::contract_broken("load_tensor_file: byte count does not match shape x dtype");
  });
  regkit::fuzz::expect_regkit_errors_only([&] {
    const auto model = regkit::linear::load_linear_model(path);
    if (model.coefs.cols() != model.lambdas.size() || model.intercepts.size() != model.lambdas.size())
      regkit::fuzz::contract_broken("load_linear_model: inconsistent shapes");
    if (model.selected < 0 || model.selected >= model.lambdas.size())
      regkit::fuzz::contract_broken("load_linear_model: selected index out of range");
  });
  regkit::fuzz::expect_regkit_errors_only([&] { (void)regkit::nn::Sequential::load(path); });
  return 0;
}
