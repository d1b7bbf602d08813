#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

const std::string kFixtures = std::string(REGKIT_TEST_DATA_DIR) + "/npy_fixtures/";

// A .npy file with the given header dict and data bytes (version 1.0).
std::string npy_bytes(const std::string& dict, const std::string& data, int major = 1) {
  std::string header = dict;
  const std::size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(major);
  bytes += '\0';
  const std::size_t length = header.size();
  bytes += static_cast<char>(length & 0xFF);
  bytes += static_cast<char>((length >> 8) & 0xFF);
  if (major != 1) bytes += std::string(2, '\0');
  return bytes + header + data;
}

TEST(ReadNpy, MatchesNumpyFixtures) {
  std::ifstream in(kFixtures + "expected.json");
  ASSERT_TRUE(in) << "missing " << kFixtures << "expected.json";
  const nlohmann::json expected = nlohmann::json::parse(in);
  const std::map<std::string, DType> dtypes = {
      {"u1", DType::u8}, {"i1", DType::i8}, {"i2", DType::i16}, {"i4", DType::i32},
      {"i8", DType::i64}, {"f4", DType::f32}, {"f8", DType::f64}};
  ASSERT_GE(expected["files"].size(), 10u);
  for (const auto& [name, info] : expected["files"].items()) {
    SCOPED_TRACE(name);
    const RawArray a = read_npy(kFixtures + name);
    EXPECT_EQ(a.dtype, dtypes.at(info["descr"].get<std::string>().substr(1)));
    EXPECT_EQ(a.shape, info["shape"].get<std::vector<std::int64_t>>());
    const auto values = info["values"].get<std::vector<double>>();
    ASSERT_EQ(a.size(), static_cast<std::int64_t>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(a.at(static_cast<std::int64_t>(i)), values[i]) << "element " << i;
  }
}

TEST(ReadNpy, FixturesIncludeFortranOrderAndBigEndian) {
  // Guards the fixture set itself: the cases the reader must transform are present.
  std::ifstream in(kFixtures + "expected.json");
  const nlohmann::json expected = nlohmann::json::parse(in);
  EXPECT_TRUE(expected["files"]["f4_fortran.npy"]["fortran_order"].get<bool>());
  EXPECT_EQ(expected["files"]["f8_big_endian.npy"]["descr"], ">f8");
  EXPECT_TRUE(expected["files"]["i4_big_endian_fortran.npy"]["fortran_order"].get<bool>());
}

TEST(WriteNpy, MatrixAndVectorRoundTrip) {
  test::TempDir dir;
  Matrix m(3, 2);
  m << 1.5, -2.0, 0.1, 1e300, -0.0, 3.0;
  write_npy(dir.file("m.npy"), m);
  const RawArray a = read_npy(dir.file("m.npy"));
  EXPECT_EQ(a.dtype, DType::f64);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(a.to_matrix("m"), m);
  Vector v(4);
  v << 1, 2, 3, 4.25;
  write_npy(dir.file("v.npy"), v);
  const RawArray b = read_npy(dir.file("v.npy"));
  EXPECT_EQ(b.shape, (std::vector<std::int64_t>{4}));
  EXPECT_EQ(b.to_vector("v"), v);
  // numpy's own layout: data starts at a multiple of 64 bytes.
  EXPECT_EQ((test::TempDir::read(dir.file("v.npy")).size() - 32) % 64, 0u);
}

TEST(ReadNpy, ParsesHeadersWithOtherSpacingAndKeyOrder) {
  test::TempDir dir;
  const std::string data("\x01\x02\x03\x04\x05\x06", 6);
  const auto path = dir.write(
      "h.npy", npy_bytes("{\"shape\":(2,3),'fortran_order' :False,  'descr':'|u1'}", data, 2));
  const RawArray a = read_npy(path);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.at(5), 6.0);
}

TEST(ReadNpy, BadMagicIsAnError) {
  test::TempDir dir;
  const auto path = dir.write("bad.npy", "PK\x03\x04 this is a zip file");
  REGKIT_EXPECT_ERROR(read_npy(path), DataError, path + ": not a .npy file: bad magic");
}

TEST(ReadNpy, UnsupportedDtypeIsNamed) {
  test::TempDir dir;
  const auto path = dir.write(
      "c.npy", npy_bytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", std::string(16, '\0')));
  REGKIT_EXPECT_ERROR(read_npy(path), DataError, "c.npy: unsupported dtype '<c16'");
  const auto structured = dir.write(
      "s.npy", npy_bytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                         std::string(8, '\0')));
  REGKIT_EXPECT_ERROR(read_npy(structured), DataError, "s.npy: unsupported dtype");
}

TEST(ReadNpy, HeaderClaimingMoreDataThanTheFileHoldsIsAnError) {
  test::TempDir dir;
  const auto path = dir.write(
      "short.npy",
      npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 3), }", std::string(2400, '\0')));
  REGKIT_EXPECT_ERROR(read_npy(path), DataError,
                      "short.npy: header claims 1000 x 3 float64 (24000 bytes) but file has 2400 "
                      "bytes of data");
}

TEST(ReadNpy, TrailingDataIsAnError) {
  test::TempDir dir;
  const auto path = dir.write(
      "long.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", std::string(24, '\0')));
  REGKIT_EXPECT_ERROR(read_npy(path), DataError, "long.npy: trailing data");
}

TEST(ReadNpy, ShapeOverflowIsCaughtBeforeAllocating) {
  test::TempDir dir;
  const auto path = dir.write(
      "o.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16), }", ""));
  REGKIT_EXPECT_ERROR(read_npy(path), DataError, "o.npy: the shape 4294967296 x 4294967296 x 16");
  REGKIT_EXPECT_ERROR(read_npy(path), DataError, "overflows");
}

TEST(ReadNpy, ArraysOverTheReadLimitAreRejected) {
  test::TempDir dir;
  const auto path = dir.write(
      "big.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000, 100), }", ""));
  REGKIT_EXPECT_ERROR(read_npy(path), DataError, "exceeds the read limit of 8589934592 bytes");
  ReadLimits small;
  small.max_bytes = 100;
  const auto ok = dir.write(
      "ok.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (20,), }", std::string(160, '\0')));
  REGKIT_EXPECT_ERROR(read_npy(ok, small), DataError, "exceeds the read limit of 100 bytes");
}

TEST(ReadNpy, MalformedHeadersAreErrors) {
  test::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{'descr': '<f8', 'fortran_order': False}", "the header lacks 'shape'"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }", "negative dimension -1"},
      {"{'descr': '<f8', 'fortran_order': maybe, 'shape': (2,), }", "fortran_order must be True or False"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", "malformed header"},
  };
  for (const auto& [dict, message] : cases) {
    const auto path = dir.write("m.npy", npy_bytes(dict, std::string(16, '\0')));
    REGKIT_EXPECT_ERROR(read_npy(path), DataError, "m.npy: " + message);
  }
  const auto truncated = dir.write("t.npy", std::string("\x93NUMPY\x01\x00\xff\x00{", 11));
  REGKIT_EXPECT_ERROR(read_npy(truncated), DataError, "t.npy: the header length 255 runs past the end");
  const auto version = dir.write("v.npy", std::string("\x93NUMPY\x04\x00\x10\x00{}", 12));
  REGKIT_EXPECT_ERROR(read_npy(version), DataError, "v.npy: unsupported .npy format version 4.0");
}

}  // namespace
}  // namespace regkit::data
