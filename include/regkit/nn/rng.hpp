// Rng: xoshiro256** seeded through SplitMix64, with its own uniform and Box-Muller
// normal draws, so a seed gives the same numbers on every platform and standard library
// (std::normal_distribution does not). hash_uniform gives a counter-based draw (used by
// Dropout) that does not depend on which thread asks.
#pragma once

#include <array>
#include <cstdint>

namespace regkit::nn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  double uniform();                        // [0, 1), 53 random bits
  double normal();                         // standard normal (Box-Muller, no caching)
  std::uint64_t below(std::uint64_t bound);  // uniform integer in [0, bound), unbiased

  // The whole generator state, for checkpoints: set_state(state()) continues the stream
  // exactly. An all-zero state (xoshiro's fixed point) is refused.
  std::array<std::uint64_t, 4> state() const { return {s_[0], s_[1], s_[2], s_[3]}; }
  void set_state(const std::array<std::uint64_t, 4>& state);

 private:
  std::uint64_t s_[4];
};

std::uint64_t splitmix64(std::uint64_t x);
// A uniform [0, 1) number determined by (seed, a, b) alone.
inline double hash_uniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  const std::uint64_t h = splitmix64(seed ^ splitmix64(a ^ splitmix64(b + 0x632be59bd9b4e019ULL)));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

}  // namespace regkit::nn
