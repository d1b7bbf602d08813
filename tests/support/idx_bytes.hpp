// IDX bytes for reader tests: 0 0 type ndims, big-endian u32 dims, then `data` as given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace regkit::test {

inline std::string idx_bytes(std::uint8_t type, const std::vector<std::uint32_t>& dims, const std::string& data) {
  std::string bytes{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (const auto d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((d >> shift) & 0xFF);
  return bytes + data;
}

}  // namespace regkit::test
