// The fuzz targets' bodies, shared by the libFuzzer entry points (fuzz/fuzz_<target>.cpp)
// and the regression test that replays fuzz/regressions/ and the seed corpora
// (tests/fuzz/fuzz_replay_test.cpp) in every build, sanitized or not.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "regkit/core/run_spec.hpp"
#include "regkit/data/readers.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/linear/linear_model.hpp"
#include "regkit/nn/sequential.hpp"

namespace regkit::fuzz {

namespace detail {

inline std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(size)) + 32);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace detail

// fuzz_csv: data::read_csv on arbitrary bytes (with and without a target column).
inline void run_csv(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file("fuzz.csv");
  const std::string& path = file.write(data, size);
  for (const char* target : {"", "y"}) {
    expect_regkit_errors_only([&] {
      regkit::data::CsvOptions options;
      options.target = target;
      options.limits.max_bytes = std::uint64_t{64} << 20;
      const auto ds = regkit::data::read_csv(path, options);
      if (!options.target.empty() && ds.y.size() != ds.n_samples())
        contract_broken("read_csv: y and X have different lengths");
      if (!ds.feature_names.empty() && static_cast<regkit::Index>(ds.feature_names.size()) != ds.n_features())
        contract_broken("read_csv: feature names and columns differ");
    });
  }
}

// fuzz_libsvm: data::read_libsvm on arbitrary bytes (free and fixed feature count).
inline void run_libsvm(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file("fuzz.svm");
  const std::string& path = file.write(data, size);
  for (regkit::Index n_features : {regkit::Index{0}, regkit::Index{7}}) {
    expect_regkit_errors_only([&] {
      regkit::data::LibsvmOptions options;
      options.n_features = n_features;
      options.limits.max_bytes = std::uint64_t{64} << 20;
      const auto ds = regkit::data::read_libsvm(path, options);
      if (ds.y.size() != ds.n_samples()) contract_broken("read_libsvm: y and X lengths differ");
      if (n_features > 0 && ds.n_features() != n_features)
        contract_broken("read_libsvm: feature count differs from the one asked for");
    });
  }
}

// fuzz_npy: data::read_npy on arbitrary bytes, then the conversions callers use.
inline void run_npy(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file("fuzz.npy");
  const std::string& path = file.write(data, size);
  expect_regkit_errors_only([&] {
    regkit::data::ReadLimits limits;
    limits.max_bytes = std::uint64_t{64} << 20;
    const auto array = regkit::data::read_npy(path, limits);
    if (array.bytes.size() != static_cast<std::size_t>(array.size()) * regkit::data::dtype_size(array.dtype))
      contract_broken("read_npy: byte count does not match shape x dtype");
    if (array.shape.size() == 2) (void)array.to_matrix("X");
    if (array.shape.size() == 1) (void)array.to_vector("y");
  });
}

// fuzz_idx: data::read_idx on arbitrary bytes (plain IDX; a gzip magic in the
// input reaches the gzip path too), then the conversions callers use.
inline void run_idx(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file("fuzz.idx");
  const std::string& path = file.write(data, size);
  expect_regkit_errors_only([&] {
    regkit::data::ReadLimits limits;
    limits.max_bytes = std::uint64_t{64} << 20;
    const auto array = regkit::data::read_idx(path, limits);
    if (array.bytes.size() != static_cast<std::size_t>(array.size()) * regkit::data::dtype_size(array.dtype))
      contract_broken("read_idx: byte count does not match shape x dtype");
    if (array.shape.size() == 2) (void)array.to_matrix("X");
    if (array.shape.size() == 1) (void)array.to_vector("y");
  });
}

// fuzz_idx_gz: data::read_idx on gzip input. Mutating compressed bytes mostly breaks
// the CRC, so the first input byte picks a mode:
//   even: the rest is the file as is (raw gzip: header fields, corrupt streams, members);
//   odd:  the rest is an IDX payload, gzip-compressed here (valid CRC and length), then
//         damaged by mode bits: 0x02 cut the last (data[1] % 16) bytes, 0x04 append a
//         second member, 0x08 append garbage, 0x10 flip one byte of the trailer.
inline void run_idx_gz(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file("fuzz.idx.gz");
  if (size < 2) return;
  const std::uint8_t mode = data[0];
  std::vector<std::uint8_t> bytes;
  if ((mode & 1) == 0) {
    bytes.assign(data + 1, data + size);
  } else {
    const std::uint8_t knob = data[1];
    bytes = detail::gzip(data + 2, size - 2);
    if (mode & 0x04) {
      const auto second = detail::gzip(data + 2, (size - 2) / 2);
      bytes.insert(bytes.end(), second.begin(), second.end());
    }
    if ((mode & 0x10) && bytes.size() >= 8) bytes[bytes.size() - 1 - knob % 8] ^= 0x5A;
    if (mode & 0x02) bytes.resize(bytes.size() - std::min<std::size_t>(bytes.size(), knob % 16 + 1));
    if (mode & 0x08) bytes.insert(bytes.end(), {knob, 0x00, 0x1F});
  }
  const std::string& path = file.write(bytes.data(), bytes.size());
  expect_regkit_errors_only([&] {
    regkit::data::ReadLimits limits;
    limits.max_bytes = std::uint64_t{64} << 20;
    const auto array = regkit::data::read_idx(path, limits);
    if (array.bytes.size() != static_cast<std::size_t>(array.size()) * regkit::data::dtype_size(array.dtype))
      contract_broken("read_idx (gzip): byte count does not match shape x dtype");
  });
}

// fuzz_model: the model file. io::load_tensor_file on arbitrary bytes, then the
// loaders built on it: linear::load_linear_model and nn::Sequential::load.
inline void run_model(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file("fuzz.regkit");
  const std::string& path = file.write(data, size);
  expect_regkit_errors_only([&] {
    const auto tf = regkit::io::load_tensor_file(path, std::uint64_t{64} << 20);
    for (const auto& [name, tensor] : tf.tensors)
      if (tensor.bytes.size() != static_cast<std::size_t>(tensor.size()) * regkit::io::tensor_type_size(tensor.dtype))
        contract_broken("load_tensor_file: byte count does not match shape x dtype");
  });
  expect_regkit_errors_only([&] {
    const auto model = regkit::linear::load_linear_model(path);
    if (model.coefs.cols() != model.lambdas.size() || model.intercepts.size() != model.lambdas.size())
      contract_broken("load_linear_model: inconsistent shapes");
    if (model.selected < 0 || model.selected >= model.lambdas.size())
      contract_broken("load_linear_model: selected index out of range");
  });
  expect_regkit_errors_only([&] { (void)regkit::nn::Sequential::load(path); });
}

// fuzz_run_spec: the CLI's run specs (core/run_spec.hpp), "NAME:key=value,flag".
inline void run_run_spec(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  expect_regkit_errors_only([&] {
    const auto spec = regkit::parse_run_spec(text);
    if (spec.name.empty()) contract_broken("parse_run_spec: empty name accepted");
    const auto args = spec.as_arguments();
    if (args.size() < spec.settings.size()) contract_broken("as_arguments lost a setting");
    // The text is canonical enough to parse again to the same settings.
    std::string again = spec.name;
    for (std::size_t i = 0; i < spec.settings.size(); ++i) {
      again += (i == 0 ? ":" : ",") + spec.settings[i].first;
      if (!spec.settings[i].second.empty()) again += "=" + spec.settings[i].second;
    }
    if (parse_run_spec(again).settings != spec.settings)
      contract_broken("parse_run_spec: re-parsing the normalized text changed the settings");
  });
}

}  // namespace regkit::fuzz
