// load_dataset: one entry point for every format. The format comes from the option or,
// when automatic, from the file name:
//   .csv, .csv.gz -> csv;  .svm .libsvm .svmlight .txt -> libsvm;  .npy -> npy;
//   .idx, *-ubyte, *.idx.gz, *-ubyte.gz, any other *.gz -> idx (only IDX may be gzipped).
// X from .npy / IDX: a 2-D array is n x p; an n x a x b array (IDX images) is flattened
// to n x (a*b), row-major within each sample. Labels for them come from `labels`, an
// .npy or IDX file told apart by its magic bytes.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <cstring>

#include "io_util.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"

namespace regkit::data {

namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}


// An array file by its magic: .npy starts with \x93NUMPY, anything else is read as IDX.
RawArray read_array(const std::string& path, const ReadLimits& limits) {
  detail::InputFile file(path);
  char magic[6] = {};
  if (file.size() >= 6) file.read_at(0, magic, 6);
  if (std::memcmp(magic, "\x93NUMPY", 6) == 0) return read_npy(path, limits);
  return read_idx(path, limits);
}

// Array files (.npy, IDX floats) may hold NaN or inf; say which file, row and column.
void check_finite_array(const Matrix& values, const std::string& path, const char* what) {
  for (Index j = 0; j < values.cols(); ++j)
    for (Index i = 0; i < values.rows(); ++i)
      if (!std::isfinite(values(i, j)))
        throw DataError(path + ": " + what + " row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                        ": " + (std::isnan(values(i, j)) ? "NaN" : "an infinite value") + "; expected finite numbers");
}

Matrix design_from_array(RawArray array, const std::string& path) {
  if (array.shape.size() == 3) {
    // Images n x a x b -> n x (a*b): C order already lays each image out row by row.
    const std::int64_t n = array.shape[0];
    const std::int64_t features = array.shape[1] * array.shape[2];
    array.shape = {n, features};
  }
  if (array.shape.size() != 2)
    return array.to_matrix(path + ": X (a 2-D array, or n x a x b images)");
  return array.to_matrix(path);
}

}  // namespace

Format format_from_name(const std::string& path) {
  std::string name = lowercase(base_name(path));
  const bool gzipped = ends_with(name, ".gz");
  if (gzipped) name.resize(name.size() - 3);
  if (ends_with(name, ".idx") || ends_with(name, "-ubyte") || ends_with(name, ".ubyte"))
    return Format::idx;
  for (const char* other : {".csv", ".svm", ".libsvm", ".svmlight", ".txt", ".npy"}) {
    if (!ends_with(name, other)) continue;
    if (std::strcmp(other, ".csv") == 0) return Format::csv;
    if (gzipped)
      throw InvalidArgument("'" + path +
                            "' is gzip-compressed, which only the IDX and CSV readers support; "
                            "decompress it first");
    if (std::strcmp(other, ".npy") == 0) return Format::npy;
    return Format::libsvm;
  }
  if (gzipped) return Format::idx;
  throw InvalidArgument("cannot tell the format of '" + path +
                        "' from its name (known: .csv, .svm, .libsvm, .svmlight, .txt, .npy, "
                        ".idx, -ubyte, .gz); give the format (CLI: --format)");
}

std::uint64_t parse_byte_count(const std::string& text, const std::string& what) {
  const auto bad = [&] {
    return InvalidArgument(what + ": expected a byte count such as 4096, 64K, 512M or 8G; got '" +
                           text.substr(0, 40) + "'");
  };
  std::uint64_t value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  const auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc{} || end == first) throw bad();
  std::string unit(end, last);
  for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();
  if (unit.size() > 1 && unit.back() == 'I') unit.pop_back();
  int shift = 0;
  if (unit.empty() || unit == "B") shift = 0;
  else if (unit == "K") shift = 10;
  else if (unit == "M") shift = 20;
  else if (unit == "G") shift = 30;
  else if (unit == "T") shift = 40;
  else throw bad();
  if (value == 0) throw InvalidArgument(what + ": the limit must be at least 1 byte; got '" + text + "'");
  if (shift > 0 && value > (~std::uint64_t{0} >> shift))
    throw InvalidArgument(what + ": '" + text + "' overflows a 64-bit byte count");
  return value << shift;
}

ReadLimits read_limits_from_environment() {
  ReadLimits limits;
  if (const char* env = std::getenv("REGKIT_MAX_READ_BYTES"); env != nullptr && *env != '\0')
    limits.max_bytes = parse_byte_count(env, "REGKIT_MAX_READ_BYTES");
  return limits;
}

Format parse_format(const std::string& name) {
  const std::string key = lowercase(name);
  if (key == "auto" || key == "automatic") return Format::automatic;
  if (key == "csv") return Format::csv;
  if (key == "libsvm" || key == "svmlight" || key == "svm") return Format::libsvm;
  if (key == "npy") return Format::npy;
  if (key == "idx") return Format::idx;
  throw InvalidArgument("unknown data format '" + name +
                        "'; expected one of auto, csv, libsvm, svmlight, npy, idx");
}

Dataset load_dataset(const std::string& path, const LoadOptions& options) {
  const Format format =
      options.format == Format::automatic ? format_from_name(path) : options.format;
  if ((format == Format::csv || format == Format::libsvm) && !options.labels.empty())
    throw InvalidArgument("load_dataset: a labels file ('" + options.labels +
                          "') applies only to X from .npy or IDX; '" + path +
                          "' carries its own target");
  if (format != Format::csv && !options.target.empty())
    throw InvalidArgument("load_dataset: a target column ('" + options.target +
                          "') applies only to CSV files; '" + path + "' is not read as CSV");
  if (format != Format::csv && (options.target_index || !options.header))
    throw InvalidArgument("load_dataset: a target column index and a header-less file apply only to CSV "
                          "files; '" + path + "' is not read as CSV");
  if (format == Format::csv) {
    CsvOptions csv;
    csv.target = options.target;
    csv.target_index = options.target_index;
    csv.header = options.header;
    csv.limits = options.limits;
    return read_csv(path, csv);
  }
  if (format == Format::libsvm) {
    LibsvmOptions libsvm;
    libsvm.limits = options.limits;
    return read_libsvm(path, libsvm);
  }

  Dataset data;
  data.source = path;
  {
    RawArray x = format == Format::npy ? read_npy(path, options.limits) : read_idx(path, options.limits);
    data.X = design_from_array(std::move(x), path);
    check_finite_array(std::get<Matrix>(data.X), path, "X");
  }
  if (!options.labels.empty()) {
    const RawArray labels = read_array(options.labels, options.limits);
    data.y = labels.to_vector(options.labels + ": labels");
    check_finite_array(Matrix(Eigen::Map<const Matrix>(data.y.data(), data.y.size(), 1)), options.labels, "labels");
    if (data.y.size() != data.n_samples())
      throw DataError(path + " has " + std::to_string(data.n_samples()) + " rows (samples) but " +
                      options.labels + " has " + std::to_string(data.y.size()) + " labels");
  }
  return data;
}

}  // namespace regkit::data
