#include "regkit/data/dataset.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit::data {
namespace {

template <typename T>
RawArray make_array(DType dtype, std::vector<std::int64_t> shape, const std::vector<T>& values) {
  RawArray a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  a.bytes.resize(values.size() * sizeof(T));
  std::memcpy(a.bytes.data(), values.data(), a.bytes.size());
  return a;
}

TEST(DType, NamesAndSizes) {
  EXPECT_STREQ(dtype_name(DType::u8), "uint8");
  EXPECT_STREQ(dtype_name(DType::f64), "float64");
  EXPECT_EQ(dtype_size(DType::u8), 1u);
  EXPECT_EQ(dtype_size(DType::i16), 2u);
  EXPECT_EQ(dtype_size(DType::f32), 4u);
  EXPECT_EQ(dtype_size(DType::i64), 8u);
}

TEST(RawArray, SizeIsTheShapeProductAndOneForAScalar) {
  RawArray a;
  EXPECT_EQ(a.size(), 1);
  a.shape = {3, 0, 2};
  EXPECT_EQ(a.size(), 0);
  a.shape = {3, 4, 2};
  EXPECT_EQ(a.size(), 24);
  a.shape = {std::int64_t{1} << 40, std::int64_t{1} << 40, 0};  // empty; no signed overflow
  EXPECT_EQ(a.size(), 0);
  a.shape = {std::int64_t{1} << 40, std::int64_t{1} << 40};
  EXPECT_THROW((void)a.size(), DataError);
}

TEST(RawArray, AtConvertsEachDtype) {
  EXPECT_EQ(make_array<std::uint8_t>(DType::u8, {2}, {7, 255}).at(1), 255.0);
  EXPECT_EQ(make_array<std::int8_t>(DType::i8, {2}, {7, -128}).at(1), -128.0);
  EXPECT_EQ(make_array<std::int16_t>(DType::i16, {1}, {-300}).at(0), -300.0);
  EXPECT_EQ(make_array<std::int32_t>(DType::i32, {1}, {-70000}).at(0), -70000.0);
  EXPECT_EQ(make_array<std::int64_t>(DType::i64, {1}, {std::int64_t{1} << 40}).at(0), 1099511627776.0);
  EXPECT_EQ(make_array<float>(DType::f32, {1}, {0.1f}).at(0), static_cast<double>(0.1f));
  EXPECT_EQ(make_array<double>(DType::f64, {1}, {0.1}).at(0), 0.1);
}

TEST(RawArray, ToMatrixReadsCOrderIntoColumnMajor) {
  const RawArray a = make_array<std::int32_t>(DType::i32, {2, 3}, {1, 2, 3, 4, 5, 6});
  const Matrix m = a.to_matrix("X");
  ASSERT_EQ(m.rows(), 2);
  ASSERT_EQ(m.cols(), 3);
  EXPECT_EQ(m(0, 0), 1.0);
  EXPECT_EQ(m(0, 2), 3.0);
  EXPECT_EQ(m(1, 0), 4.0);
  EXPECT_EQ(m(1, 2), 6.0);
}

TEST(RawArray, ToMatrixRejectsOtherRanksNamingWhatAndShape) {
  const RawArray a = make_array<std::uint8_t>(DType::u8, {2, 2, 2}, std::vector<std::uint8_t>(8));
  REGKIT_EXPECT_ERROR(a.to_matrix("images.npy"), DataError, "images.npy");
  REGKIT_EXPECT_ERROR(a.to_matrix("images.npy"), DataError, "(2, 2, 2)");
}

TEST(RawArray, EmptyArraysConvertWithoutVisitingTheirRows) {
  // Found by fuzz_idx: a 12-byte IDX file of shape 4194239487 x 0 made to_matrix loop over
  // 4 billion rows (11 s under the sanitizers).
  RawArray a;
  a.dtype = DType::u8;
  a.shape = {4194239487, 0};
  const Matrix m = a.to_matrix("X");
  EXPECT_EQ(m.rows(), 4194239487);
  EXPECT_EQ(m.cols(), 0);
}

TEST(RawArray, ToVectorAcceptsOneDimensionalAndColumns) {
  const RawArray flat = make_array<double>(DType::f64, {3}, {1.5, 2.5, 3.5});
  EXPECT_EQ(flat.to_vector("y"), (Vector(3) << 1.5, 2.5, 3.5).finished());
  const RawArray column = make_array<double>(DType::f64, {3, 1}, {1.5, 2.5, 3.5});
  EXPECT_EQ(column.to_vector("y"), (Vector(3) << 1.5, 2.5, 3.5).finished());
  const RawArray wide = make_array<double>(DType::f64, {1, 3}, {1.5, 2.5, 3.5});
  REGKIT_EXPECT_ERROR(wide.to_vector("labels.npy"), DataError, "labels.npy: expected a 1-D array");
  REGKIT_EXPECT_ERROR(wide.to_vector("labels.npy"), DataError, "(1, 3)");
}

TEST(RawArray, InconsistentByteCountIsAnError) {
  RawArray a = make_array<double>(DType::f64, {2, 2}, {1, 2, 3});
  REGKIT_EXPECT_ERROR(a.to_matrix("X"), DataError, "should hold 32 bytes but holds 24");
}

}  // namespace
}  // namespace regkit::data
