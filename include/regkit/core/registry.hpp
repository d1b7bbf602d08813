// The shared half of every name -> factory registry (STYLE.md section 3): the lookup with
// its "unknown name" error, and the sorted list of names. Each registry.cpp keeps only its
// table, one line per entry.
#pragma once

#include <string>
#include <vector>

#include "regkit/core/errors.hpp"

namespace regkit {

// The names of a std::map-like table, in its (sorted) order.
template <class Table>
std::vector<std::string> registry_names(const Table& table) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.push_back(entry.first);
  return names;
}

// The factory registered under `name`; InvalidArgument "<kind>: unknown name 'x'; expected
// one of a, b, c" otherwise.
template <class Table>
const typename Table::mapped_type& registry_lookup(const Table& table, const std::string& name, const char* kind) {
  const auto it = table.find(name);
  if (it == table.end()) {
    std::string known;
    for (const auto& n : registry_names(table)) known.append(known.empty() ? "" : ", ").append(n);
    throw InvalidArgument(std::string(kind) + ": unknown name '" + name + "'; expected one of " + known);
  }
  return it->second;
}

}  // namespace regkit
