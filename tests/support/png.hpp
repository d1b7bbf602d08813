// Reads the width and height from a PNG's IHDR chunk; fails the test if the file is not
// a PNG.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <utility>

namespace regkit::test {

inline std::pair<int, int> png_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char b[24] = {};
  in.read(reinterpret_cast<char*>(b), 24);
  const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  for (int i = 0; i < 8; ++i)
    if (b[i] != signature[i]) {
      ADD_FAILURE() << path << " is not a PNG";
      return {0, 0};
    }
  auto be32 = [&](int at) {
    return static_cast<int>((std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
                            (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]});
  };
  return {be32(16), be32(20)};
}

}  // namespace regkit::test
