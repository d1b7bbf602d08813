// NumPy .npy files (format versions 1.0, 2.0, 3.0):
//   "\x93NUMPY" major minor, header length (u16 LE for 1.x, u32 LE for 2.x/3.x), then a
//   Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (n, p), }
//   padded with spaces and ending in '\n', then the raw array bytes.
// read_npy returns the array in C order and host byte order; write_npy writes version
// 1.0, '<f8', C order, atomically (core/atomic_file.hpp).
// Every size is checked before anything is allocated: the shape product for overflow,
// the byte count against ReadLimits.max_bytes and against the bytes the file holds.
#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>

#include "io_util.hpp"
#include "regkit/core/atomic_file.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"

namespace regkit::data {

namespace {

// A tiny parser for the header's Python literal: strings, True/False, tuples of ints.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, std::string where) : text_(text), where_(std::move(where)) {}

  struct Value {
    enum class Kind { string, boolean, tuple, other } kind = Kind::other;
    std::string text;
    bool flag = false;
    std::vector<std::int64_t> items;
  };

  // Parses the dict into (key, value) pairs.
  std::vector<std::pair<std::string, Value>> parse_dict() {
    std::vector<std::pair<std::string, Value>> entries;
    expect('{');
    for (;;) {
      skip_space();
      if (peek() == '}') {
        ++position_;
        break;
      }
      std::string key = parse_string();
      expect(':');
      Value value = parse_value();
      entries.emplace_back(std::move(key), std::move(value));
      skip_space();
      if (peek() == ',') {
        ++position_;
        continue;
      }
      expect('}');
      break;
    }
    skip_space();
    if (position_ != text_.size()) fail("unexpected text after the closing '}'");
    return entries;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw DataError(where_ + "malformed header at character " + std::to_string(position_) + ": " +
                    what + " (header: " + detail::quote_token(text_) + ")");
  }
  void skip_space() {
    while (position_ < text_.size() &&
           (text_[position_] == ' ' || text_[position_] == '\n' || text_[position_] == '\t' ||
            text_[position_] == '\r'))
      ++position_;
  }
  char peek() const { return position_ < text_.size() ? text_[position_] : '\0'; }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++position_;
  }
  std::string parse_string() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted string");
    const std::size_t close = text_.find(quote, position_ + 1);
    if (close == std::string_view::npos) fail("unterminated string");
    std::string result(text_.substr(position_ + 1, close - position_ - 1));
    position_ = close + 1;
    return result;
  }
  std::int64_t parse_int() {
    skip_space();
    const std::size_t start = position_;
    if (peek() == '-') ++position_;
    std::int64_t value = 0;
    bool any = false;
    while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') {
      if (__builtin_mul_overflow(value, 10, &value) ||
          __builtin_add_overflow(value, text_[position_] - '0', &value))
        fail("dimension too large");
      ++position_;
      any = true;
    }
    if (!any) fail("expected an integer");
    if (peek() == 'L') ++position_;  // Python 2 long literals
    return text_[start] == '-' ? -value : value;
  }
  Value parse_value() {
    skip_space();
    Value value;
    const char c = peek();
    if (c == '\'' || c == '"') {
      value.kind = Value::Kind::string;
      value.text = parse_string();
    } else if (text_.substr(position_, 4) == "True") {
      value.kind = Value::Kind::boolean;
      value.flag = true;
      position_ += 4;
    } else if (text_.substr(position_, 5) == "False") {
      value.kind = Value::Kind::boolean;
      position_ += 5;
    } else if (c == '(') {
      value.kind = Value::Kind::tuple;
      ++position_;
      for (;;) {
        skip_space();
        if (peek() == ')') {
          ++position_;
          break;
        }
        value.items.push_back(parse_int());
        skip_space();
        if (peek() == ',') {
          ++position_;
          continue;
        }
        expect(')');
        break;
      }
    } else {
      // Something else (a structured dtype's list, ...): skip it, balanced.
      value.kind = Value::Kind::other;
      const std::size_t start = position_;
      int depth = 0;
      while (position_ < text_.size()) {
        const char d = text_[position_];
        if (d == '[' || d == '(' || d == '{') ++depth;
        if (d == ']' || d == ')' || d == '}') {
          if (depth == 0) break;
          --depth;
        }
        if (d == ',' && depth == 0) break;
        ++position_;
      }
      value.text = std::string(text_.substr(start, position_ - start));
    }
    return value;
  }

  std::string_view text_;
  std::string where_;
  std::size_t position_ = 0;
};

struct Descr {
  DType dtype;
  bool big_endian;
};

std::optional<Descr> parse_descr(const std::string& descr) {
  if (descr.size() != 3) return std::nullopt;
  const char order = descr[0];
  const std::string code = descr.substr(1);
  DType dtype;
  if (code == "u1") dtype = DType::u8;
  else if (code == "i1") dtype = DType::i8;
  else if (code == "i2") dtype = DType::i16;
  else if (code == "i4") dtype = DType::i32;
  else if (code == "i8") dtype = DType::i64;
  else if (code == "f4") dtype = DType::f32;
  else if (code == "f8") dtype = DType::f64;
  else return std::nullopt;
  const bool one_byte = dtype_size(dtype) == 1;
  const bool host_big = std::endian::native == std::endian::big;
  switch (order) {
    case '<': return Descr{dtype, false};
    case '>': return Descr{dtype, true};
    case '=': return Descr{dtype, host_big};
    case '|':
      if (one_byte) return Descr{dtype, false};
      return std::nullopt;
    default: return std::nullopt;
  }
}

// Fortran-order bytes -> C-order bytes for any number of dimensions.
std::vector<std::uint8_t> fortran_to_c(const std::vector<std::uint8_t>& in,
                                       const std::vector<std::int64_t>& shape, std::size_t width) {
  std::vector<std::uint8_t> out(in.size());
  const std::size_t dims = shape.size();
  if (dims < 2 || in.empty()) return in;
  std::vector<std::uint64_t> fortran_stride(dims);
  std::uint64_t stride = 1;
  for (std::size_t d = 0; d < dims; ++d) {
    fortran_stride[d] = stride;
    stride *= static_cast<std::uint64_t>(shape[d]);
  }
  std::vector<std::int64_t> index(dims, 0);
  const std::uint64_t count = in.size() / width;
  std::uint64_t source = 0;  // Fortran offset of `index`
  for (std::uint64_t c = 0; c < count; ++c) {
    std::memcpy(out.data() + c * width, in.data() + source * width, width);
    // Advance the C-order multi-index (last dimension fastest).
    for (std::size_t d = dims; d-- > 0;) {
      ++index[d];
      source += fortran_stride[d];
      if (index[d] < shape[d]) break;
      source -= fortran_stride[d] * static_cast<std::uint64_t>(shape[d]);
      index[d] = 0;
    }
  }
  return out;
}

std::uint32_t read_le(const std::uint8_t* bytes, int count) {
  std::uint32_t value = 0;
  for (int i = count; i-- > 0;) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace

RawArray read_npy(const std::string& path, const ReadLimits& limits) {
  const std::string where = path + ": ";
  detail::InputFile file(path);
  std::uint8_t preamble[12] = {};
  if (file.size() < 10)
    throw DataError(where + "not a .npy file: " + std::to_string(file.size()) +
                    " bytes, shorter than the 10-byte preamble");
  file.read_at(0, preamble, file.size() >= 12 ? 12 : 10);
  if (std::memcmp(preamble, "\x93NUMPY", 6) != 0)
    throw DataError(where + "not a .npy file: bad magic (expected \\x93NUMPY at byte 0)");
  const int major = preamble[6];
  const int minor = preamble[7];
  if (major < 1 || major > 3 || minor != 0)
    throw DataError(where + "unsupported .npy format version " + std::to_string(major) + "." +
                    std::to_string(minor) + "; supported: 1.0, 2.0, 3.0");
  const int length_bytes = major == 1 ? 2 : 4;
  if (file.size() < static_cast<std::uint64_t>(8 + length_bytes))
    throw DataError(where + "truncated .npy preamble");
  const std::uint64_t header_length = read_le(preamble + 8, length_bytes);
  const std::uint64_t data_offset = 8 + static_cast<std::uint64_t>(length_bytes) + header_length;
  if (data_offset > file.size())
    throw DataError(where + "the header length " + std::to_string(header_length) +
                    " runs past the end of the file (" + detail::format_bytes(file.size()) + ")");
  std::string header(static_cast<std::size_t>(header_length), '\0');
  file.read_at(8 + static_cast<std::uint64_t>(length_bytes), header.data(), header.size());

  // The dict without numpy's space padding and newline, for messages and parsing.
  while (!header.empty() && (header.back() == ' ' || header.back() == '\n' || header.back() == '\0'))
    header.pop_back();
  HeaderParser parser(header, where);
  std::optional<std::string> descr;
  std::optional<bool> fortran_order;
  std::optional<std::vector<std::int64_t>> shape;
  for (auto& [key, value] : parser.parse_dict()) {
    using Kind = HeaderParser::Value::Kind;
    if (key == "descr") {
      if (value.kind != Kind::string)
        throw DataError(where + "unsupported dtype " + detail::quote_token(value.text) +
                        " (structured arrays are not supported); supported: |u1 |i1 <i2 <i4 <i8 "
                        "<f4 <f8 and their '>' variants");
      descr = value.text;
    } else if (key == "fortran_order") {
      if (value.kind != Kind::boolean) throw DataError(where + "fortran_order must be True or False");
      fortran_order = value.flag;
    } else if (key == "shape") {
      if (value.kind != Kind::tuple) throw DataError(where + "shape must be a tuple of integers");
      shape = value.items;
    }
  }
  if (!descr || !fortran_order || !shape)
    throw DataError(where + "the header lacks " +
                    std::string(!descr ? "'descr'" : !fortran_order ? "'fortran_order'" : "'shape'") +
                    " (header: " + detail::quote_token(header) + ")");
  const auto parsed = parse_descr(*descr);
  if (!parsed)
    throw DataError(where + "unsupported dtype '" + *descr +
                    "'; supported: |u1 |i1 <i2 <i4 <i8 <f4 <f8 and their '>' variants");

  RawArray array;
  array.dtype = parsed->dtype;
  array.shape = *shape;
  const std::uint64_t expected =
      detail::checked_data_bytes(where, array.shape, array.dtype, file.size() - data_offset, limits);
  array.bytes.resize(static_cast<std::size_t>(expected));
  file.read_at(data_offset, array.bytes.data(), array.bytes.size());

  const std::size_t width = dtype_size(array.dtype);
  const bool host_big = std::endian::native == std::endian::big;
  if (parsed->big_endian != host_big) detail::byteswap_elements(array.bytes, width);
  if (*fortran_order) array.bytes = fortran_to_c(array.bytes, array.shape, width);
  return array;
}

namespace {

void write_npy_data(const std::string& path, const std::vector<std::int64_t>& shape,
                    const std::vector<double>& values) {
  std::string dims;
  for (const auto extent : shape) dims += std::to_string(extent) + ", ";
  if (shape.size() == 2) dims.resize(dims.size() - 2);  // "(n, p)"; 1-D keeps "(n, )" -> "(n,)"
  else dims.resize(dims.size() - 1);
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes; end with '\n'.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xFF);
  bytes += static_cast<char>((header.size() >> 8) & 0xFF);
  bytes += header;
  const std::size_t data_start = bytes.size();
  bytes.resize(data_start + values.size() * sizeof(double));
  std::memcpy(bytes.data() + data_start, values.data(), values.size() * sizeof(double));
  if constexpr (std::endian::native == std::endian::big) {
    for (std::size_t i = data_start; i < bytes.size(); i += 8)
      std::reverse(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                   bytes.begin() + static_cast<std::ptrdiff_t>(i + 8));
  }
  write_file_atomic(path, std::string_view(bytes));
}

}  // namespace

void write_npy(const std::string& path, const Matrix& m) {
  std::vector<double> values(static_cast<std::size_t>(m.size()));
  std::size_t k = 0;
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j) values[k++] = m(i, j);
  write_npy_data(path, {static_cast<std::int64_t>(m.rows()), static_cast<std::int64_t>(m.cols())},
                 values);
}

void write_npy(const std::string& path, const Vector& v) {
  std::vector<double> values(v.data(), v.data() + v.size());
  write_npy_data(path, {static_cast<std::int64_t>(v.size())}, values);
}

}  // namespace regkit::data
