// IDX files (MNIST, Fashion-MNIST), plain or gzip-compressed:
//   bytes 0-1: 0 0; byte 2: type (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32,
//   0x0E f64); byte 3: ndims (1..4); then ndims big-endian u32 dimensions; then the
//   data, big-endian, C order. Returned in host byte order.
// Gzip is detected from the magic bytes 1f 8b, not the file name. The decoded size is
// implied by the header: the reader never inflates more than that plus one byte (to see
// trailing data), refuses a header claiming more than the compressed file could hold
// (deflate expands at most 1032:1), and rejects truncated streams, bad CRC32 / ISIZE
// trailers and garbage after the last member; concatenated members are decoded in full.
#include <bit>
#include <climits>
#include <optional>
#include <tuple>
#include <cstring>

#include "gzip_reader.hpp"
#include "io_util.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"

namespace regkit::data {

namespace {

constexpr int kMaxDims = 4;
constexpr std::uint64_t kMaxDeflateRatio = 1032;

std::string hex_byte(unsigned value) {
  static const char digits[] = "0123456789ABCDEF";
  return std::string("0x") + digits[(value >> 4) & 0xF] + digits[value & 0xF];
}

std::optional<DType> idx_type(std::uint8_t code) {
  switch (code) {
    case 0x08: return DType::u8;
    case 0x09: return DType::i8;
    case 0x0B: return DType::i16;
    case 0x0C: return DType::i32;
    case 0x0D: return DType::f32;
    case 0x0E: return DType::f64;
    default: return std::nullopt;
  }
}

struct IdxHeader {
  DType dtype;
  std::vector<std::int64_t> shape;
};

// Checks the 4 magic bytes; returns the dtype and the number of dimensions.
std::pair<DType, int> parse_magic(const std::string& where, const std::uint8_t magic[4]) {
  const std::string found = hex_byte(magic[0]) + " " + hex_byte(magic[1]) + " " +
                            hex_byte(magic[2]) + " " + hex_byte(magic[3]);
  if (magic[0] != 0 || magic[1] != 0)
    throw DataError(where + "bad IDX magic " + found + "; expected 0x00 0x00 <type> <ndims>");
  const auto dtype = idx_type(magic[2]);
  if (!dtype)
    throw DataError(where + "bad IDX magic " + found + ": unknown type code " + hex_byte(magic[2]) +
                    "; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E");
  if (magic[3] == 0 || magic[3] > kMaxDims)
    throw DataError(where + "bad IDX magic " + found + ": " + std::to_string(magic[3]) +
                    " dimensions; expected 1 to " + std::to_string(kMaxDims));
  return {*dtype, magic[3]};
}

std::vector<std::int64_t> parse_dims(const std::uint8_t* bytes, int ndims) {
  std::vector<std::int64_t> shape(static_cast<std::size_t>(ndims));
  for (int d = 0; d < ndims; ++d) {
    const std::uint8_t* b = bytes + 4 * d;
    shape[static_cast<std::size_t>(d)] =
        (std::int64_t{b[0]} << 24) | (std::int64_t{b[1]} << 16) | (std::int64_t{b[2]} << 8) | b[3];
  }
  return shape;
}

void to_host_order(RawArray& array) {
  if constexpr (std::endian::native == std::endian::little)
    detail::byteswap_elements(array.bytes, dtype_size(array.dtype));
}

RawArray read_idx_gzip(const std::string& path, const ReadLimits& limits) {
  const std::string where = path + ": ";
  const detail::FileBytes compressed = detail::read_file(path, limits.max_bytes);
  detail::GzipReader gzip(where, compressed.view());

  std::uint8_t magic[4];
  if (const std::size_t got = gzip.read(magic, 4); got < 4)
    throw DataError(where + "not an IDX file: the gzip stream decompresses to " + std::to_string(got) +
                    " bytes, shorter than the 4-byte IDX magic");
  RawArray array;
  int ndims = 0;
  std::tie(array.dtype, ndims) = parse_magic(where, magic);
  std::uint8_t dims[4 * kMaxDims];
  const std::size_t dims_bytes = 4 * static_cast<std::size_t>(ndims);
  if (const std::size_t got = gzip.read(dims, dims_bytes); got < dims_bytes)
    throw DataError(where + "truncated IDX header: expected " + std::to_string(dims_bytes) +
                    " bytes of dimensions after the magic, the gzip stream holds " + std::to_string(got));
  array.shape = parse_dims(dims, ndims);
  const std::uint64_t expected = detail::checked_bytes(where, array.shape, array.dtype, limits);
  const std::uint64_t ceiling = kMaxDeflateRatio * compressed.size() + 4096;
  if (expected > ceiling)
    throw DataError(where + "header claims " + detail::describe(array.shape, array.dtype, expected) +
                    " but a " + detail::format_bytes(compressed.size()) +
                    " gzip file cannot decompress to more than " + detail::format_bytes(ceiling));
  array.bytes.resize(static_cast<std::size_t>(expected));
  if (const std::size_t got = gzip.read(array.bytes.data(), array.bytes.size()); got < expected)
    throw DataError(where + "header claims " + detail::describe(array.shape, array.dtype, expected) +
                    " but the gzip stream holds only " + detail::format_bytes(got) + " of data");
  std::uint8_t extra = 0;
  if (gzip.read(&extra, 1) != 0)
    throw DataError(where + "trailing data: the decompressed data exceeds the " +
                    detail::describe(array.shape, array.dtype, expected) + " the header claims");
  to_host_order(array);
  return array;
}

RawArray read_idx_plain(const std::string& path, const detail::InputFile& file, const ReadLimits& limits) {
  const std::string where = path + ": ";
  std::uint8_t magic[4];
  file.read_at(0, magic, 4);
  RawArray array;
  int ndims = 0;
  std::tie(array.dtype, ndims) = parse_magic(where, magic);
  const std::uint64_t header_bytes = 4 + 4 * static_cast<std::uint64_t>(ndims);
  if (file.size() < header_bytes)
    throw DataError(where + "truncated IDX header: expected " + std::to_string(header_bytes) +
                    " bytes (magic and " + std::to_string(ndims) + " dimensions), file has " +
                    std::to_string(file.size()));
  std::uint8_t dims[4 * kMaxDims];
  file.read_at(4, dims, 4 * static_cast<std::size_t>(ndims));
  array.shape = parse_dims(dims, ndims);
  const std::uint64_t expected =
      detail::checked_data_bytes(where, array.shape, array.dtype, file.size() - header_bytes, limits);
  array.bytes.resize(static_cast<std::size_t>(expected));
  file.read_at(header_bytes, array.bytes.data(), array.bytes.size());
  to_host_order(array);
  return array;
}

}  // namespace

RawArray read_idx(const std::string& path, const ReadLimits& limits) {
  detail::InputFile file(path);
  if (file.size() < 4)
    throw DataError(path + ": not an IDX file: " + std::to_string(file.size()) +
                    " bytes, shorter than the 4-byte magic");
  std::uint8_t magic[2];
  file.read_at(0, magic, 2);
  if (magic[0] == 0x1F && magic[1] == 0x8B) return read_idx_gzip(path, limits);
  return read_idx_plain(path, file, limits);
}

}  // namespace regkit::data
