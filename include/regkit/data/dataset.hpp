// Dataset: a design matrix X (dense column-major double or sparse CSC), a target y,
// and the names that came with them. RawArray: an n-dimensional array exactly as a
// file stored it (NPY, IDX), kept in its own dtype (uint8 images stay uint8).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::data {

struct Dataset {
  Design X;                                // n x p
  Vector y;                                // n entries (empty when the source has no target)
  std::vector<std::string> feature_names;  // p names, or empty when the source has none
  std::string target_name;                 // empty when unnamed
  std::string source;                      // the file it was read from, for messages

  Index n_samples() const { return rows(X); }
  Index n_features() const { return cols(X); }
};

enum class DType { u8, i8, i16, i32, i64, f32, f64 };
const char* dtype_name(DType dtype);
std::size_t dtype_size(DType dtype);

// An n-dimensional array in C (row-major) order, values in host byte order.
struct RawArray {
  DType dtype = DType::f64;
  std::vector<std::int64_t> shape;
  std::vector<std::uint8_t> bytes;  // size() == product(shape) * dtype_size(dtype)

  std::int64_t size() const;  // product of shape (1 for a 0-d array)
  // Element i (C order) converted to double.
  double at(std::int64_t i) const;
  // A 2-D array as an n x p column-major double matrix. Throws DataError otherwise.
  Matrix to_matrix(const std::string& what) const;
  // A 1-D array (or n x 1) as a double vector. Throws DataError otherwise.
  Vector to_vector(const std::string& what) const;
};

// Bounds on what a read may allocate: a header that claims more is rejected before any
// allocation, with an error naming the limit ("exceeds the read limit of N bytes").
// max_bytes bounds the file size and the decoded data: NPY / IDX arrays (checked from
// the header), gzip IDX (never inflated past the header's size, itself at most 1032x the
// compressed file), CSV (16 bytes per number while reading) and LIBSVM (the sparse
// matrix: 12 bytes per stored value + 8 per feature + 8 per row). The CLI sets it with
// --max-read-bytes (or the REGKIT_MAX_READ_BYTES environment variable).
struct ReadLimits {
  std::uint64_t max_bytes = std::uint64_t{8} << 30;  // 8 GiB of decoded data
};

}  // namespace regkit::data
