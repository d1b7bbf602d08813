// The family registry: one line per family, sorted by name (STYLE.md section 3). Adding a
// family is its file in this folder, its factory in families.hpp and one line here
// (docs/adding-a-family.md).
#include <array>
#include <string>

#include "families.hpp"
#include "regkit/core/errors.hpp"

namespace regkit::linear {

namespace {

constexpr std::array<FamilyEntry, 3> kFamilies{{
    {"binomial", families::make_binomial, "logistic regression on 0/1 (or proportion) responses, logit link"},
    {"gaussian", families::make_gaussian, "least squares, identity link"},
    {"poisson", families::make_poisson, "counts or rates, log link (offset = log exposure)"},
}};

}  // namespace

std::span<const FamilyEntry> family_registry() { return kFamilies; }

std::vector<std::string> family_names() {
  std::vector<std::string> names;
  for (const auto& entry : kFamilies) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<Family> make_family(std::string_view name) {
  for (const auto& entry : kFamilies)
    if (entry.name == name) return entry.make();
  std::string known;
  for (const auto& entry : kFamilies) known += (known.empty() ? "" : ", ") + std::string(entry.name);
  throw InvalidArgument("unknown family '" + std::string(name) + "'; expected one of: " + known);
}

}  // namespace regkit::linear
