// Internal helpers for the readers: see io_util.hpp.
#include "io_util.hpp"

#include <fcntl.h>
#include <locale.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <system_error>

#include "regkit/core/errors.hpp"

namespace regkit::data::detail {

std::string errno_text(int error) { return std::generic_category().message(error); }

std::string format_bytes(std::uint64_t bytes) { return std::to_string(bytes) + " bytes"; }

InputFile::InputFile(const std::string& path) : path_(path) {
  // O_NONBLOCK: opening a FIFO that has no writer must not hang; it is refused below.
  do {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) throw DataError("cannot open '" + path + "': " + errno_text(errno));
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int error = errno;
    ::close(fd_);
    throw DataError("cannot read '" + path + "': " + errno_text(error));
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd_);
    throw DataError("cannot read '" + path + "': it is a directory");
  }
  // The readers map or size the whole file first: a pipe, FIFO or terminal has no size
  // and would read as empty. (/dev/stdin redirected from a file is that file: it works.)
  if (!S_ISREG(info.st_mode)) {
    ::close(fd_);
    throw DataError("cannot read '" + path + "': it is not a regular file (a pipe, FIFO, device or socket); "
                    "save the data to a file and give its name");
  }
  size_ = static_cast<std::uint64_t>(info.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void InputFile::read_at(std::uint64_t offset, void* out, std::size_t count) const {
  auto* cursor = static_cast<char*>(out);
  while (count > 0) {
    const std::size_t chunk = count < (std::size_t{1} << 30) ? count : (std::size_t{1} << 30);
    const ssize_t got = ::pread(fd_, cursor, chunk, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw DataError("cannot read '" + path_ + "': " + errno_text(errno));
    }
    if (got == 0)
      throw DataError(path_ + ": unexpected end of file at byte " + std::to_string(offset) +
                      " (the file changed while being read?)");
    cursor += got;
    offset += static_cast<std::uint64_t>(got);
    count -= static_cast<std::size_t>(got);
  }
}

FileBytes::~FileBytes() {
  if (data_ != nullptr && size_ > 0) ::munmap(const_cast<char*>(data_), size_);
}

void advise_huge_pages(const void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  const auto first = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto last = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (data != nullptr && last > first)
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);  // advice only
#else
  (void)data;
  (void)bytes;
#endif
}

FileBytes read_file(const std::string& path, std::uint64_t max_bytes) {
  InputFile file(path);
  if (file.size() > max_bytes)
    throw DataError(path + ": the file has " + format_bytes(file.size()) +
                    ", which exceeds the read limit of " + format_bytes(max_bytes));
  if (file.size() == 0) return FileBytes();
  const auto size = static_cast<std::size_t>(file.size());
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file.fd(), 0);
  if (mapped == MAP_FAILED) throw DataError("cannot map '" + path + "': " + errno_text(errno));
  ::madvise(mapped, size, MADV_SEQUENTIAL);
  return FileBytes(static_cast<const char*>(mapped), size);
}

namespace {
// Only reached for tokens from_chars found out of range: strtod in the "C" locale tells
// overflow (HUGE_VAL) from underflow (0 or a subnormal).
double strtod_c_locale(std::string_view token) {
  static const locale_t c_locale = ::newlocale(LC_ALL_MASK, "C", locale_t{});
  const std::string copy(token);
  return ::strtod_l(copy.c_str(), nullptr, c_locale);
}
}  // namespace

ParseStatus parse_double_slow(std::string_view token, double& value) {
  const char* first = token.data();
  const char* last = first + token.size();
  if (first != last && *first == '+') {
    ++first;
    if (first == last || *first == '-' || *first == '+') return ParseStatus::invalid;
  }
  if (first == last) return ParseStatus::invalid;
  const auto [end, error] = std::from_chars(first, last, value, std::chars_format::general);
  if (end != last) return ParseStatus::invalid;
  if (error == std::errc::result_out_of_range) {
    const double rough = strtod_c_locale(std::string_view(first, static_cast<std::size_t>(last - first)));
    if (std::isinf(rough)) return ParseStatus::out_of_range;
    value = rough;
    return ParseStatus::ok;
  }
  if (error != std::errc{}) return ParseStatus::invalid;
  if (!std::isfinite(value)) return ParseStatus::non_finite;
  return ParseStatus::ok;
}

std::string quote_token(std::string_view token) {
  // Built by append (GCC 12 warns falsely about "'" + std::string(...), bug 105651).
  std::string quoted;
  quoted.reserve(std::min<std::size_t>(token.size(), 100) + 32);
  quoted.push_back('\'');
  quoted.append(token.substr(0, 100));
  if (token.size() <= 100) {
    quoted.push_back('\'');
  } else {
    quoted.append("...' (");
    quoted.append(std::to_string(token.size()));
    quoted.append(" characters)");
  }
  return quoted;
}

void byteswap_elements(std::vector<std::uint8_t>& bytes, std::size_t width) {
  if (width <= 1) return;
  for (std::size_t i = 0; i + width <= bytes.size(); i += width)
    std::reverse(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                 bytes.begin() + static_cast<std::ptrdiff_t>(i + width));
}

// "1000 x 3 float64 (24000 bytes)"
std::string describe(const std::vector<std::int64_t>& shape, DType dtype, std::uint64_t bytes) {
  std::string text;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += " x ";
    text += std::to_string(shape[i]);
  }
  if (shape.empty()) text = "scalar";
  return text + " " + dtype_name(dtype) + " (" + format_bytes(bytes) + ")";
}

// The number of bytes of an array of this shape and dtype; DataError (with `where`) when
// the product overflows 64 bits or exceeds `limits`.
std::uint64_t checked_bytes(const std::string& where, const std::vector<std::int64_t>& shape,
                            DType dtype, const ReadLimits& limits) {
  // The product of the non-zero extents must fit a signed 64-bit count as well (a
  // shape like 4294967295 x 4096 x 655360 x 0 is empty, but its prefix products do not
  // fit, and every consumer multiplies extents in int64).
  std::uint64_t count = 1, nonzero = 1;
  bool overflow = false;
  for (const auto extent : shape) {
    if (extent < 0) throw DataError(where + "negative dimension " + std::to_string(extent) + " in the shape");
    overflow = overflow || __builtin_mul_overflow(count, static_cast<std::uint64_t>(extent), &count);
    if (extent != 0)
      overflow = overflow || __builtin_mul_overflow(nonzero, static_cast<std::uint64_t>(extent), &nonzero) ||
                 nonzero > static_cast<std::uint64_t>(INT64_MAX);
  }
  std::uint64_t bytes = 0;
  overflow = overflow || __builtin_mul_overflow(count, std::uint64_t{dtype_size(dtype)}, &bytes);
  std::string dims;
  for (std::size_t i = 0; i < shape.size(); ++i) dims += (i ? " x " : "") + std::to_string(shape[i]);
  if (overflow)
    throw DataError(where + "the shape " + dims + " of " + dtype_name(dtype) +
                    " overflows a 64-bit byte count");
  if (bytes > limits.max_bytes)
    throw DataError(where + "the array " + describe(shape, dtype, bytes) +
                    " exceeds the read limit of " + format_bytes(limits.max_bytes));
  return bytes;
}

std::uint64_t checked_data_bytes(const std::string& where, const std::vector<std::int64_t>& shape,
                                 DType dtype, std::uint64_t available, const ReadLimits& limits) {
  const std::uint64_t expected = checked_bytes(where, shape, dtype, limits);
  if (available < expected)
    throw DataError(where + "header claims " + describe(shape, dtype, expected) + " but file has " +
                    format_bytes(available) + " of data");
  if (available > expected)
    throw DataError(where + "trailing data: header claims " + describe(shape, dtype, expected) +
                    " but file has " + format_bytes(available) + " of data");
  return expected;
}

}  // namespace regkit::data::detail
