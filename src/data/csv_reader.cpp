// read_csv: a header line of column names, then one row of numbers per line.
//
// Rules (an RFC 4180 subset): fields are split on the delimiter; a field may be wrapped
// in double quotes (a quoted header name may contain the delimiter, and "" stands for
// one quote); a newline inside quotes is not supported. Spaces and tabs around a field
// are ignored; \r\n line ends, a UTF-8 byte-order mark and a last line without newline
// are accepted; blank lines are skipped. A trailing delimiter makes one more (empty)
// field. Number tokens follow detail::parse_double (io_util.hpp): empty fields, NA, nan,
// inf and out-of-range values are errors naming line and column.
// A gzip-compressed file (magic bytes 1f 8b, whatever its name) is inflated in memory
// first, within the read limit. Without a header (options.header false) every line is a
// row; columns have no names and the target is chosen by index (options.target_index).
#include <cstring>

#include "gzip_reader.hpp"
#include "io_util.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"

namespace regkit::data {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits `line` into raw fields (quotes and spaces kept). False on an unterminated quote.
bool split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t position = 0;
  for (;;) {
    const std::size_t start = position;
    std::size_t cursor = start;
    while (cursor < line.size() && line[cursor] != delimiter && is_blank(line[cursor])) ++cursor;
    std::size_t search_from = cursor;
    if (cursor < line.size() && line[cursor] == '"') {
      std::size_t i = cursor + 1;
      for (;;) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            i += 2;
            continue;
          }
          break;
        }
        ++i;
      }
      search_from = i + 1;
    }
    const std::size_t end = line.find(delimiter, search_from);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return true;
    }
    fields.push_back(line.substr(start, end - start));
    position = end + 1;
  }
}

// The text of a field: trimmed, quotes removed, "" unescaped.
std::string field_text(std::string_view raw) {
  std::string_view field = trim(raw);
  if (field.size() >= 2 && field.front() == '"') {
    const std::size_t close = field.rfind('"');
    if (close > 0) {
      std::string text;
      for (std::size_t i = 1; i < close; ++i) {
        text += field[i];
        if (field[i] == '"' && i + 1 < close && field[i + 1] == '"') ++i;
      }
      return text;
    }
  }
  return std::string(field);
}

// A numeric field: trimmed, with one optional pair of quotes removed.
std::string_view number_text(std::string_view raw) {
  std::string_view field = trim(raw);
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
    field = trim(field.substr(1, field.size() - 2));
  return field;
}

// Walks the lines of a buffer: \n or \r\n ends, a last line without newline included.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (position_ >= text_.size()) return false;
    const void* found = std::memchr(text_.data() + position_, '\n', text_.size() - position_);
    const std::size_t end =
        found ? static_cast<std::size_t>(static_cast<const char*>(found) - text_.data()) : text_.size();
    line = text_.substr(position_, end - position_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    position_ = end + 1;
    ++line_number_;
    return true;
  }
  long line_number() const { return line_number_; }
  std::size_t line_offset(std::string_view line) const {
    return static_cast<std::size_t>(line.data() - text_.data());
  }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  long line_number_ = 0;
};

std::string column_list(const std::vector<std::string>& names) {
  std::string list;
  const std::size_t shown = names.size() < 20 ? names.size() : 20;
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) list += ", ";
    list += "'" + names[i] + "'";
  }
  if (shown < names.size()) list += ", ... (" + std::to_string(names.size()) + " columns)";
  return list;
}

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  const char delimiter = options.delimiter;
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == '\0')
    throw InvalidArgument("read_csv: the delimiter must not be a quote, a newline or NUL");
  if (!options.target.empty() && options.target_index)
    throw InvalidArgument("read_csv: give the target by name ('" + options.target + "') or by index (" +
                          std::to_string(*options.target_index) + "), not both");
  if (!options.header && !options.target.empty())
    throw InvalidArgument("read_csv: the target column '" + options.target +
                          "' is named but the file has no header; give the target by index");
  const detail::FileBytes file = detail::read_file(path, options.limits.max_bytes);
  std::string inflated;
  std::string_view text = file.view();
  if (detail::is_gzip(text)) {
    inflated = detail::gunzip(path + ": ", text, options.limits.max_bytes);
    text = inflated;
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LineCursor lines(text);
  const auto where = [&](long line) { return path + ":" + std::to_string(line) + ": "; };

  // Header: the first non-blank line (without a header, that line is the first row and
  // only gives the field count).
  std::string_view line;
  bool have_header = false;
  while (lines.next(line)) {
    if (!trim(line).empty()) {
      have_header = true;
      break;
    }
  }
  if (!have_header) throw DataError(path + ":1: no data rows (the file is empty)");
  const long header_line = lines.line_number();
  if (const void* nul = std::memchr(line.data(), '\0', line.size()))
    throw DataError(where(header_line) + (options.header ? "the header" : "the line") +
                    " contains a NUL byte at byte offset " +
                    std::to_string(lines.line_offset(line) +
                                   static_cast<std::size_t>(static_cast<const char*>(nul) - line.data())) +
                    (options.header ? "; expected column names" : "; expected numbers"));
  std::vector<std::string_view> fields;
  if (!split_fields(line, delimiter, fields))
    throw DataError(where(header_line) + "unterminated quote in the " + (options.header ? "header" : "line"));
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (std::size_t j = 0; j < fields.size(); ++j)
    names.push_back(options.header ? field_text(fields[j]) : "column " + std::to_string(j));
  const std::size_t n_fields = names.size();
  const char* as_in = options.header ? " fields as in the header" : " fields as in the first line";

  std::size_t target_column = n_fields;  // n_fields = no target
  if (!options.target.empty()) {
    for (std::size_t j = 0; j < n_fields; ++j) {
      if (names[j] != options.target) continue;
      if (target_column != n_fields)
        throw DataError(path + ": the target column '" + options.target +
                        "' appears more than once in the header (columns " +
                        std::to_string(target_column + 1) + " and " + std::to_string(j + 1) + ")");
      target_column = j;
    }
    if (target_column == n_fields)
      throw DataError(path + ": no column named '" + options.target +
                      "' for the target; the header has " + std::to_string(n_fields) +
                      " columns: " + column_list(names));
  } else if (options.target_index) {
    const long long count = static_cast<long long>(n_fields);
    const long long index = *options.target_index;
    if (index >= count || index < -count)
      throw DataError(path + ": target column index " + std::to_string(index) + " is outside the " +
                      std::to_string(count) + " columns; expected 0.." + std::to_string(count - 1) +
                      " or -1..-" + std::to_string(count) + " (from the end)");
    target_column = static_cast<std::size_t>(index < 0 ? count + index : index);
  }
  const bool has_target = target_column != n_fields;
  const std::size_t p = has_target ? n_fields - 1 : n_fields;

  // Rows, stored row-major while reading, transposed into X at the end.
  std::vector<double> x_values;
  std::vector<double> y_values;
  x_values.reserve(text.size() / 4 + 16);
  detail::advise_huge_pages(x_values.data(), x_values.capacity() * sizeof(double));
  bool first_is_data = !options.header;
  while (first_is_data || lines.next(line)) {
    first_is_data = false;
    if (trim(line).empty()) continue;
    const long line_number = lines.line_number();
    if (!split_fields(line, delimiter, fields))
      throw DataError(where(line_number) + "unterminated quote (quoted newlines are not supported)");
    if (fields.size() != n_fields)
      throw DataError(where(line_number) + "expected " + std::to_string(n_fields) + as_in + ", found " +
                      std::to_string(fields.size()));
    for (std::size_t j = 0; j < n_fields; ++j) {
      const std::string_view token = number_text(fields[j]);
      const auto column = [&] {
        return (options.header ? "column '" + names[j] + "' (field " : std::string("(field ")) +
               std::to_string(j + 1) + "): ";
      };
      if (token.empty())
        throw DataError(where(line_number) + column() + "empty field (missing value); expected a number");
      double value = 0.0;
      switch (detail::parse_double(token, value)) {
        case detail::ParseStatus::ok: break;
        case detail::ParseStatus::invalid:
          throw DataError(where(line_number) + column() + "cannot convert " +
                          detail::quote_token(token) + " to a number");
        case detail::ParseStatus::non_finite:
          throw DataError(where(line_number) + column() + "non-finite value " +
                          detail::quote_token(token) + "; expected a finite number");
        case detail::ParseStatus::out_of_range:
          throw DataError(where(line_number) + column() + "value " + detail::quote_token(token) +
                          " is out of range for a double");
      }
      if (j == target_column)
        y_values.push_back(value);
      else
        x_values.push_back(value);
    }
    // Decoded doubles (kept twice at the end: the row-major buffer and X).
    if (16 * (x_values.size() + y_values.size()) > options.limits.max_bytes)
      throw DataError(where(line_number) + "the data read so far (" +
                      std::to_string(x_values.size() + y_values.size()) + " numbers) needs more than the read limit of " +
                      detail::format_bytes(options.limits.max_bytes) + " (ReadLimits::max_bytes, --max-read-bytes)");
  }
  const std::size_t n = p > 0 ? x_values.size() / p : y_values.size();
  if (n == 0) throw DataError(where(header_line) + "no data rows after the header");  // header only

  Dataset data;
  Matrix X(static_cast<Index>(n), static_cast<Index>(p));
  detail::advise_huge_pages(X.data(), static_cast<std::size_t>(X.size()) * sizeof(double));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < p; ++j)
      X(static_cast<Index>(i), static_cast<Index>(j)) = x_values[i * p + j];
  data.X = std::move(X);
  if (has_target) {
    data.y = Eigen::Map<const Vector>(y_values.data(), static_cast<Index>(y_values.size()));
    if (options.header) data.target_name = names[target_column];
  }
  if (options.header)
    for (std::size_t j = 0; j < n_fields; ++j)
      if (j != target_column) data.feature_names.push_back(names[j]);
  data.source = path;
  return data;
}

}  // namespace regkit::data
