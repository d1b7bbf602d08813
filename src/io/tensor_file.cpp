#include "regkit/io/tensor_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "regkit/core/atomic_file.hpp"
#include "regkit/core/errors.hpp"

static_assert(std::endian::native == std::endian::little,
              "regkit's model files store little-endian arrays; a big-endian host needs byte swaps");

namespace regkit::io {

namespace {

constexpr std::uint64_t max_header_bytes = std::uint64_t{100} << 20;  // as safetensors
constexpr const char* kChecksumKey = "checksum";

// CRC-32 of the file's content in a canonical order: every metadata entry but the
// checksum (key, value), then every tensor (name, dtype, shape, bytes), by name. A CRC
// detects every single-bit flip and every burst of up to 32 bits.
std::string content_checksum(const TensorFile& file) {
  uLong crc = crc32(0L, Z_NULL, 0);
  auto add = [&crc](const void* data, std::size_t size) {
    const auto* bytes = static_cast<const Bytef*>(data);
    while (size > 0) {
      const auto piece = static_cast<uInt>(std::min<std::size_t>(size, std::size_t{1} << 30));
      crc = crc32(crc, bytes, piece);
      bytes += piece;
      size -= piece;
    }
  };
  auto add_text = [&add](const std::string& s) {
    const std::uint64_t size = s.size();
    add(&size, sizeof size);
    add(s.data(), s.size());
  };
  for (const auto& [key, value] : file.metadata) {
    if (key == kChecksumKey) continue;
    add_text(key);
    add_text(value);
  }
  for (const auto& [name, t] : file.tensors) {
    add_text(name);
    add_text(tensor_type_name(t.dtype));
    const std::uint64_t rank = t.shape.size();
    add(&rank, sizeof rank);
    if (!t.shape.empty()) add(t.shape.data(), t.shape.size() * sizeof(std::int64_t));
    const std::uint64_t size = t.bytes.size();
    add(&size, sizeof size);
    if (!t.bytes.empty()) add(t.bytes.data(), t.bytes.size());  // in place: no copy of a large tensor
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "crc32:%08lx", static_cast<unsigned long>(crc));
  return buf;
}

// regkit's own files (metadata "format" regkit-model / regkit-checkpoint): version 1
// files have no checksum; version 2 files must have one.
void check_format_and_checksum(TensorFile& file) {
  const auto format = file.metadata.find("format");
  const bool ours = format != file.metadata.end() &&
                    (format->second == "regkit-model" || format->second == "regkit-checkpoint");
  const auto stored = file.metadata.find(kChecksumKey);
  if (ours) {
    const auto version = file.metadata.find("format_version");
    if (version == file.metadata.end())
      throw DataError(file.source + ": the file's metadata has no format_version; the file is damaged");
    if (version->second != "1" && version->second != "2")
      throw DataError(file.source + ": format version \"" + version->second.substr(0, 20) +
                      "\" is not supported (this regkit reads versions 1 and 2); the file is damaged or from a newer regkit");
    if (version->second == "2" && stored == file.metadata.end())
      throw DataError(file.source + ": the file has no checksum although its format version (2) has one; the file is damaged");
  }
  if (stored == file.metadata.end()) return;
  const std::string computed = content_checksum(file);
  if (stored->second != computed)
    throw DataError(file.source + ": checksum mismatch (the file says " + stored->second.substr(0, 24) +
                    ", its content gives " + computed + "): the file is damaged or was changed after it was written");
  file.metadata.erase(stored);
}

TensorType parse_type(const std::string& name, const std::string& where) {
  if (name == "F64") return TensorType::f64;
  if (name == "F32") return TensorType::f32;
  if (name == "I64") return TensorType::i64;
  if (name == "I32") return TensorType::i32;
  if (name == "U8") return TensorType::u8;
  throw DataError(where + ": unsupported dtype \"" + name + "\"; expected F64, F32, I64, I32 or U8");
}

template <typename Scalar>
Tensor from_matrix(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& m, TensorType type) {
  Tensor t;
  t.dtype = type;
  t.shape = {static_cast<std::int64_t>(m.rows()), static_cast<std::int64_t>(m.cols())};
  const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = m;
  t.bytes.resize(static_cast<std::size_t>(row_major.size()) * sizeof(Scalar));
  if (!t.bytes.empty()) std::memcpy(t.bytes.data(), row_major.data(), t.bytes.size());
  return t;
}

template <typename Scalar>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> to_matrix_of(const Tensor& t,
                                                                   TensorType type,
                                                                   const std::string& name) {
  if (t.dtype != type)
    throw DataError("tensor \"" + name + "\" has dtype " + tensor_type_name(t.dtype) +
                    "; expected " + tensor_type_name(type));
  if (t.shape.size() != 2)
    throw DataError("tensor \"" + name + "\" has " + std::to_string(t.shape.size()) +
                    " dimensions; expected 2");
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major(
      static_cast<Index>(t.shape[0]), static_cast<Index>(t.shape[1]));
  if (!t.bytes.empty()) std::memcpy(row_major.data(), t.bytes.data(), t.bytes.size());
  return row_major;
}

}  // namespace

const char* tensor_type_name(TensorType type) {
  switch (type) {
    case TensorType::f64: return "F64";
    case TensorType::f32: return "F32";
    case TensorType::i64: return "I64";
    case TensorType::i32: return "I32";
    case TensorType::u8: return "U8";
  }
  return "?";
}

std::size_t tensor_type_size(TensorType type) {
  switch (type) {
    case TensorType::f64: case TensorType::i64: return 8;
    case TensorType::f32: case TensorType::i32: return 4;
    case TensorType::u8: return 1;
  }
  return 1;
}

std::int64_t Tensor::size() const {
  std::int64_t n = 1;
  for (const auto d : shape) n *= d;
  return n;
}

Tensor Tensor::from(const Vector& v) {
  Tensor t;
  t.dtype = TensorType::f64;
  t.shape = {static_cast<std::int64_t>(v.size())};
  t.bytes.resize(static_cast<std::size_t>(v.size()) * sizeof(double));
  if (!t.bytes.empty()) std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
  return t;
}

Tensor Tensor::from(const std::vector<double>& v) {
  return from(Vector(Eigen::Map<const Vector>(v.data(), static_cast<Index>(v.size()))));
}

Tensor Tensor::from(const Matrix& m) { return from_matrix(m, TensorType::f64); }
Tensor Tensor::from(const Eigen::MatrixXf& m) { return from_matrix(m, TensorType::f32); }

Vector Tensor::to_vector(const std::string& name) const {
  if (dtype != TensorType::f64)
    throw DataError("tensor \"" + name + "\" has dtype " + tensor_type_name(dtype) + "; expected F64");
  Vector v(static_cast<Index>(size()));
  if (!bytes.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

Matrix Tensor::to_matrix(const std::string& name) const {
  return to_matrix_of<double>(*this, TensorType::f64, name);
}

Eigen::MatrixXf Tensor::to_matrix_f32(const std::string& name) const {
  return to_matrix_of<float>(*this, TensorType::f32, name);
}

const Tensor& TensorFile::tensor(const std::string& name) const {
  const auto it = tensors.find(name);
  if (it == tensors.end())
    throw DataError(source + ": the model file has no tensor \"" + name + "\"");
  return it->second;
}

const std::string& TensorFile::meta(const std::string& key) const {
  const auto it = metadata.find(key);
  if (it == metadata.end())
    throw DataError(source + ": the model file's metadata has no \"" + key + "\"");
  return it->second;
}

void save_tensor_file(const std::string& path, const TensorFile& file) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  nlohmann::ordered_json meta = nlohmann::ordered_json::object();
  for (const auto& [key, value] : file.metadata)
    if (key != kChecksumKey) meta[key] = value;
  meta[kChecksumKey] = content_checksum(file);
  header["__metadata__"] = meta;
  std::uint64_t offset = 0;
  for (const auto& [name, t] : file.tensors) {
    const std::uint64_t expected = static_cast<std::uint64_t>(t.size()) * tensor_type_size(t.dtype);
    if (expected != t.bytes.size())
      throw InvalidArgument("save_tensor_file: tensor \"" + name + "\" holds " +
                            std::to_string(t.bytes.size()) + " bytes but its shape needs " +
                            std::to_string(expected));
    header[name] = {{"dtype", tensor_type_name(t.dtype)},
                    {"shape", t.shape},
                    {"data_offsets", {offset, offset + expected}}};
    offset += expected;
  }
  std::string text = header.dump();
  while (text.size() % 8 != 0) text.push_back(' ');
  const std::uint64_t header_size = text.size();
  write_file_atomic(path, [&](std::ostream& out) {
    char size_bytes[8];
    std::memcpy(size_bytes, &header_size, 8);
    out.write(size_bytes, 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& [name, t] : file.tensors)
      out.write(reinterpret_cast<const char*>(t.bytes.data()), static_cast<std::streamsize>(t.bytes.size()));
  });
}

TensorFile load_tensor_file(const std::string& path, std::uint64_t max_bytes) {
  {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
      throw DataError(path + ": not a regular file (a directory, pipe, device or socket); expected a model file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open the model file");
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  if (end < 0) throw DataError(path + ": cannot determine the file size");
  const auto file_size = static_cast<std::uint64_t>(end);
  in.seekg(0);
  if (file_size > max_bytes)
    throw DataError(path + ": the file has " + std::to_string(file_size) +
                    " bytes, more than the read limit of " + std::to_string(max_bytes) + " bytes");
  if (file_size < 8) throw DataError(path + ": truncated model file (" + std::to_string(file_size) +
                                     " bytes; expected at least the 8-byte header length)");
  std::uint64_t header_size = 0;
  char size_bytes[8];
  in.read(size_bytes, 8);
  std::memcpy(&header_size, size_bytes, 8);
  if (header_size > max_header_bytes || header_size > file_size - 8)
    throw DataError(path + ": the header claims " + std::to_string(header_size) +
                    " bytes but the file has " + std::to_string(file_size - 8) +
                    " after the length field; not a regkit model file or truncated");
  std::string text(static_cast<std::size_t>(header_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(header_size));
  if (!in) throw DataError(path + ": truncated header");
  // The JSON text, then nothing but the spaces that pad it to a multiple of 8 bytes (a
  // NUL would end the JSON parser's input early and hide what follows it).
  if (text.find('\0') != std::string::npos)
    throw DataError(path + ": the header contains a NUL byte at offset " + std::to_string(8 + text.find('\0')) +
                    "; the file is damaged");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path + ": the header is not valid JSON: " + e.what());
  }
  if (!header.is_object()) throw DataError(path + ": the header is not a JSON object");
  const std::uint64_t data_size = file_size - 8 - header_size;
  TensorFile file;
  file.source = path;
  struct Span {
    std::uint64_t begin, end;
    std::string name;
  };
  std::vector<Span> spans;
  try {
    for (const auto& [name, entry] : header.items()) {
      if (name == "__metadata__") {
        if (!entry.is_object()) throw DataError(path + ": __metadata__ is not an object");
        for (const auto& [key, value] : entry.items()) {
          if (!value.is_string())
            throw DataError(path + ": metadata \"" + key + "\" is not a string");
          file.metadata[key] = value.get<std::string>();
        }
        continue;
      }
      const std::string where = path + ": tensor \"" + name + "\"";
      if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
          !entry.contains("data_offsets"))
        throw DataError(where + ": expected dtype, shape and data_offsets");
      Tensor t;
      t.dtype = parse_type(entry.at("dtype").get<std::string>(), where);
      std::uint64_t count = 1;
      if (!entry.at("shape").is_array()) throw DataError(where + ": shape must be an array of integers");
      for (const auto& d : entry.at("shape")) {
        // Integers only: converting a huge JSON float to int64 is undefined behaviour.
        if (!d.is_number_integer()) throw DataError(where + ": shape entries must be integers; got " + d.dump());
        const auto dim = d.get<std::int64_t>();
        if (dim < 0) throw DataError(where + ": negative dimension " + std::to_string(dim));
        if (dim != 0 && count > std::numeric_limits<std::uint64_t>::max() / 16 / static_cast<std::uint64_t>(dim))
          throw DataError(where + ": the shape's size overflows");
        count *= static_cast<std::uint64_t>(dim);
        t.shape.push_back(dim);
      }
      const auto& offsets = entry.at("data_offsets");
      if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
          !offsets[1].is_number_unsigned())
        throw DataError(where + ": data_offsets must be [begin, end], non-negative integers");
      const auto begin = offsets[0].get<std::uint64_t>();
      const auto stop = offsets[1].get<std::uint64_t>();
      const std::uint64_t bytes = count * tensor_type_size(t.dtype);
      if (begin > stop || stop > data_size || stop - begin != bytes)
        throw DataError(where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(stop) +
                        "] do not fit its shape (" + std::to_string(bytes) + " bytes) within the " +
                        std::to_string(data_size) + " data bytes of the file");
      t.bytes.resize(static_cast<std::size_t>(bytes));
      in.seekg(static_cast<std::streamoff>(8 + header_size + begin));
      in.read(reinterpret_cast<char*>(t.bytes.data()), static_cast<std::streamsize>(bytes));
      if (!in) throw DataError(where + ": truncated data");
      spans.push_back({begin, stop, name});
      file.tensors.emplace(name, std::move(t));
    }
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path + ": malformed header: " + e.what());
  }
  // Zero-length tensors (valid: an empty buffer) occupy no bytes and overlap nothing.
  spans.erase(std::remove_if(spans.begin(), spans.end(), [](const Span& s) { return s.begin == s.end; }), spans.end());
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < spans.size(); ++i)
    if (spans[i].begin < spans[i - 1].end)
      throw DataError(path + ": tensors \"" + spans[i - 1].name + "\" and \"" + spans[i].name + "\" overlap");
  check_format_and_checksum(file);
  return file;
}

}  // namespace regkit::io
