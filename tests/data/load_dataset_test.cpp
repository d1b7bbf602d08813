#include <gtest/gtest.h>
#include <zlib.h>

#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/expect_error.hpp"
#include "support/idx_bytes.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

using test::idx_bytes;

TEST(ParseFormat, KnownNamesAndAnError) {
  EXPECT_EQ(parse_format("auto"), Format::automatic);
  EXPECT_EQ(parse_format("csv"), Format::csv);
  EXPECT_EQ(parse_format("libsvm"), Format::libsvm);
  EXPECT_EQ(parse_format("svmlight"), Format::libsvm);
  EXPECT_EQ(parse_format("NPY"), Format::npy);
  EXPECT_EQ(parse_format("idx"), Format::idx);
  REGKIT_EXPECT_ERROR(parse_format("parquet"), InvalidArgument, "unknown data format 'parquet'");
}

TEST(LoadDataset, PicksTheReaderByExtension) {
  test::TempDir dir;
  LoadOptions csv_options;
  csv_options.target = "y";
  const Dataset csv = load_dataset(dir.write("d.csv", "a,y\n1,2\n"), csv_options);
  EXPECT_FALSE(is_sparse(csv.X));
  EXPECT_EQ(csv.y[0], 2.0);
  for (const char* name : {"d.svm", "d.libsvm", "d.svmlight", "d.txt"})
    EXPECT_TRUE(is_sparse(load_dataset(dir.write(name, "1 2:3\n")).X)) << name;
  Matrix m(2, 2);
  m << 1, 2, 3, 4;
  write_npy(dir.file("x.npy"), m);
  EXPECT_EQ(std::get<Matrix>(load_dataset(dir.file("x.npy")).X), m);
  LoadOptions forced;
  forced.format = Format::libsvm;
  EXPECT_TRUE(is_sparse(load_dataset(dir.write("data.dat", "1 1:1\n"), forced).X));
  REGKIT_EXPECT_ERROR(load_dataset(dir.write("data.dat", "1 1:1\n")), InvalidArgument,
                      "cannot tell the format of");
  REGKIT_EXPECT_ERROR(load_dataset(dir.write("data.svm.gz", "")), InvalidArgument,
                      "only the IDX and CSV readers support");
}

TEST(LoadDataset, IdxImagesFlattenWithLabelsFromIdxOrNpy) {
  test::TempDir dir;
  std::string pixels;
  for (int i = 0; i < 3 * 2 * 2; ++i) pixels += static_cast<char>(i);
  const auto images = dir.write("train-images-idx3-ubyte", idx_bytes(0x08, {3, 2, 2}, pixels));
  const auto labels = dir.write("train-labels-idx1-ubyte", idx_bytes(0x08, {3}, std::string("\x07\x00\x09", 3)));
  LoadOptions options;
  options.labels = labels;
  const Dataset d = load_dataset(images, options);
  const Matrix& X = std::get<Matrix>(d.X);
  ASSERT_EQ(X.rows(), 3);
  ASSERT_EQ(X.cols(), 4);
  EXPECT_EQ(X(1, 0), 4.0);  // sample 1, pixel (0, 0)
  EXPECT_EQ(X(2, 3), 11.0);
  EXPECT_EQ(d.y, (Vector(3) << 7, 0, 9).finished());

  Vector y(3);
  y << 1, 2, 3;
  write_npy(dir.file("y.npy"), y);
  options.labels = dir.file("y.npy");
  EXPECT_EQ(load_dataset(images, options).y, y);
}

TEST(LoadDataset, GzippedIdxIsReadByName) {
  test::TempDir dir;
  const std::string path = dir.file("t10k-images-idx3-ubyte.gz");
  gzFile out = gzopen(path.c_str(), "wb");
  const std::string content = idx_bytes(0x08, {1, 2, 2}, "abcd");
  gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
  gzclose(out);
  EXPECT_EQ(load_dataset(path).n_features(), 4);
}

TEST(LoadDataset, RowAndLabelCountMismatchNamesBothFilesAndCounts) {
  test::TempDir dir;
  const auto images = dir.write("images-idx3-ubyte", idx_bytes(0x08, {3, 2, 2}, std::string(12, 'x')));
  const auto labels = dir.write("labels-idx1-ubyte", idx_bytes(0x08, {2}, "\x01\x02"));
  LoadOptions options;
  options.labels = labels;
  REGKIT_EXPECT_ERROR(load_dataset(images, options), DataError,
                      images + " has 3 rows (samples) but " + labels + " has 2 labels");
}

TEST(LoadDataset, OneDimensionalXIsAnError) {
  test::TempDir dir;
  Vector v(3);
  v << 1, 2, 3;
  write_npy(dir.file("v.npy"), v);
  REGKIT_EXPECT_ERROR(load_dataset(dir.file("v.npy")), DataError, "expected a 2-D array, found shape (3,)");
}

TEST(LoadDataset, LabelsFileWithCsvIsAnOptionError) {
  test::TempDir dir;
  LoadOptions options;
  options.labels = "y.npy";
  REGKIT_EXPECT_ERROR(load_dataset(dir.write("d.csv", "a\n1\n"), options), InvalidArgument,
                      "applies only to X from .npy or IDX");
}

TEST(LoadDataset, FashionMnistTestSetLoads) {
  const std::string images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
  const std::string labels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";
  if (!std::filesystem::exists(images) || !std::filesystem::exists(labels))
    GTEST_SKIP() << "Fashion-MNIST not installed";
  LoadOptions options;
  options.labels = labels;
  const Dataset d = load_dataset(images, options);
  EXPECT_EQ(d.n_samples(), 10000);
  EXPECT_EQ(d.n_features(), 784);
  const Matrix& X = std::get<Matrix>(d.X);
  EXPECT_GE(X.minCoeff(), 0.0);
  EXPECT_LE(X.maxCoeff(), 255.0);
  EXPECT_GT(X.maxCoeff(), 200.0);
}

}  // namespace
}  // namespace regkit::data

namespace regkit::data {
namespace {

// A FIFO (or pipe, device, socket) has no size to check and read as empty before: it is
// refused by name. A directory too.
TEST(LoadDataset, SpecialFilesAreRefusedAsNotRegular) {
  test::TempDir dir;
  const std::string fifo = dir.file("data.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  LoadOptions options;
  options.target = "y";
  // No writer: the FIFO is opened without blocking, looked at, and refused (no hang).
  REGKIT_EXPECT_ERROR(load_dataset(fifo, options), DataError, "is not a regular file");
  LoadOptions npy;
  npy.format = Format::npy;
  REGKIT_EXPECT_ERROR(load_dataset(dir.path() + "/", npy), DataError, "it is a directory");
}

TEST(LoadDataset, NonFiniteValuesInArrayFilesNameTheFile) {
  test::TempDir dir;
  Matrix x = Matrix::Ones(4, 3);
  x(2, 1) = std::nan("");
  write_npy(dir.file("x.npy"), x);
  Vector y = Vector::Zero(4);
  write_npy(dir.file("y.npy"), y);
  LoadOptions with_labels;
  with_labels.labels = dir.file("y.npy");
  REGKIT_EXPECT_ERROR(load_dataset(dir.file("x.npy"), with_labels), DataError,
                      "x.npy: X row 3, column 2: NaN; expected finite numbers");
  x(2, 1) = 1.0;
  write_npy(dir.file("x.npy"), x);
  y[3] = -std::numeric_limits<double>::infinity();
  write_npy(dir.file("y.npy"), y);
  REGKIT_EXPECT_ERROR(load_dataset(dir.file("x.npy"), with_labels), DataError,
                      "y.npy: labels row 4, column 1: an infinite value");
}

}  // namespace
}  // namespace regkit::data
