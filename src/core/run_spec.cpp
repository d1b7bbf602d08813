#include "regkit/core/run_spec.hpp"

#include <algorithm>
#include <cctype>

#include "regkit/core/errors.hpp"

namespace regkit {

namespace {

[[noreturn]] void bad(const std::string& text, const std::string& what) {
  throw InvalidArgument("run spec \"" + text + "\": " + what +
                        "; expected NAME or NAME:key=value,key=value (e.g. l2:kernel-l2=1e-3)");
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

RunSpec parse_run_spec(const std::string& text) {
  if (text.size() > 4096) bad(text.substr(0, 40) + "...", "longer than 4096 characters");
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
      bad(text, "contains a character outside printable ASCII");
  RunSpec spec;
  spec.text = text;
  const auto colon = text.find(':');
  spec.name = trim(text.substr(0, colon));
  if (spec.name.empty()) bad(text, "the run has no name");
  if (spec.name.size() > 40) bad(text, "the name is longer than 40 characters");
  if (!std::all_of(spec.name.begin(), spec.name.end(), name_char))
    bad(text, "the name \"" + spec.name + "\" may hold only letters, digits, '_', '-' and '.'");
  if (colon == std::string::npos) return spec;
  const std::string rest = text.substr(colon + 1);
  if (trim(rest).empty()) return spec;
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto comma = rest.find(',', start);
    const std::string item = trim(rest.substr(start, (comma == std::string::npos ? rest.size() : comma) - start));
    if (item.empty()) bad(text, "an empty setting (two commas in a row, or a trailing comma)");
    const auto eq = item.find('=');
    std::string key = trim(item.substr(0, eq));
    const std::string value = eq == std::string::npos ? "" : trim(item.substr(eq + 1));
    if (key.rfind("--", 0) == 0) key = key.substr(2);
    if (key.empty()) bad(text, "a setting without a key (\"" + item + "\")");
    // An option name: letters, digits, '_', '-', '.', starting with a letter or digit
    // (so "----x" is not read as the option "--x": fuzz/regressions/run_spec/).
    if (!std::all_of(key.begin(), key.end(), name_char) || !std::isalnum(static_cast<unsigned char>(key[0])))
      bad(text, "the key \"" + key + "\" is not an option name");
    if (eq != std::string::npos && value.empty()) bad(text, "the key \"" + key + "\" has an empty value");
    for (const auto& [k, v] : spec.settings)
      if (k == key) bad(text, "the key \"" + key + "\" is given twice");
    spec.settings.emplace_back(key, value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return spec;
}

std::vector<std::string> RunSpec::as_arguments() const {
  std::vector<std::string> args;
  for (const auto& [key, value] : settings) {
    args.push_back("--" + key);
    if (!value.empty()) {
      std::string v = value;
      std::replace(v.begin(), v.end(), '/', ',');  // layers=256/128 -> --layers 256,128
      std::replace(v.begin(), v.end(), ';', ',');
      args.push_back(v);
    }
  }
  return args;
}

}  // namespace regkit
