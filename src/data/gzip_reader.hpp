// GzipReader: a gzip stream held in memory, inflated on demand into caller buffers
// (shared by the IDX and CSV readers). Concatenated members are decoded in full;
// truncated streams, bad CRC32 / ISIZE trailers and trailing garbage are DataErrors
// prefixed with `where`.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

#include "regkit/core/errors.hpp"

namespace regkit::data::detail {

inline bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

class GzipReader {
 public:
  GzipReader(std::string where, std::string_view compressed)
      : where_(std::move(where)), input_(compressed) {
    stream_.zalloc = Z_NULL;
    stream_.zfree = Z_NULL;
    stream_.opaque = Z_NULL;
    stream_.next_in = Z_NULL;
    stream_.avail_in = 0;
    if (inflateInit2(&stream_, 15 + 16) != Z_OK)
      throw DataError(where_ + "cannot initialise zlib");
  }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;
  ~GzipReader() { inflateEnd(&stream_); }

  // Inflates up to `count` bytes into `out`; fewer only at the end of the last member.
  std::size_t read(std::uint8_t* out, std::size_t count) {
    std::size_t produced = 0;
    while (produced < count && !finished_) {
      if (stream_.avail_in == 0 && fed_ < input_.size()) {
        const std::size_t chunk = std::min<std::size_t>(input_.size() - fed_, UINT_MAX);
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input_.data() + fed_));
        stream_.avail_in = static_cast<uInt>(chunk);
        fed_ += chunk;
      }
      const std::size_t room = std::min<std::size_t>(count - produced, UINT_MAX);
      stream_.next_out = out + produced;
      stream_.avail_out = static_cast<uInt>(room);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      produced += room - stream_.avail_out;
      const std::size_t remaining = stream_.avail_in + (input_.size() - fed_);
      if (rc == Z_STREAM_END) {
        if (remaining == 0) {
          finished_ = true;
        } else if (remaining >= 2 && next_input_byte(0) == 0x1F && next_input_byte(1) == 0x8B) {
          inflateReset(&stream_);  // another gzip member follows
        } else {
          throw DataError(where_ + "gzip: " + std::to_string(remaining) +
                          " bytes of trailing garbage after the compressed stream");
        }
      } else if (rc == Z_BUF_ERROR && remaining == 0) {
        throw DataError(where_ + "gzip: truncated stream (the compressed data ends before the "
                                 "end-of-stream marker and trailer)");
      } else if (rc != Z_OK) {
        throw DataError(where_ + "gzip: corrupt stream: " +
                        (stream_.msg ? std::string(stream_.msg) : "zlib error " + std::to_string(rc)));
      }
    }
    return produced;
  }

 private:
  std::uint8_t next_input_byte(std::size_t k) const {
    if (k < stream_.avail_in) return stream_.next_in[k];
    return static_cast<std::uint8_t>(input_[fed_ + (k - stream_.avail_in)]);
  }

  std::string where_;
  std::string_view input_;
  std::size_t fed_ = 0;
  z_stream stream_{};
  bool finished_ = false;
};

// The whole decompressed content of a gzip stream; DataError (prefixed with `where`)
// when it would exceed max_bytes.
std::string gunzip(const std::string& where, std::string_view compressed, std::uint64_t max_bytes);

}  // namespace regkit::data::detail
