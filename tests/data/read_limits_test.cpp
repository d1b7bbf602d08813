// ReadLimits::max_bytes bounds what a read may allocate, for every format, with an error
// naming the limit; LIBSVM's column-start array and CSV's decoded numbers are counted,
// not only the file size. parse_byte_count and REGKIT_MAX_READ_BYTES set the limit.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

TEST(ReadLimits, LibsvmHugeIndexIsRefusedBeforeAllocatingItsColumns) {
  test::TempDir dir;
  // 15 bytes that would ask for 2^31 column starts (16 GiB) without the check.
  const std::string path = dir.write("huge.svm", "1 2147483647:1\n");
  LibsvmOptions options;
  REGKIT_EXPECT_ERROR(read_libsvm(path, options), DataError, "2147483647 features");
  REGKIT_EXPECT_ERROR(read_libsvm(path, options), DataError, "exceeds the read limit of 8589934592 bytes");
  options.limits.max_bytes = 1 << 20;
  const std::string wide = dir.write("wide.svm", "1 200000:1\n");
  REGKIT_EXPECT_ERROR(read_libsvm(wide, options), DataError, "exceeds the read limit of 1048576 bytes");
  options.n_features = 1000000;
  REGKIT_EXPECT_ERROR(read_libsvm(dir.write("n.svm", "1 1:1\n"), options), DataError, "1000000 features");
  options = {};
  options.limits.max_bytes = 1 << 20;
  EXPECT_EQ(read_libsvm(dir.write("ok.svm", "1 1000:1\n"), options).n_features(), 1000);
}

TEST(ReadLimits, CsvDecodedNumbersCountAgainstTheLimit) {
  test::TempDir dir;
  std::string text = "a,b,y\n";
  for (int i = 0; i < 100; ++i) text += "1,2,3\n";
  const std::string path = dir.write("d.csv", text);  // 606 bytes, 300 numbers (4800 decoded)
  CsvOptions options;
  options.target = "y";
  options.limits.max_bytes = 2000;  // the file fits, its numbers do not
  REGKIT_EXPECT_ERROR(read_csv(path, options), DataError, "needs more than the read limit of 2000 bytes");
  REGKIT_EXPECT_ERROR(read_csv(path, options), DataError, "--max-read-bytes");
  options.limits.max_bytes = 5000;
  EXPECT_EQ(read_csv(path, options).n_samples(), 100);
}

TEST(ReadLimits, ByteCountsParseWithBinaryUnits) {
  EXPECT_EQ(parse_byte_count("4096", "x"), 4096u);
  EXPECT_EQ(parse_byte_count("64K", "x"), 65536u);
  EXPECT_EQ(parse_byte_count("512M", "x"), 512ull << 20);
  EXPECT_EQ(parse_byte_count("8G", "x"), 8ull << 30);
  EXPECT_EQ(parse_byte_count("8GiB", "x"), 8ull << 30);
  EXPECT_EQ(parse_byte_count("2gb", "x"), 2ull << 30);
  EXPECT_EQ(parse_byte_count("1T", "x"), 1ull << 40);
  REGKIT_EXPECT_ERROR(parse_byte_count("", "--max-read-bytes"), InvalidArgument, "--max-read-bytes");
  REGKIT_EXPECT_ERROR(parse_byte_count("-1", "x"), InvalidArgument, "expected a byte count");
  REGKIT_EXPECT_ERROR(parse_byte_count("12Q", "x"), InvalidArgument, "expected a byte count");
  REGKIT_EXPECT_ERROR(parse_byte_count("0", "x"), InvalidArgument, "at least 1 byte");
  REGKIT_EXPECT_ERROR(parse_byte_count("99999999999T", "x"), InvalidArgument, "overflows");
}

TEST(ReadLimits, EnvironmentVariableSetsTheDefault) {
  ::setenv("REGKIT_MAX_READ_BYTES", "1K", 1);
  EXPECT_EQ(read_limits_from_environment().max_bytes, 1024u);
  test::TempDir dir;
  std::string text = "a,y\n";
  for (int i = 0; i < 200; ++i) text += "1,2\n";
  LoadOptions options;
  options.target = "y";
  options.limits = read_limits_from_environment();
  REGKIT_EXPECT_ERROR(load_dataset(dir.write("d.csv", text), options), DataError, "read limit of 1024 bytes");
  ::setenv("REGKIT_MAX_READ_BYTES", "lots", 1);
  REGKIT_EXPECT_ERROR(read_limits_from_environment(), InvalidArgument, "REGKIT_MAX_READ_BYTES");
  ::unsetenv("REGKIT_MAX_READ_BYTES");
  EXPECT_EQ(read_limits_from_environment().max_bytes, 8ull << 30);
}

}  // namespace
}  // namespace regkit::data
