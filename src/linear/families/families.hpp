// The factories of the registered families (one per file in this folder), listed by
// registry.cpp. kInf: a loss that overflowed.
#pragma once

#include <limits>
#include <memory>

#include "regkit/linear/family.hpp"

namespace regkit::linear::families {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

std::unique_ptr<Family> make_binomial();
std::unique_ptr<Family> make_gaussian();
std::unique_ptr<Family> make_poisson();

}  // namespace regkit::linear::families
