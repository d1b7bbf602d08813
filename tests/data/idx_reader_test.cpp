#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/expect_error.hpp"
#include "support/idx_bytes.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

using test::idx_bytes;

// Compresses with zlib's gzip writer (not our code).
std::string write_gzip(const std::string& path, const std::string& content) {
  gzFile out = gzopen(path.c_str(), "wb");
  EXPECT_NE(out, nullptr);
  if (!content.empty()) {
    EXPECT_EQ(gzwrite(out, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
  }
  EXPECT_EQ(gzclose(out), Z_OK);
  return path;
}

TEST(ReadIdx, PlainUint8ImagesRoundTrip) {
  test::TempDir dir;
  std::string pixels;
  for (int i = 0; i < 2 * 3 * 4; ++i) pixels += static_cast<char>(i * 10);
  const auto path = dir.write("images-idx3-ubyte", idx_bytes(0x08, {2, 3, 4}, pixels));
  const RawArray a = read_idx(path);
  EXPECT_EQ(a.dtype, DType::u8);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3, 4}));
  for (int i = 0; i < 24; ++i) EXPECT_EQ(a.at(i), i * 10.0);
}

TEST(ReadIdx, BigEndianValuesDecodeFromHandBuiltBytes) {
  test::TempDir dir;
  const RawArray i16 = read_idx(dir.write("a", idx_bytes(0x0B, {2}, std::string("\x01\x02\xFF\xFE", 4))));
  EXPECT_EQ(i16.at(0), 258.0);
  EXPECT_EQ(i16.at(1), -2.0);
  const RawArray i32 = read_idx(dir.write("b", idx_bytes(0x0C, {1}, std::string("\xFF\xFF\xFF\xFE", 4))));
  EXPECT_EQ(i32.at(0), -2.0);
  const RawArray f32 = read_idx(dir.write("c", idx_bytes(0x0D, {1}, std::string("\x3F\x80\x00\x00", 4))));
  EXPECT_EQ(f32.at(0), 1.0);
  const RawArray f64 = read_idx(dir.write("d", idx_bytes(0x0E, {1}, std::string("\x40\x09\x21\xFB\x54\x44\x2D\x18", 8))));
  EXPECT_EQ(f64.at(0), M_PI);
  const RawArray i8 = read_idx(dir.write("e", idx_bytes(0x09, {1, 1}, std::string("\x80", 1))));
  EXPECT_EQ(i8.at(0), -128.0);
}

TEST(ReadIdx, GzipIsDetectedByMagicNotName) {
  test::TempDir dir;
  const std::string content = idx_bytes(0x0B, {3}, std::string("\x00\x01\x01\x00\xFF\xFF", 6));
  const RawArray a = read_idx(write_gzip(dir.file("labels.bin"), content));
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(a.at(0), 1.0);
  EXPECT_EQ(a.at(1), 256.0);
  EXPECT_EQ(a.at(2), -1.0);
}

TEST(ReadIdx, ConcatenatedGzipMembersAreDecodedCompletely) {
  test::TempDir dir;
  const std::string content = idx_bytes(0x08, {6}, "abcdef");
  const std::string first = test::TempDir::read(write_gzip(dir.file("1.gz"), content.substr(0, 7)));
  const std::string second = test::TempDir::read(write_gzip(dir.file("2.gz"), content.substr(7)));
  const RawArray a = read_idx(dir.write("both.gz", first + second));
  ASSERT_EQ(a.size(), 6);
  EXPECT_EQ(a.at(5), static_cast<double>('f'));
}

TEST(ReadIdx, BadMagicNamesTheBytesFound) {
  test::TempDir dir;
  REGKIT_EXPECT_ERROR(read_idx(dir.write("x", "PK\x03\x04zzzz")), DataError, "bad IDX magic 0x50 0x4B");
  REGKIT_EXPECT_ERROR(read_idx(dir.write("y", idx_bytes(0x0A, {1}, "a"))), DataError,
                      "unknown type code 0x0A");
  REGKIT_EXPECT_ERROR(read_idx(dir.write("z", idx_bytes(0x08, {}, ""))), DataError,
                      "z: bad IDX magic 0x00 0x00 0x08 0x00: 0 dimensions");
  REGKIT_EXPECT_ERROR(read_idx(dir.write("w", std::string(2, '\0'))), DataError, "w: not an IDX file: 2 bytes");
}

TEST(ReadIdx, SizeMismatchesStateDeclaredAndActualBytes) {
  test::TempDir dir;
  const auto short_file = dir.write("short-ubyte", idx_bytes(0x08, {10, 28, 28}, std::string(100, 'x')));
  REGKIT_EXPECT_ERROR(read_idx(short_file), DataError,
                      "short-ubyte: header claims 10 x 28 x 28 uint8 (7840 bytes) but file has 100 bytes of data");
  const auto long_file = dir.write("long-ubyte", idx_bytes(0x0C, {2}, std::string(12, 'x')));
  REGKIT_EXPECT_ERROR(read_idx(long_file), DataError,
                      "long-ubyte: trailing data: header claims 2 int32 (8 bytes) but file has 12 bytes");
  const auto header = dir.write("header-ubyte", std::string("\0\0\x08\x03\0\0\0\x01", 8));
  REGKIT_EXPECT_ERROR(read_idx(header), DataError, "header-ubyte: truncated IDX header: expected 16 bytes");
}

TEST(ReadIdx, HugeDimensionsAreRejectedBeforeAllocating) {
  test::TempDir dir;
  const auto overflow = dir.write("o", idx_bytes(0x0E, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, ""));
  REGKIT_EXPECT_ERROR(read_idx(overflow), DataError, "overflows a 64-bit byte count");
  // Found by fuzz_idx / fuzz_idx_gz: an empty array (a zero extent) whose other extents
  // multiply past 2^63 passed the byte check and overflowed RawArray::size() (UBSan).
  const auto zero_last = dir.write("z", idx_bytes(0x0E, {0xFF1FFFFF, 0xFFFF0000, 0, 0x14FFFF}, ""));
  REGKIT_EXPECT_ERROR(read_idx(zero_last), DataError, "overflows a 64-bit byte count");
  EXPECT_EQ(read_idx(dir.write("e", idx_bytes(0x08, {0, 5, 7}, ""))).size(), 0);
  const auto big = dir.write("b", idx_bytes(0x08, {100000, 100000}, ""));
  ReadLimits limits;
  limits.max_bytes = 1 << 20;
  REGKIT_EXPECT_ERROR(read_idx(big, limits), DataError, "exceeds the read limit of 1048576 bytes");
  // gzip: a tiny stream cannot hold what the header claims (deflate's ratio is <= 1032:1).
  const auto gz = write_gzip(dir.file("claims.gz"), idx_bytes(0x08, {60000, 28, 28}, "xyz"));
  REGKIT_EXPECT_ERROR(read_idx(gz), DataError, "gzip file cannot decompress to more than");
}

TEST(ReadIdx, GzipTruncationCorruptionAndTrailingDataAreErrors) {
  test::TempDir dir;
  std::string payload;
  for (int i = 0; i < 5000; ++i) payload += static_cast<char>((i * 7919) % 251);
  const std::string content = idx_bytes(0x08, {5000}, payload);
  const std::string good = test::TempDir::read(write_gzip(dir.file("good.gz"), content));
  ASSERT_EQ(read_idx(dir.file("good.gz")).size(), 5000);

  const auto truncated = dir.write("truncated.gz", good.substr(0, good.size() - 12));
  REGKIT_EXPECT_ERROR(read_idx(truncated), DataError, "truncated.gz: gzip: truncated stream");
  std::string bad_crc = good;
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  REGKIT_EXPECT_ERROR(read_idx(dir.write("crc.gz", bad_crc)), DataError, "crc.gz: gzip: corrupt stream: incorrect data check");
  std::string bad_size = good;
  bad_size[bad_size.size() - 4] ^= 0x01;
  REGKIT_EXPECT_ERROR(read_idx(dir.write("isize.gz", bad_size)), DataError, "isize.gz: gzip: corrupt stream: incorrect length check");
  REGKIT_EXPECT_ERROR(read_idx(dir.write("garbage.gz", good + "junk")), DataError,
                      "garbage.gz: gzip: 4 bytes of trailing garbage");
  const auto shorter = write_gzip(dir.file("shorter.gz"), content.substr(0, content.size() - 10));
  REGKIT_EXPECT_ERROR(read_idx(shorter), DataError,
                      "shorter.gz: header claims 5000 uint8 (5000 bytes) but the gzip stream holds only 4990 bytes");
  const auto longer = write_gzip(dir.file("longer.gz"), content + "extra");
  REGKIT_EXPECT_ERROR(read_idx(longer), DataError, "longer.gz: trailing data: the decompressed data exceeds");
}

TEST(ReadIdx, DecompressionBombStopsAtTheDeclaredSize) {
  // 10 bytes declared, 16 MiB of zeros following (about 1000:1): the reader inflates
  // 11 bytes of data and stops.
  test::TempDir dir;
  gzFile out = gzopen(dir.file("bomb.gz").c_str(), "wb9");
  const std::string header = idx_bytes(0x08, {10}, "");
  gzwrite(out, header.data(), static_cast<unsigned>(header.size()));
  const std::string zeros(1 << 20, '\0');
  for (int i = 0; i < 16; ++i) gzwrite(out, zeros.data(), static_cast<unsigned>(zeros.size()));
  gzclose(out);
  REGKIT_EXPECT_ERROR(read_idx(dir.file("bomb.gz")), DataError, "trailing data");
}

TEST(ReadIdx, FashionMnistTestLabelsAreBalanced) {
  const std::string path = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not installed";
  const RawArray labels = read_idx(path);
  ASSERT_EQ(labels.dtype, DType::u8);
  ASSERT_EQ(labels.shape, (std::vector<std::int64_t>{10000}));
  std::vector<int> per_class(10, 0);
  for (std::int64_t i = 0; i < labels.size(); ++i) {
    const double label = labels.at(i);
    ASSERT_GE(label, 0.0);
    ASSERT_LE(label, 9.0);
    ++per_class[static_cast<std::size_t>(label)];
  }
  for (int c = 0; c < 10; ++c) EXPECT_EQ(per_class[static_cast<std::size_t>(c)], 1000) << "class " << c;
}

}  // namespace
}  // namespace regkit::data
