#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

CsvOptions target(const std::string& name) {
  CsvOptions options;
  options.target = name;
  return options;
}

TEST(ReadCsv, ReadsTargetByNameAndOtherColumnsIntoX) {
  test::TempDir dir;
  const auto path = dir.write("train.csv", "a,price,b\n1,10.5,-2\n3,20,4e-1\n");
  const Dataset d = read_csv(path, target("price"));
  ASSERT_FALSE(is_sparse(d.X));
  const Matrix& X = std::get<Matrix>(d.X);
  ASSERT_EQ(X.rows(), 2);
  ASSERT_EQ(X.cols(), 2);
  EXPECT_EQ(X(0, 0), 1.0);
  EXPECT_EQ(X(0, 1), -2.0);
  EXPECT_EQ(X(1, 0), 3.0);
  EXPECT_EQ(X(1, 1), 0.4);
  EXPECT_EQ(d.y, (Vector(2) << 10.5, 20.0).finished());
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.target_name, "price");
  EXPECT_EQ(d.source, path);
}

TEST(ReadCsv, NoTargetPutsEveryColumnInX) {
  test::TempDir dir;
  const Dataset d = read_csv(dir.write("x.csv", "a,b\n1,2\n"));
  EXPECT_EQ(d.n_features(), 2);
  EXPECT_EQ(d.y.size(), 0);
}

TEST(ReadCsv, AcceptsCrlfSpacesQuotedNamesBomAndNoFinalNewline) {
  test::TempDir dir;
  const auto path = dir.write(
      "t.csv", "\xEF\xBB\xBF\"x, one\" ; \"y\"\r\n  1.5 ;  +2 \r\n\r\n-3;\"4\"");
  CsvOptions options = target("y");
  options.delimiter = ';';
  const Dataset d = read_csv(path, options);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x, one"}));
  EXPECT_EQ(std::get<Matrix>(d.X), (Matrix(2, 1) << 1.5, -3.0).finished());
  EXPECT_EQ(d.y, (Vector(2) << 2.0, 4.0).finished());
}

TEST(ReadCsv, UnderflowIsZeroAndSubnormalsAreKept) {
  test::TempDir dir;
  const Dataset d = read_csv(dir.write("u.csv", "a,b\n1e-400,4e-320\n"));
  EXPECT_EQ(std::get<Matrix>(d.X)(0, 0), 0.0);
  EXPECT_EQ(std::get<Matrix>(d.X)(0, 1), 4e-320);
}

TEST(ReadCsv, MissingTargetNamesFileAndListsColumns) {
  test::TempDir dir;
  const auto path = dir.write("train.csv", "a,b\n1,2\n");
  REGKIT_EXPECT_ERROR(read_csv(path, target("price")), DataError, path);
  REGKIT_EXPECT_ERROR(read_csv(path, target("price")), DataError, "no column named 'price'");
  REGKIT_EXPECT_ERROR(read_csv(path, target("price")), DataError, "'a', 'b'");
}

TEST(ReadCsv, WrongFieldCountNamesLineAndCounts) {
  test::TempDir dir;
  const auto path = dir.write("train.csv", "a,b,c\n1,2,3\n4,5\n");
  REGKIT_EXPECT_ERROR(read_csv(path), DataError,
                      path + ":3: expected 3 fields as in the header, found 2");
  const auto trailing = dir.write("trailing.csv", "a,b\n1,2,\n");
  REGKIT_EXPECT_ERROR(read_csv(trailing), DataError, ":2: expected 2 fields as in the header, found 3");
}

TEST(ReadCsv, NonNumericTokenNamesColumnAndToken) {
  test::TempDir dir;
  const auto path = dir.write("train.csv", "a,b\n1,2\n3,abc\n");
  REGKIT_EXPECT_ERROR(read_csv(path), DataError, path + ":3: column 'b' (field 2)");
  REGKIT_EXPECT_ERROR(read_csv(path), DataError, "cannot convert 'abc' to a number");
  for (const char* token : {"NA", "?", "0x1p3", "1_1", "1.5x", "++1", "1,5"}) {
    const auto bad = dir.write("bad.csv", std::string("a;b\n1;") + token + "\n");
    CsvOptions options;
    options.delimiter = ';';
    REGKIT_EXPECT_ERROR(read_csv(bad, options), DataError, "bad.csv:2: column 'b'");
  }
}

TEST(ReadCsv, NonFiniteValuesAreRejected) {
  test::TempDir dir;
  for (const char* token : {"nan", "NaN", "inf", "-Infinity"}) {
    const auto path = dir.write("f.csv", std::string("a,b\n1,2\n") + token + ",3\n");
    REGKIT_EXPECT_ERROR(read_csv(path), DataError, path + ":3: column 'a' (field 1): non-finite value");
  }
  const auto huge = dir.write("huge.csv", "a\n1e400\n");
  REGKIT_EXPECT_ERROR(read_csv(huge), DataError, "huge.csv:2: column 'a' (field 1): value '1e400' is out of range");
}

TEST(ReadCsv, EmptyFieldIsAMissingValue) {
  test::TempDir dir;
  const auto path = dir.write("e.csv", "a,b,c\n1,,3\n");
  REGKIT_EXPECT_ERROR(read_csv(path), DataError, path + ":2: column 'b' (field 2): empty field");
}

TEST(ReadCsv, EmptyFileAndHeaderOnlyHaveNoDataRows) {
  test::TempDir dir;
  const auto empty = dir.write("empty.csv", "");
  REGKIT_EXPECT_ERROR(read_csv(empty), DataError, empty + ":1: no data rows");
  const auto header = dir.write("header.csv", "a,b\r\n\r\n");
  REGKIT_EXPECT_ERROR(read_csv(header), DataError, header + ":1: no data rows");
}

TEST(ReadCsv, NulByteInHeaderNamesTheOffset) {
  test::TempDir dir;
  const auto path = dir.write("nul.csv", std::string("ab,c\0d\n1,2\n", 11));
  REGKIT_EXPECT_ERROR(read_csv(path), DataError, "nul.csv:1: the header contains a NUL byte at byte offset 4");
}

TEST(ReadCsv, FileOverTheReadLimitIsRejected) {
  test::TempDir dir;
  const auto path = dir.write("big.csv", "a,b\n1,2\n3,4\n");
  CsvOptions options;
  options.limits.max_bytes = 8;
  REGKIT_EXPECT_ERROR(read_csv(path, options), DataError, "exceeds the read limit of 8 bytes");
}

TEST(ReadCsv, MissingFileNamesPathAndErrno) {
  REGKIT_EXPECT_ERROR(read_csv("/nonexistent/x.csv"), DataError,
                      "cannot open '/nonexistent/x.csv': No such file or directory");
}

TEST(ReadCsv, SeventeenDigitValuesRoundTrip) {
  test::TempDir dir;
  const auto path = dir.write("p.csv", "a\n0.10000000000000001\n3.141592653589793\n000000.123456789\n");
  const Dataset d = read_csv(path);
  const Matrix& X = std::get<Matrix>(d.X);
  EXPECT_EQ(X(0, 0), 0.1);
  EXPECT_EQ(X(1, 0), 3.141592653589793);
  EXPECT_EQ(X(2, 0), 0.123456789);
}

std::string gzip_file(const test::TempDir& dir, const std::string& name, const std::string& content) {
  const std::string path = dir.file(name);
  gzFile out = gzopen(path.c_str(), "wb");
  gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
  gzclose(out);
  return path;
}

TEST(ReadCsv, GzipFilesReadAsTheirPlainText) {
  test::TempDir dir;
  const std::string text = "a,y,b\n1,0,2\n3,1,4\n";
  const Dataset plain = read_csv(dir.write("p.csv", text), target("y"));
  const Dataset packed = read_csv(gzip_file(dir, "p.csv.gz", text), target("y"));
  EXPECT_EQ(std::get<Matrix>(packed.X), std::get<Matrix>(plain.X));
  EXPECT_EQ(packed.y, plain.y);
  EXPECT_EQ(packed.feature_names, plain.feature_names);
  // by magic bytes, not by name; and load_dataset takes .csv.gz as CSV
  EXPECT_EQ(read_csv(gzip_file(dir, "renamed.dat", text), target("y")).y, plain.y);
  LoadOptions options;
  options.target = "y";
  EXPECT_EQ(load_dataset(dir.file("p.csv.gz"), options).y, plain.y);
}

TEST(ReadCsv, BrokenGzipIsANamedDataError) {
  test::TempDir dir;
  std::string bytes = test::TempDir::read(gzip_file(dir, "ok.csv.gz", "a,y\n1,0\n2,1\n3,0\n"));
  const std::string truncated = dir.write("cut.csv.gz", bytes.substr(0, bytes.size() - 6));
  REGKIT_EXPECT_ERROR(read_csv(truncated, target("y")), DataError, "cut.csv.gz: gzip: truncated stream");
  CsvOptions small = target("y");
  small.limits.max_bytes = 200;  // the compressed file fits, its content does not
  const std::string big = gzip_file(dir, "big.csv.gz", "a,y\n" + std::string(4000, '1') + ",0\n");
  REGKIT_EXPECT_ERROR(read_csv(big, small), DataError, "big.csv.gz: gzip: the decompressed data exceeds the read limit of 200 bytes");
}

TEST(ReadCsv, HeaderlessWithTheTargetByIndex) {
  test::TempDir dir;
  const auto path = dir.write("n.csv", "1,2,7\n3,4,8\n\n5,6,9\n");
  CsvOptions last;
  last.header = false;
  last.target_index = -1;
  const Dataset d = read_csv(path, last);
  const Matrix& X = std::get<Matrix>(d.X);
  ASSERT_EQ(X.rows(), 3);
  ASSERT_EQ(X.cols(), 2);
  EXPECT_EQ(X(2, 1), 6.0);
  EXPECT_EQ(d.y, (Vector(3) << 7, 8, 9).finished());
  EXPECT_TRUE(d.feature_names.empty());
  CsvOptions first = last;
  first.target_index = 0;
  EXPECT_EQ(read_csv(path, first).y, (Vector(3) << 1, 3, 5).finished());
  CsvOptions none;
  none.header = false;
  EXPECT_EQ(std::get<Matrix>(read_csv(path, none).X).cols(), 3);
  // with a header, the index counts the header's columns
  CsvOptions indexed;
  indexed.target_index = 1;
  const Dataset h = read_csv(dir.write("h.csv", "a,b,c\n1,2,3\n"), indexed);
  EXPECT_EQ(h.target_name, "b");
  EXPECT_EQ(h.feature_names, (std::vector<std::string>{"a", "c"}));
}

TEST(ReadCsv, HeaderlessErrorsNameLineFieldAndIndex) {
  test::TempDir dir;
  CsvOptions options;
  options.header = false;
  options.target_index = 3;
  REGKIT_EXPECT_ERROR(read_csv(dir.write("n.csv", "1,2,7\n"), options), DataError,
                      "target column index 3 is outside the 3 columns; expected 0..2 or -1..-3");
  options.target_index = -1;
  REGKIT_EXPECT_ERROR(read_csv(dir.write("short.csv", "1,2,7\n3,4\n"), options), DataError,
                      "short.csv:2: expected 3 fields as in the first line, found 2");
  REGKIT_EXPECT_ERROR(read_csv(dir.write("nan.csv", "1,2,7\n3,nan,1\n"), options), DataError,
                      "nan.csv:2: (field 2): non-finite value");
  CsvOptions both = target("y");
  both.target_index = 0;
  REGKIT_EXPECT_ERROR(read_csv(dir.file("n.csv"), both), InvalidArgument, "by name ('y') or by index (0), not both");
  CsvOptions named = target("y");
  named.header = false;
  REGKIT_EXPECT_ERROR(read_csv(dir.file("n.csv"), named), InvalidArgument, "the file has no header");
}

TEST(ReadCsv, ScikitLearnsBundledDigits) {
  const std::string digits = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  if (!std::filesystem::exists(digits)) GTEST_SKIP() << digits << " is not installed (python3-sklearn)";
  LoadOptions options;
  options.header = false;
  options.target_index = -1;
  const Dataset d = load_dataset(digits, options);
  EXPECT_EQ(d.n_samples(), 1797);
  EXPECT_EQ(d.n_features(), 64);
  EXPECT_EQ(d.y.minCoeff(), 0.0);
  EXPECT_EQ(d.y.maxCoeff(), 9.0);
  EXPECT_EQ(std::get<Matrix>(d.X).maxCoeff(), 16.0);
}

}  // namespace
}  // namespace regkit::data
