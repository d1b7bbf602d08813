#include "regkit/io/tensor_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <fstream>
#include <limits>

#include "regkit/core/errors.hpp"
#include "regkit/linear/linear_model.hpp"
#include "support/expect_error.hpp"

namespace regkit::io {
namespace {

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "/" + name; }

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(TensorFile, RoundTripIsBitExact) {
  TensorFile f;
  f.metadata["kind"] = "test";
  Matrix m(3, 2);
  m << 1.0 / 3.0, -0.0, std::numeric_limits<double>::denorm_min(), 1e308, -2.5, 7.0;
  f.tensors["m"] = Tensor::from(m);
  Eigen::MatrixXf mf = Eigen::MatrixXf::Random(4, 5);
  f.tensors["mf"] = Tensor::from(mf);
  const std::string path = temp_path("roundtrip.regkit");
  save_tensor_file(path, f);
  const TensorFile g = load_tensor_file(path);
  EXPECT_EQ(g.meta("kind"), "test");
  const Matrix m2 = g.tensor("m").to_matrix("m");
  ASSERT_EQ(m2.rows(), 3);
  EXPECT_EQ(std::memcmp(m.data(), m2.data(), sizeof(double) * 6), 0);
  const Eigen::MatrixXf mf2 = g.tensor("mf").to_matrix_f32("mf");
  EXPECT_EQ(std::memcmp(mf.data(), mf2.data(), sizeof(float) * 20), 0);
}

TEST(TensorFile, LayoutIsSafetensors) {
  // 8-byte little-endian header length, JSON header padded to 8 bytes, then raw data.
  TensorFile f;
  Vector v(2);
  v << 1.0, 2.0;
  f.tensors["v"] = Tensor::from(v);
  const std::string path = temp_path("layout.regkit");
  save_tensor_file(path, f);
  const std::string bytes = read_all(path);
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(bytes.size(), 8 + n + 16);
  const std::string header = bytes.substr(8, n);
  EXPECT_NE(header.find("\"dtype\":\"F64\""), std::string::npos);
  EXPECT_NE(header.find("\"data_offsets\":[0,16]"), std::string::npos);
  double first = 0;
  std::memcpy(&first, bytes.data() + 8 + n, 8);
  EXPECT_EQ(first, 1.0);
}

// A regkit model file as the models write it (format_version 2: with a checksum).
TensorFile small_model_file() {
  TensorFile f;
  f.metadata["format"] = "regkit-model";
  f.metadata["format_version"] = "2";
  f.metadata["kind"] = "test";
  f.metadata["lambda"] = "0.5";
  Vector v(3);
  v << 1.5, -2.0, 0.25;
  f.tensors["coef"] = Tensor::from(v);
  f.tensors["empty"] = Tensor::from(Vector(0));
  return f;
}

TEST(TensorFile, EverySingleBitFlipIsAnError) {
  const std::string path = temp_path("flip.regkit");
  save_tensor_file(path, small_model_file());
  const std::string good = read_all(path);
  EXPECT_NO_THROW(load_tensor_file(path));
  std::size_t refused = 0, flips = 0;
  for (std::size_t byte = 0; byte < good.size(); ++byte)
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[byte] = static_cast<char>(bad[byte] ^ (1 << bit));
      write_all(path, bad);
      ++flips;
      try {
        load_tensor_file(path);
        ADD_FAILURE() << "a flip of bit " << bit << " of byte " << byte << " loaded";
      } catch (const DataError&) {
        ++refused;
      }
    }
  EXPECT_EQ(refused, flips);
  // The checksum's own message, for a flipped data bit.
  std::string bad = good;
  bad[bad.size() - 1] = static_cast<char>(bad[bad.size() - 1] ^ 1);
  write_all(path, bad);
  REGKIT_EXPECT_ERROR(load_tensor_file(path), DataError, "checksum mismatch");
}

TEST(TensorFile, ChecksumIsVerifiedAndDroppedFromTheMetadata) {
  const std::string path = temp_path("checksum.regkit");
  save_tensor_file(path, small_model_file());
  EXPECT_NE(read_all(path).find("\"checksum\":\"crc32:"), std::string::npos);
  const TensorFile g = load_tensor_file(path);
  EXPECT_EQ(g.metadata.count("checksum"), 0u);
  EXPECT_EQ(g.metadata, small_model_file().metadata);
  // A version-2 regkit file without its checksum is damaged; a version-1 file (written
  // before checksums) still loads.
  std::string text = read_all(path);
  const auto at = text.find("\"checksum\"");
  text.replace(at, 10, "\"chekcsum\"");
  write_all(path, text);
  REGKIT_EXPECT_ERROR(load_tensor_file(path), DataError, "has no checksum although its format version (2) has one");
}

TEST(TensorFile, ZeroLengthTensorsAreValidAndOverlapNothing) {
  TensorFile f;
  f.tensors["a"] = Tensor::from(Vector(0));
  f.tensors["b"] = Tensor::from(Vector(Vector::Ones(3)));
  f.tensors["c"] = Tensor::from(Vector(0));
  const std::string path = temp_path("empty.regkit");
  save_tensor_file(path, f);
  const TensorFile g = load_tensor_file(path);
  EXPECT_EQ(g.tensor("a").size(), 0);
  EXPECT_EQ(g.tensor("c").size(), 0);
  EXPECT_EQ(g.tensor("b").to_vector("b"), Vector(Vector::Ones(3)));
}

TEST(TensorFile, TruncatedFileIsANamedError) {
  TensorFile f;
  f.tensors["v"] = Tensor::from(Vector(Vector::Ones(100)));
  const std::string path = temp_path("truncated.regkit");
  save_tensor_file(path, f);
  const std::string bytes = read_all(path);
  write_all(path, bytes.substr(0, bytes.size() - 8));
  REGKIT_EXPECT_ERROR(load_tensor_file(path), DataError, "data_offsets");
  write_all(path, bytes.substr(0, 5));
  REGKIT_EXPECT_ERROR(load_tensor_file(path), DataError, "truncated");
}

TEST(TensorFile, HeaderClaimingMoreThanTheFileIsRejected) {
  std::string bytes(8, '\0');
  const std::uint64_t n = std::uint64_t{1} << 40;
  std::memcpy(bytes.data(), &n, 8);
  bytes += "{}";
  const std::string path = temp_path("huge_header.regkit");
  write_all(path, bytes);
  REGKIT_EXPECT_ERROR(load_tensor_file(path), DataError, "header claims");
}

TEST(TensorFile, OverflowingShapeIsRejectedBeforeAllocating) {
  const std::string header =
      R"({"x":{"dtype":"F64","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})";
  std::string bytes(8, '\0');
  const std::uint64_t n = header.size();
  std::memcpy(bytes.data(), &n, 8);
  bytes += header + std::string(8, '\0');
  const std::string path = temp_path("overflow.regkit");
  write_all(path, bytes);
  REGKIT_EXPECT_ERROR(load_tensor_file(path), DataError, "overflows");
}

TEST(TensorFile, ExistingFileSurvivesAFailedSave) {
  const std::string path = temp_path("keep.regkit");
  TensorFile f;
  f.tensors["v"] = Tensor::from(Vector(Vector::Ones(3)));
  save_tensor_file(path, f);
  TensorFile bad;
  Tensor t;
  t.shape = {10};  // holds no bytes: inconsistent
  bad.tensors["v"] = t;
  EXPECT_THROW(save_tensor_file(path, bad), InvalidArgument);
  EXPECT_EQ(load_tensor_file(path).tensor("v").to_vector("v").size(), 3);
}

// A path of three lambdas over p features named a, b, c, ...
linear::LinearModel three_lambda_model(const std::string& model, double alpha, Index p, Index selected) {
  linear::LinearModel m;
  m.model = model;
  m.alpha = alpha;
  m.lambdas = Vector::LinSpaced(3, 1.0, 0.1);
  m.coefs = Matrix::Random(p, 3);
  m.intercepts = Vector::Random(3);
  m.selected = selected;
  for (Index j = 0; j < p; ++j) m.feature_names.push_back(std::string(1, static_cast<char>('a' + j)));
  return m;
}

TEST(LinearModelFile, SaveLoadPredictIsExact) {
  const linear::LinearModel m = three_lambda_model("elasticnet", 0.3, 4, 1);
  const std::string path = temp_path("linear.regkit");
  linear::save_linear_model(path, m);
  const auto g = linear::load_linear_model(path);
  EXPECT_EQ(g.model, "elasticnet");
  EXPECT_EQ(g.alpha, 0.3);
  EXPECT_EQ(g.selected, 1);
  EXPECT_EQ(g.feature_names, m.feature_names);
  EXPECT_TRUE(g.coefs == m.coefs);
  EXPECT_TRUE(g.intercepts == m.intercepts);
  const Matrix X = Matrix::Random(5, 4);
  EXPECT_TRUE(g.predict(Design{X}) == m.predict(Design{X}));
  // Interpolation halfway between lambdas[0] and lambdas[1].
  const double mid = 0.5 * (m.lambdas[0] + m.lambdas[1]);
  const Vector expected = X * (0.5 * (m.coefs.col(0) + m.coefs.col(1))) +
                          Vector::Constant(5, 0.5 * (m.intercepts[0] + m.intercepts[1]));
  EXPECT_LT((g.predict_at(Design{X}, mid) - expected).cwiseAbs().maxCoeff(), 1e-12);
  REGKIT_EXPECT_ERROR(g.predict(Design{Matrix(Matrix::Random(5, 3))}), InvalidArgument,
                      "X has 3 columns but the model was fitted on 4 features");
}

// Files with a valid checksum but impossible content (written by another tool, or by a
// bug): NaN or unsorted lambdas, NaN coefficients, alpha out of [0, 1] are refused.
TEST(LinearModelFile, ImpossibleContentIsRefusedOnLoad) {
  const linear::LinearModel m = three_lambda_model("lasso", 1.0, 2, 0);
  const std::string path = temp_path("content.regkit");
  linear::save_linear_model(path, m);
  const TensorFile good = load_tensor_file(path);
  auto refused_with = [&](const std::function<void(TensorFile&)>& damage, const std::string& message) {
    TensorFile f = good;
    damage(f);
    save_tensor_file(path, f);  // a fresh, valid checksum
    REGKIT_EXPECT_ERROR(linear::load_linear_model(path), DataError, message);
  };
  auto set_entry = [](Tensor& t, std::size_t i, double v) { std::memcpy(t.bytes.data() + 8 * i, &v, 8); };
  refused_with([&](TensorFile& f) { set_entry(f.tensors["lambdas"], 1, std::nan("")); }, "non-finite value");
  refused_with([&](TensorFile& f) { set_entry(f.tensors["lambdas"], 2, 5.0); }, "not in decreasing order");
  refused_with([&](TensorFile& f) { set_entry(f.tensors["lambdas"], 2, -1.0); }, "is negative");
  refused_with([&](TensorFile& f) { set_entry(f.tensors["coefs"], 3, std::numeric_limits<double>::infinity()); },
               "tensor \"coefs\" has a non-finite value");
  refused_with([&](TensorFile& f) { set_entry(f.tensors["intercepts"], 0, std::nan("")); }, "\"intercepts\"");
  refused_with([&](TensorFile& f) { f.metadata["alpha"] = "1.5"; }, "\"alpha\" must be in [0, 1]");
}

}  // namespace
}  // namespace regkit::io
