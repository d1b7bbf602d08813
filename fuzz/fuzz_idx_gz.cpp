// libFuzzer target: data::read_idx on gzip input. Mutating compressed bytes mostly breaks
// the CRC, so the first input byte picks a mode:
//   even: the rest is the file as is (raw gzip: header fields, corrupt streams, members);
//   odd:  the rest is an IDX payload, gzip-compressed here (valid CRC and length), then
//         damaged by mode bits: 0x02 cut the last (data[1] % 16) bytes, 0x04 append a
//         second member, 0x08 append garbage, 0x10 flip one byte of the trailer.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  regkit::fuzz::run_idx_gz(data, size);
  return 0;
}
