// Crafted network model files: an architecture claiming huge layers, a non-integer or
// out-of-range width, a weight tensor of the wrong shape. Sequential::load checks every
// weight shape the architecture implies against the file's tensors BEFORE allocating, so
// a small file can never make it allocate more than the file holds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/nn/sequential.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

namespace regkit {
namespace {

nlohmann::json dense(const nlohmann::json& units) {
  return {{"type", "dense"},
          {"config",
           {{"units", units.is_string() ? units.get<std::string>() : units.dump()},
            {"activation", "linear"},
            {"kernel_initializer", "zeros"},
            {"bias_initializer", "zeros"},
            {"kernel_l1", "0"},
            {"kernel_l2", "0"},
            {"bias_l1", "0"},
            {"bias_l2", "0"},
            {"use_bias", "true"}}}};
}

std::string network_file(const test::TempDir& dir, const nlohmann::json& input_dim, const nlohmann::json& units,
                         std::int64_t kernel_rows, std::int64_t kernel_cols) {
  io::TensorFile f;
  f.metadata = {{"format", "regkit-model"}, {"format_version", "1"}, {"kind", "nn"}, {"scalar", "float32"}};
  f.metadata["architecture"] = nlohmann::json{{"input_dim", input_dim}, {"loss", "mse"},
                                              {"layers", nlohmann::json::array({dense(units)})}}
                                   .dump();
  io::Tensor k;
  k.dtype = io::TensorType::f32;
  k.shape = {kernel_rows, kernel_cols};
  k.bytes.assign(static_cast<std::size_t>(kernel_rows * kernel_cols) * 4, 0);
  io::Tensor b;
  b.dtype = io::TensorType::f32;
  b.shape = {kernel_cols};
  b.bytes.assign(static_cast<std::size_t>(kernel_cols) * 4, 0);
  f.tensors["layer_0/kernel"] = k;
  f.tensors["layer_0/bias"] = b;
  const std::string path = dir.file("net.regkit");
  io::save_tensor_file(path, f);
  return path;
}

TEST(ModelFileSafety, ArchitectureClaimingHugeLayersIsRefusedBeforeAllocating) {
  test::TempDir dir;
  // 2^31-1 inputs x 2^31-1 units would be 16 EiB of float weights; the file holds 8 bytes.
  const std::string huge = network_file(dir, 2147483647, 2147483647, 1, 1);
  REGKIT_EXPECT_ERROR(nn::Sequential::load(huge), DataError, "units must be in [1, 16777216]; got 2147483647");
  // Within the width bound, the weights the architecture implies are checked against the file.
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, 2147483647, 16777216, 1, 1)), DataError,
                      "the architecture needs 2147483647 x 16777216");
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, 3, 2, 2, 2)), DataError,
                      "tensor 'layer_0/kernel' has 4 values; the architecture needs 3 x 2");
  EXPECT_NO_THROW(nn::Sequential::load(network_file(dir, 2, 2, 2, 2)));
}

TEST(ModelFileSafety, WidthsAndInputDimensionMustBeIntegersInRange) {
  test::TempDir dir;
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, 2, "1e30", 2, 2)), DataError,
                      "'units' must be an integer in [1, 2147483647]");
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, 2, "2.5", 2, 2)), DataError, "'units' must be an integer");
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, 2, "-3", 2, 2)), DataError, "'units' must be an integer");
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, 1e300, 2, 2, 2)), DataError,
                      "input_dim must be an integer in [1, 2147483647]");
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, -4, 2, 2, 2)), DataError, "input_dim must be an integer");
  REGKIT_EXPECT_ERROR(nn::Sequential::load(network_file(dir, "2", 2, 2, 2)), DataError, "input_dim must be an integer");
}

}  // namespace
}  // namespace regkit

namespace regkit {
namespace {

TEST(ModelFileSafety, NonFiniteWeightsAreRefusedOnLoad) {
  test::TempDir dir;
  const std::string path = network_file(dir, 3, 2, 3, 2);
  io::TensorFile f = io::load_tensor_file(path);
  const float nan = std::nanf("");
  std::memcpy(f.tensors["layer_0/kernel"].bytes.data() + 4 * 4, &nan, 4);
  io::save_tensor_file(path, f);
  REGKIT_EXPECT_ERROR(nn::Sequential::load(path), DataError, "tensor 'layer_0/kernel' has a non-finite weight at entry 4");
}

}  // namespace
}  // namespace regkit
