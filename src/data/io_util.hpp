// Internal helpers shared by the readers: bounded whole-file reads, errno text, and the
// one number parser every text format uses (so CSV and LIBSVM accept the same tokens).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "regkit/data/dataset.hpp"

namespace regkit::data::detail {

std::string errno_text(int error);

// A file's whole content. Reading it is one allocation of exactly the file size, after
// checking that size against `max_bytes` ("exceeds the read limit of N bytes").
struct FileBytes {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};
FileBytes read_file(const std::string& path, std::uint64_t max_bytes);

// An open file read with pread; closes itself.
class InputFile {
 public:
  explicit InputFile(const std::string& path);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();
  std::uint64_t size() const { return size_; }
  // Reads exactly `count` bytes at `offset`; DataError naming the file otherwise.
  void read_at(std::uint64_t offset, void* out, std::size_t count) const;

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// Number tokens, one policy for every text reader:
//   accepted: decimal and exponent forms ("1", "-2.5", ".5", "5.", "1e-3"), a leading '+',
//             underflow ("1e-400") -> 0 or a subnormal;
//   rejected: empty, "nan", "inf", "Infinity" (non_finite), "1e400" (out_of_range),
//             hex floats "0x1p3", "1_1", "1,5", "NA", "?" and anything with trailing
//             characters (invalid). Surrounding spaces are trimmed by the callers.
enum class ParseStatus { ok, invalid, non_finite, out_of_range };
ParseStatus parse_double(std::string_view token, double& value);

// A token quoted in a message, cut to at most 100 characters.
std::string quote_token(std::string_view token);

std::string format_bytes(std::uint64_t bytes);  // "24000 bytes"

// Swaps the bytes of each element of `bytes` (element size `width`).
void byteswap_elements(std::vector<std::uint8_t>& bytes, std::size_t width);

// "1000 x 3 float64 (24000 bytes)"
std::string describe(const std::vector<std::int64_t>& shape, DType dtype, std::uint64_t bytes);

// The byte count of an array of this shape and dtype, checked before any allocation:
// DataError (prefixed with `where`) when a dimension is negative, the product overflows
// 64 bits, or the count exceeds limits.max_bytes ("exceeds the read limit of N bytes").
std::uint64_t checked_bytes(const std::string& where, const std::vector<std::int64_t>& shape,
                            DType dtype, const ReadLimits& limits);

}  // namespace regkit::data::detail
