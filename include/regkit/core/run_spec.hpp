// Run specifications of `regkit compare`: "NAME:key=value,key=value,flag", e.g.
//   "l2:kernel-l2=1e-3"   "decay:optimizer=adamw,weight-decay=1e-2"   "none"
// Keys are `regkit train` option names without the leading "--". A key without "="
// is a flag. Values may not contain ',' (lists such as layers use ';' or '/' instead:
// "layers=256/128"). Parsing checks only the shape; the caller checks the keys.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace regkit {

struct RunSpec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> settings;  // key, value ("" for a flag)
  std::string text;                                             // as given
  // "--key value" / "--key" arguments in order, for re-parsing with the train options.
  std::vector<std::string> as_arguments() const;
};

// Throws InvalidArgument naming the spec and the problem: an empty or malformed name
// (letters, digits, '_', '-', '.', at most 40), an empty key, a key given twice, a
// setting without a key, a value with characters outside printable ASCII.
RunSpec parse_run_spec(const std::string& text);

}  // namespace regkit
