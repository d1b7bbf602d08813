// regkit's model file: safetensors layout, so other tools can read it.
//
//   bytes 0..7   N, the header length, unsigned 64-bit little-endian
//   bytes 8..8+N a JSON object: { "__metadata__": { "key": "string", ... },
//                "name": { "dtype": "F64", "shape": [p], "data_offsets": [begin, end] }, ... }
//                padded with spaces to a multiple of 8 bytes
//   the rest     the tensors' raw little-endian bytes, C (row-major) order, offsets
//                relative to the start of this block
//
// Saving is atomic (temporary file, fsync, rename, directory fsync); loading checks every
// offset, shape and size against the file before allocating and gives back the exact bits.
// Every saved file carries "checksum": "crc32:xxxxxxxx" in its metadata, the CRC-32 of the
// metadata and tensors in a canonical order (other safetensors readers just see one more
// string); loading verifies it when present (and drops it from `metadata`), and requires it
// in regkit's own files of format_version 2 (metadata "format" regkit-model or
// regkit-checkpoint), so a flipped bit or a truncated or edited file is an error, never a
// model that predicts nonsense. Zero-length tensors are valid.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::io {

enum class TensorType { f64, f32, i64, i32, u8 };
const char* tensor_type_name(TensorType type);  // "F64", "F32", "I64", "I32", "U8"
std::size_t tensor_type_size(TensorType type);

struct Tensor {
  TensorType dtype = TensorType::f64;
  std::vector<std::int64_t> shape;
  std::vector<std::uint8_t> bytes;  // C order, host (little-endian) byte order

  std::int64_t size() const;
  // Conversions. A matrix is stored as rows x cols in C order.
  static Tensor from(const Vector& v);
  static Tensor from(const Matrix& m);
  static Tensor from(const Eigen::MatrixXf& m);
  static Tensor from(const std::vector<double>& v);
  Vector to_vector(const std::string& name) const;  // F64, any shape flattened
  Matrix to_matrix(const std::string& name) const;  // F64, 2-D
  Eigen::MatrixXf to_matrix_f32(const std::string& name) const;  // F32, 2-D
};

struct TensorFile {
  std::map<std::string, std::string> metadata;  // safetensors "__metadata__" (strings only)
  std::map<std::string, Tensor> tensors;

  const Tensor& tensor(const std::string& name) const;  // DataError naming file and tensor
  const std::string& meta(const std::string& key) const;  // DataError if absent
  std::string source;  // file it was loaded from (for messages)
};

void save_tensor_file(const std::string& path, const TensorFile& file);
// max_bytes bounds the file size read (a header claiming more is rejected before allocating).
TensorFile load_tensor_file(const std::string& path, std::uint64_t max_bytes = std::uint64_t{8} << 30);

}  // namespace regkit::io
