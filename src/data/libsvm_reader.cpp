// read_libsvm: LIBSVM / svmlight text, one sample per line:
//   <label> <index>:<value> <index>:<value> ...  [# comment]
// Indices are 1-based and strictly increasing within a line; column index-1 of X holds
// the value. Blank lines and comment-only lines are skipped; spaces, tabs and \r are
// separators; a "qid:" token is rejected. Explicit zeros ("3:0") are stored as given.
// Labels and values follow detail::parse_double (a leading '+' is fine; nan/inf are not).
//
// Speed: the whole file is read in one call, tokens are scanned in place (from_chars
// for numbers), and the CSC arrays are filled directly from per-row entries with one
// counting pass over the columns (rows arrive in order, so each column comes out sorted).
#include <climits>
#include <cstring>

#include "io_util.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"

namespace regkit::data {

namespace {

inline bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r'; }

constexpr std::int64_t kMaxIndex = INT_MAX;  // Eigen's default sparse StorageIndex is int

}  // namespace

Dataset read_libsvm(const std::string& path, const LibsvmOptions& options) {
  if (options.n_features < 0 || options.n_features > kMaxIndex)
    throw InvalidArgument("read_libsvm: n_features must be in [0, " + std::to_string(kMaxIndex) +
                          "]; got " + std::to_string(options.n_features));
  const detail::FileBytes file = detail::read_file(path, options.limits.max_bytes);
  const char* const text = file.data();
  const std::size_t size = file.size();

  std::vector<double> labels;
  std::vector<std::size_t> row_start{0};  // entries of row i: [row_start[i], row_start[i+1])
  std::vector<std::int32_t> columns;      // 0-based
  std::vector<double> values;
  columns.reserve(size / 8 + 16);
  values.reserve(size / 8 + 16);
  detail::advise_huge_pages(columns.data(), columns.capacity() * sizeof(std::int32_t));
  detail::advise_huge_pages(values.data(), values.capacity() * sizeof(double));
  std::int64_t max_index = 0;
  const std::int64_t n_features_limit = options.n_features;

  long line_number = 0;
  std::size_t position = 0;
  while (position < size) {
    ++line_number;
    const char* line = text + position;
    const void* newline = std::memchr(line, '\n', size - position);
    const char* line_end = newline ? static_cast<const char*>(newline) : text + size;
    position = static_cast<std::size_t>(line_end - text) + 1;
    if (const void* hash = std::memchr(line, '#', static_cast<std::size_t>(line_end - line)))
      line_end = static_cast<const char*>(hash);

    const auto where = [&] { return path + ":" + std::to_string(line_number) + ": "; };
    const char* cursor = line;
    while (cursor < line_end && is_separator(*cursor)) ++cursor;
    if (cursor == line_end) continue;  // blank or comment-only

    // The label.
    const char* token = cursor;
    while (cursor < line_end && !is_separator(*cursor)) ++cursor;
    const std::string_view label_text(token, static_cast<std::size_t>(cursor - token));
    double label = 0.0;
    switch (detail::parse_double(label_text, label)) {
      case detail::ParseStatus::ok: break;
      case detail::ParseStatus::non_finite:
        throw DataError(where() + "non-finite label " + detail::quote_token(label_text) +
                        "; expected a finite number");
      case detail::ParseStatus::out_of_range:
        throw DataError(where() + "label " + detail::quote_token(label_text) +
                        " is out of range for a double");
      case detail::ParseStatus::invalid:
        throw DataError(where() + "cannot convert the label " + detail::quote_token(label_text) +
                        " to a number" +
                        (label_text.find(':') != std::string_view::npos
                             ? " (each line must start with a label, then index:value pairs)"
                             : ""));
    }

    // index:value pairs.
    std::int64_t previous = 0;
    for (;;) {
      while (cursor < line_end && is_separator(*cursor)) ++cursor;
      if (cursor == line_end) break;
      token = cursor;

      // Fast path: digits ':' number separator, well-formed and in range. Anything else
      // goes through the careful parse below, which also words the errors.
      {
        std::int64_t index = 0;
        const char* p = cursor;
        while (p < line_end && static_cast<unsigned>(*p - '0') <= 9 && index <= kMaxIndex)
          index = index * 10 + (*p++ - '0');
        double value = 0.0;
        const char* end = nullptr;
        if (p != cursor && p < line_end && *p == ':' && index > previous && index <= kMaxIndex &&
            (n_features_limit == 0 || index <= n_features_limit))
          end = detail::parse_decimal_prefix(p + 1, line_end, value);
        if (end != nullptr && end != p + 1 && (end == line_end || is_separator(*end))) {
          columns.push_back(static_cast<std::int32_t>(index - 1));
          values.push_back(value);
          previous = index;
          cursor = end;
          continue;
        }
      }

      while (cursor < line_end && !is_separator(*cursor)) ++cursor;
      const std::string_view pair(token, static_cast<std::size_t>(cursor - token));
      const std::size_t colon = pair.find(':');
      if (colon == std::string_view::npos || colon == 0 || colon + 1 == pair.size())
        throw DataError(where() + "malformed token " + detail::quote_token(pair) +
                        "; expected index:value");
      const std::string_view index_text = pair.substr(0, colon);
      const std::string_view value_text = pair.substr(colon + 1);
      if (index_text == "qid")
        throw DataError(where() + "qid is not supported (token " + detail::quote_token(pair) +
                        "); remove the qid: fields for regression or classification");

      // The index: decimal digits, checked for overflow as they accumulate.
      std::int64_t index = 0;
      bool negative = false;
      std::size_t k = 0;
      if (index_text[0] == '-') {
        negative = true;
        k = 1;
      }
      if (k == index_text.size())
        throw DataError(where() + "malformed index in " + detail::quote_token(pair) +
                        "; expected a positive integer");
      for (; k < index_text.size(); ++k) {
        const char c = index_text[k];
        if (c < '0' || c > '9')
          throw DataError(where() + "malformed index in " + detail::quote_token(pair) +
                          "; expected a positive integer");
        if (index <= kMaxIndex) index = index * 10 + (c - '0');
      }
      if (negative || index == 0)
        throw DataError(where() + "index " + std::string(index_text) +
                        " is not valid in " + detail::quote_token(pair) + ": indices are 1-based");
      if (index > kMaxIndex)
        throw DataError(where() + "index " + detail::quote_token(index_text) +
                        " exceeds the largest supported index " + std::to_string(kMaxIndex));
      if (index <= previous)
        throw DataError(where() + "index " + std::to_string(index) + " after " +
                        std::to_string(previous) + ": indices must increase strictly");
      if (n_features_limit > 0 && index > n_features_limit)
        throw DataError(where() + "index " + std::to_string(index) + " exceeds n_features = " +
                        std::to_string(n_features_limit));
      previous = index;

      double value = 0.0;
      switch (detail::parse_double(value_text, value)) {
        case detail::ParseStatus::ok: break;
        case detail::ParseStatus::non_finite:
          throw DataError(where() + "non-finite value in " + detail::quote_token(pair) +
                          "; expected a finite number");
        case detail::ParseStatus::out_of_range:
          throw DataError(where() + "value in " + detail::quote_token(pair) +
                          " is out of range for a double");
        case detail::ParseStatus::invalid:
          throw DataError(where() + "cannot convert the value in " + detail::quote_token(pair) +
                          " to a number");
      }
      columns.push_back(static_cast<std::int32_t>(index - 1));
      values.push_back(value);
    }
    if (previous > max_index) max_index = previous;
    labels.push_back(label);
    row_start.push_back(columns.size());
    if (12 * values.size() + 16 * labels.size() > options.limits.max_bytes)
      throw DataError(where() + "the data read so far (" + std::to_string(labels.size()) + " rows, " +
                      std::to_string(values.size()) + " stored values) exceeds the read limit of " +
                      detail::format_bytes(options.limits.max_bytes) + " (ReadLimits::max_bytes, --max-read-bytes)");
    if (labels.size() > static_cast<std::size_t>(kMaxIndex))
      throw DataError(where() + "more than " + std::to_string(kMaxIndex) + " rows");
  }
  if (labels.empty()) throw DataError(path + ":" + std::to_string(line_number > 0 ? line_number : 1) +
                                      ": no data rows");
  const std::size_t nnz = values.size();
  if (nnz > static_cast<std::size_t>(kMaxIndex))
    throw DataError(path + ": " + std::to_string(nnz) + " stored values exceed the largest supported " +
                    std::to_string(kMaxIndex));

  // CSC, directly: count per column, prefix sums, then scatter row by row.
  const Index n = static_cast<Index>(labels.size());
  const Index p = n_features_limit > 0 ? static_cast<Index>(n_features_limit) : static_cast<Index>(max_index);
  // What the matrix takes (values, row indices, column starts, the scatter cursor and
  // y), checked before allocating: one line "1 2147483647:1" would otherwise ask for
  // 16 GiB of column starts.
  const std::uint64_t needed = 12 * static_cast<std::uint64_t>(nnz) + 8 * static_cast<std::uint64_t>(p) + 4 +
                               8 * static_cast<std::uint64_t>(n);
  if (needed > options.limits.max_bytes)
    throw DataError(path + ": the data (" + std::to_string(n) + " rows, " + std::to_string(p) + " features, " +
                    std::to_string(nnz) + " stored values) needs " + detail::format_bytes(needed) +
                    ", which exceeds the read limit of " + detail::format_bytes(options.limits.max_bytes) +
                    " (ReadLimits::max_bytes, --max-read-bytes)");
  SparseMatrix X(n, p);
  X.resizeNonZeros(static_cast<Index>(nnz));
  int* outer = X.outerIndexPtr();
  int* inner = X.innerIndexPtr();
  double* stored = X.valuePtr();
  detail::advise_huge_pages(inner, nnz * sizeof(int));
  detail::advise_huge_pages(stored, nnz * sizeof(double));
  std::fill(outer, outer + p + 1, 0);
  for (const std::int32_t column : columns) ++outer[column + 1];
  for (Index j = 0; j < p; ++j) outer[j + 1] += outer[j];
  std::vector<int> next(outer, outer + p);
  for (Index i = 0; i < n; ++i) {
    for (std::size_t e = row_start[static_cast<std::size_t>(i)];
         e < row_start[static_cast<std::size_t>(i) + 1]; ++e) {
      const int slot = next[static_cast<std::size_t>(columns[e])]++;
      inner[slot] = static_cast<int>(i);
      stored[slot] = values[e];
    }
  }

  Dataset data;
  data.X = std::move(X);
  data.y = Eigen::Map<const Vector>(labels.data(), n);
  data.source = path;
  return data;
}

}  // namespace regkit::data
