// libFuzzer target: data::read_idx on gzip input. Mutating compressed bytes mostly breaks
// the CRC, so the first input byte picks a mode:
//   even: the rest is the file as is (raw gzip: header fields, corrupt streams, members);
//   odd:  the rest is an IDX payload, gzip-compressed here (valid CRC and length), then
//         damaged by mode bits: 0x02 cut the last (data[1] % 16) bytes, 0x04 append a
//         second member, 0x08 append garbage, 0x10 flip one byte of the trailer.
#include <zlib.h>

#include <vector>

#include "fuzz_support.hpp"
#include "regkit/data/readers.hpp"

namespace {

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static regkit::fuzz::MemoryFile file("fuzz.idx.gz");
  if (size < 2) return 0;
  const std::uint8_t mode = data[0];
  std::vector<std::uint8_t> bytes;
  if ((mode & 1) == 0) {
    bytes.assign(data + 1, data + size);
  } else {
    const std::uint8_t knob = data[1];
    bytes = gzip(data + 2, size - 2);
    if (mode & 0x04) {
      const auto second = gzip(data + 2, (size - 2) / 2);
      bytes.insert(bytes.end(), second.begin(), second.end());
    }
    if ((mode & 0x10) && bytes.size() >= 8) bytes[bytes.size() - 1 - knob % 8] ^= 0x5A;
    if (mode & 0x02) bytes.resize(bytes.size() - std::min<std::size_t>(bytes.size(), knob % 16 + 1));
    if (mode & 0x08) bytes.insert(bytes.end(), {knob, 0x00, 0x1F});
  }
  const std::string& path = file.write(bytes.data(), bytes.size());
  regkit::fuzz::expect_regkit_errors_only([&] {
    regkit::data::ReadLimits limits;
    limits.max_bytes = std::uint64_t{64} << 20;
    const auto array = regkit::data::read_idx(path, limits);
    if (array.bytes.size() != static_cast<std::size_t>(array.size()) * regkit::data::dtype_size(array.dtype))
      regkit::fuzz::contract_broken("read_idx (gzip): byte count does not match shape x dtype");
  });
  return 0;
}
