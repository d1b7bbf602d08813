#include <gtest/gtest.h>

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

}  // namespace
}  // namespace regkit::data
