#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

TEST(ReadLibsvm, ReadsSparseCscWithLabels) {
  test::TempDir dir;
  // Comments, blank lines, tabs, \r\n, a '+' label, an explicit zero, an empty row and
  // no final newline.
  const auto path = dir.write("a.svm",
                              "# header comment\n"
                              "+1 1:0.5 3:-2 # trailing comment\r\n"
                              "\n"
                              "-1\t2:1e3  4:0\n"
                              "2.5\n"
                              "0 1:7 4:8");
  const Dataset d = read_libsvm(path);
  ASSERT_TRUE(is_sparse(d.X));
  const SparseMatrix& X = std::get<SparseMatrix>(d.X);
  ASSERT_EQ(X.rows(), 4);
  ASSERT_EQ(X.cols(), 4);
  EXPECT_TRUE(X.isCompressed());
  Matrix expected = Matrix::Zero(4, 4);
  expected(0, 0) = 0.5;
  expected(0, 2) = -2;
  expected(1, 1) = 1000;
  expected(3, 0) = 7;
  expected(3, 3) = 8;
  EXPECT_EQ(Matrix(X), expected);
  EXPECT_EQ(X.nonZeros(), 6);  // the explicit 4:0 is kept
  EXPECT_EQ(d.y, (Vector(4) << 1, -1, 2.5, 0).finished());
  // Inner indices sorted within each column.
  for (Index j = 0; j < X.outerSize(); ++j)
    for (Index e = X.outerIndexPtr()[j] + 1; e < X.outerIndexPtr()[j + 1]; ++e)
      EXPECT_LT(X.innerIndexPtr()[e - 1], X.innerIndexPtr()[e]);
}

TEST(ReadLibsvm, NFeaturesWidensXAndBoundsIndices) {
  test::TempDir dir;
  const auto path = dir.write("a.svm", "1 2:1\n0 3:1\n");
  LibsvmOptions options;
  options.n_features = 10;
  EXPECT_EQ(read_libsvm(path, options).n_features(), 10);
  options.n_features = 2;
  REGKIT_EXPECT_ERROR(read_libsvm(path, options), DataError, path + ":2: index 3 exceeds n_features = 2");
}

TEST(ReadLibsvm, IndicesMustIncreaseStrictly) {
  test::TempDir dir;
  const auto path = dir.write("a.svm", "1 1:1\n1 7:1 5:2\n");
  REGKIT_EXPECT_ERROR(read_libsvm(path), DataError, path + ":2: index 5 after 7: indices must increase");
  const auto dup = dir.write("dup.svm", "1 3:1 3:2\n");
  REGKIT_EXPECT_ERROR(read_libsvm(dup), DataError, "dup.svm:1: index 3 after 3");
}

TEST(ReadLibsvm, ZeroNegativeAndHugeIndicesAreRejected) {
  test::TempDir dir;
  REGKIT_EXPECT_ERROR(read_libsvm(dir.write("z.svm", "1 0:1\n")), DataError,
                      "z.svm:1: index 0 is not valid in '0:1': indices are 1-based");
  REGKIT_EXPECT_ERROR(read_libsvm(dir.write("n.svm", "1 1:1\n1 -3:1\n")), DataError,
                      "n.svm:2: index -3 is not valid");
  REGKIT_EXPECT_ERROR(read_libsvm(dir.write("h.svm", "1 4294967297:1\n")), DataError,
                      "h.svm:1: index '4294967297' exceeds the largest supported index 2147483647");
}

TEST(ReadLibsvm, MalformedTokensNameLineAndToken) {
  test::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1 3:", "malformed token '3:'"},
      {"1 :4", "malformed token ':4'"},
      {"1 34", "malformed token '34'"},
      {"1 3:abc", "cannot convert the value in '3:abc'"},
      {"1 x:1", "malformed index in 'x:1'"},
      {"1 3:nan", "non-finite value in '3:nan'"},
      {"1 3:1e999", "value in '3:1e999' is out of range"},
      {"abc 1:2", "cannot convert the label 'abc'"},
      {"1:2 3:4", "cannot convert the label '1:2'"},
      {"inf 1:2", "non-finite label 'inf'"},
      {"1 qid:3 1:2", "qid is not supported"},
  };
  for (const auto& [line, message] : cases) {
    const auto path = dir.write("bad.svm", "0 1:1\n" + line + "\n");
    REGKIT_EXPECT_ERROR(read_libsvm(path), DataError, path + ":2: " + message);
  }
}

TEST(ReadLibsvm, EmptyFileHasNoDataRows) {
  test::TempDir dir;
  const auto path = dir.write("e.svm", "# only a comment\n\n");
  REGKIT_EXPECT_ERROR(read_libsvm(path), DataError, "e.svm:2: no data rows");
}

TEST(ReadLibsvm, MatchesADenseCsvOfTheSameData) {
  // Random sparse data written both ways (17 significant digits) must read back equal.
  test::TempDir dir;
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  const int n = 50, p = 12;
  Matrix dense = Matrix::Zero(n, p);
  std::string svm, csv;
  for (int j = 0; j < p; ++j) {
    csv += 'f';
    csv += std::to_string(j);
    csv += ',';
  }
  csv += "y\n";
  Vector y(n);
  for (int i = 0; i < n; ++i) {
    y[i] = static_cast<double>(i % 3);
    svm += std::to_string(i % 3);
    for (int j = 0; j < p; ++j) {
      if (uniform(engine) > 0.4) dense(i, j) = uniform(engine);
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.17g", dense(i, j));
      if (dense(i, j) != 0.0) {
        svm += ' ';
        svm += std::to_string(j + 1);
        svm += ':';
        svm += buffer;
      }
      csv += buffer;
      csv += ',';
    }
    svm += "\n";
    csv += std::to_string(i % 3) + "\n";
  }
  LibsvmOptions options;
  options.n_features = p;
  const Dataset sparse = read_libsvm(dir.write("d.svm", svm), options);
  CsvOptions csv_options;
  csv_options.target = "y";
  const Dataset from_csv = read_csv(dir.write("d.csv", csv), csv_options);
  EXPECT_EQ(Matrix(std::get<SparseMatrix>(sparse.X)), dense);
  EXPECT_EQ(std::get<Matrix>(from_csv.X), dense);
  EXPECT_EQ(sparse.y, y);
  EXPECT_EQ(from_csv.y, y);
}

}  // namespace
}  // namespace regkit::data
