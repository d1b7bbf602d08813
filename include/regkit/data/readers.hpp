// Readers for CSV, LIBSVM/svmlight, NumPy .npy and IDX (MNIST / Fashion-MNIST, plain or
// gzip). Every malformed input is a regkit::DataError whose message names the file, the
// line or record, and what was expected:
//   "train.csv:17: expected 21 fields as in the header, found 20".
#pragma once

#include <optional>
#include <string>

#include "regkit/data/dataset.hpp"

namespace regkit::data {

struct CsvOptions {
  std::string target;      // name of the target column; empty = no target (all columns are X)
  std::optional<long long> target_index;  // or the target by position: 0-based, negative from
                                          // the end (-1 = last column); not with `target`
  bool header = true;      // false: no header line, every line is a row and columns are unnamed
  char delimiter = ',';
  ReadLimits limits;
};
// CSV with a header line (or without: header = false, the target by index), plain or
// gzip-compressed (detected from the magic bytes 1f 8b, inflated within limits.max_bytes;
// a scikit-learn bundled file such as digits.csv.gz reads as is). Fields are numbers; NaN, inf, empty or non-numeric fields are
// errors naming line and column. X is dense.
// Accepted: \r\n line ends, a UTF-8 BOM, a last line without newline, blank lines
// (skipped), spaces around fields, double quotes around any field (a quoted header name
// may contain the delimiter; "" is one quote). Number tokens (CSV and LIBSVM alike):
// "1", "-2.5", ".5", "5.", "1e-3", a leading '+', and underflow ("1e-400" -> 0 or a
// subnormal) are accepted; "", "NA", "?", "nan", "inf", "-Infinity", "1e400" (out of
// range), hex floats "0x1p3", "1_1" and trailing characters are errors. Parsing does not
// depend on the locale. A trailing delimiter is one more (empty) field, so an error.
Dataset read_csv(const std::string& path, const CsvOptions& options = {});

struct LibsvmOptions {
  Index n_features = 0;  // 0 = the largest index seen; otherwise indices above it are errors
  ReadLimits limits;
};
// LIBSVM / svmlight: "label idx:val idx:val ...", 1-based strictly increasing indices.
// A "qid:" token is rejected with a clear error. X is sparse (CSC).
// '#' starts a comment; blank lines are skipped; explicit zeros ("3:0") are stored;
// indices above 2^31-1 are errors (Eigen's sparse index type is int).
Dataset read_libsvm(const std::string& path, const LibsvmOptions& options = {});

// NumPy .npy (versions 1.0, 2.0, 3.0); dtypes u1, i1, i2, i4, i8, f4, f8 (either byte
// order), C or Fortran order. Returned in C order, host byte order.
RawArray read_npy(const std::string& path, const ReadLimits& limits = {});

// IDX (big-endian dims, types 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64),
// plain or gzip (detected from the magic bytes, not the name). 1 to 4 dimensions. A gzip
// stream is inflated only up to the size the header implies (plus one byte to detect
// trailing data); truncated streams, bad CRC/length trailers and trailing garbage are
// errors; concatenated gzip members are decoded in full.
RawArray read_idx(const std::string& path, const ReadLimits& limits = {});

// Writes a 2-D or 1-D double array as .npy (format 1.0, C order, little-endian f8),
// atomically (core/atomic_file.hpp: temporary file, fsync, rename).
void write_npy(const std::string& path, const Matrix& m);
void write_npy(const std::string& path, const Vector& v);

// "4096", "64K", "512M", "8G", "1T" (binary units; "KiB", "MB", "GiB" spellings too) as a
// byte count; InvalidArgument naming `what` for anything else, zero or an overflow.
std::uint64_t parse_byte_count(const std::string& text, const std::string& what);
// ReadLimits with max_bytes from the REGKIT_MAX_READ_BYTES environment variable when it
// is set (parse_byte_count), else the default 8 GiB.
ReadLimits read_limits_from_environment();

enum class Format { automatic, csv, libsvm, npy, idx };
Format parse_format(const std::string& name);  // "auto", "csv", "libsvm", "svmlight", "npy", "idx"
// The format a file name implies (the automatic rule of LoadOptions::format); InvalidArgument
// when the name tells nothing.
Format format_from_name(const std::string& path);

struct LoadOptions {
  Format format = Format::automatic;  // automatic: by extension (.csv and .csv.gz,
                                      // .svm/.libsvm/.svmlight/.txt, .npy, .idx/-ubyte and their
                                      // .gz; any other .gz is IDX)
  std::string target;                 // CSV target column
  std::optional<long long> target_index;  // CSV target by position (0-based, -1 = last)
  bool header = true;                 // CSV: false = no header line
  std::string labels;                 // labels file (.npy or IDX) when X comes from .npy or IDX
  ReadLimits limits;
};
// Reads a dataset in any supported format; X from .npy/IDX must be 2-D (IDX images of
// shape n x 28 x 28 are flattened to n x 784), labels from `labels`.
Dataset load_dataset(const std::string& path, const LoadOptions& options = {});

}  // namespace regkit::data
