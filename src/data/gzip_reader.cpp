#include "gzip_reader.hpp"

#include "io_util.hpp"

namespace regkit::data::detail {

std::string gunzip(const std::string& where, std::string_view compressed, std::uint64_t max_bytes) {
  GzipReader reader(where, compressed);
  std::string out;
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  for (;;) {
    const std::size_t have = out.size();
    if (have > max_bytes)
      throw DataError(where + "gzip: the decompressed data exceeds the read limit of " + format_bytes(max_bytes));
    out.resize(have + kChunk);
    const std::size_t got = reader.read(reinterpret_cast<std::uint8_t*>(out.data() + have), kChunk);
    out.resize(have + got);
    if (got < kChunk) break;
  }
  if (out.size() > max_bytes)
    throw DataError(where + "gzip: the decompressed data exceeds the read limit of " + format_bytes(max_bytes));
  return out;
}

}  // namespace regkit::data::detail
