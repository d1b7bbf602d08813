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

// A file's whole content, memory-mapped read-only (no copy), after checking the file
// size against `max_bytes` ("exceeds the read limit of N bytes").
class FileBytes {
 public:
  FileBytes() = default;
  FileBytes(const char* data, std::size_t size) : data_(data), size_(size) {}
  FileBytes(FileBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  FileBytes& operator=(FileBytes&&) = delete;
  ~FileBytes();
  const char* data() const { return size_ > 0 ? data_ : ""; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data(), size_}; }

 private:
  const char* data_ = nullptr;  // a mapping of size_ bytes, or null when empty
  std::size_t size_ = 0;
};
FileBytes read_file(const std::string& path, std::uint64_t max_bytes);

// Advice that [data, data + bytes), allocated but not yet written, be backed by huge pages
// where transparent huge pages are enabled (madvise mode): the 2 MB-aligned part of it.
// A first write to fresh memory costs a page fault per 4 KB page, tens of microseconds
// each on some VMs; read_libsvm's arrays of a 114 MB file took some 60,000 of them.
void advise_huge_pages(const void* data, std::size_t bytes);

// An open regular file read with pread; closes itself. A directory, pipe, FIFO, device or
// socket is refused with a DataError naming it (such a file has no size to check).
class InputFile {
 public:
  explicit InputFile(const std::string& path);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();
  std::uint64_t size() const { return size_; }
  int fd() const { return fd_; }
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
ParseStatus parse_double_slow(std::string_view token, double& value);

// Clinger's fast path: a number of at most 19 digits whose mantissa m <= 2^53 and whose
// decimal exponent e has |e| <= 22 is exactly m * 10^e or m / 10^-e in one correctly
// rounded IEEE operation. Parses a number at the start of [p, last) and returns the
// first character after it, or nullptr (value untouched) when the text is not such a
// number (the caller then falls back to parse_double_slow for the exact answer).
inline const char* parse_decimal_prefix(const char* p, const char* last, double& value) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const auto digit = [](char c) { return static_cast<unsigned>(c - '0'); };
  bool negative = false;
  if (p != last && (*p == '-' || *p == '+')) negative = *p++ == '-';
  std::uint64_t mantissa = 0;
  const char* start = p;
  while (p != last && digit(*p) <= 9) mantissa = mantissa * 10 + digit(*p++);
  long count = p - start;
  long fraction = 0;
  if (p != last && *p == '.') {
    const char* fraction_start = ++p;
    while (p != last && digit(*p) <= 9) mantissa = mantissa * 10 + digit(*p++);
    fraction = p - fraction_start;
    count += fraction;
  }
  if (count == 0 || count > 19) return nullptr;
  long exponent = -fraction;
  if (p != last && (*p == 'e' || *p == 'E')) {
    ++p;
    bool exponent_negative = false;
    if (p != last && (*p == '-' || *p == '+')) exponent_negative = *p++ == '-';
    const char* exponent_start = p;
    long e = 0;
    while (p != last && digit(*p) <= 9 && p - exponent_start < 4) e = e * 10 + digit(*p++);
    if (p == exponent_start || (p != last && digit(*p) <= 9)) return nullptr;
    exponent += exponent_negative ? -e : e;
  }
  if (mantissa > (std::uint64_t{1} << 53) || exponent < -22 || exponent > 22) return nullptr;
  double v = static_cast<double>(mantissa);
  v = exponent < 0 ? v / kPow10[-exponent] : v * kPow10[exponent];
  value = negative ? -v : v;
  return p;
}

inline ParseStatus parse_double(std::string_view token, double& value) {
  const char* last = token.data() + token.size();
  double fast = 0.0;
  if (parse_decimal_prefix(token.data(), last, fast) == last) {
    value = fast;
    return ParseStatus::ok;
  }
  return parse_double_slow(token, value);
}

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

// checked_bytes, plus: the file holds exactly that many bytes of data after its header
// (`available`); DataError "header claims ... but file has ..." (or "trailing data: ...").
std::uint64_t checked_data_bytes(const std::string& where, const std::vector<std::int64_t>& shape,
                                 DType dtype, std::uint64_t available, const ReadLimits& limits);

}  // namespace regkit::data::detail
