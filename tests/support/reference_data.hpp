// Loading peer reference values committed in tests/reference/ (made by the scripts there).
// Header-only so tests do not depend on regkit's readers.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::test {

inline std::string reference_path(const std::string& name) {
  return std::string(REGKIT_TEST_REFERENCE_DIR) + "/" + name;
}

inline nlohmann::json load_reference_json(const std::string& name) {
  std::ifstream in(reference_path(name));
  if (!in) throw std::runtime_error("cannot open reference file " + reference_path(name));
  return nlohmann::json::parse(in);
}

// A numeric CSV with a header; the last column is y, the others X.
struct ReferenceData {
  Matrix X;
  Vector y;
};
inline ReferenceData load_reference_csv(const std::string& name) {
  std::ifstream in(reference_path(name));
  if (!in) throw std::runtime_error("cannot open reference file " + reference_path(name));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  const Index n = static_cast<Index>(rows.size());
  const Index p = n ? static_cast<Index>(rows[0].size()) - 1 : 0;
  ReferenceData d{Matrix(n, p), Vector(n)};
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < p; ++j) d.X(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    d.y[i] = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(p)];
  }
  return d;
}

inline Vector to_vector(const nlohmann::json& array) {
  Vector v(static_cast<Index>(array.size()));
  for (Index i = 0; i < v.size(); ++i) v[i] = array[static_cast<std::size_t>(i)].get<double>();
  return v;
}

}  // namespace regkit::test
