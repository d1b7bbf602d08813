#include "validators.hpp"

#include <charconv>
#include <cmath>

#include "regkit/core/check.hpp"

namespace regkit::cli {
namespace {

std::string shown(const std::string& text) { return "'" + text.substr(0, 40) + (text.size() > 40 ? "...'" : "'"); }

bool parse_double(const std::string& text, double& v) {
  const auto b = text.find_first_not_of(" \t");
  if (b == std::string::npos) return false;
  const auto e = text.find_last_not_of(" \t");
  const char* first = text.data() + b;
  const char* last = text.data() + e + 1;
  if (*first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, v);
  return ec == std::errc() && ptr == last;
}

}  // namespace

CLI::Validator number_in(double low, double high, Bound low_bound) {
  const std::string range = (low_bound == Bound::open ? "(" : "[") + check::str(low) + ", " +
                            (high >= 1e300 ? std::string("inf)") : check::str(high) + "]");
  const std::string wanted = high >= 1e300 ? (low_bound == Bound::open ? "> " : ">= ") + check::str(low) : "in " + range;
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double v = 0;
        if (!parse_double(text, v) || !std::isfinite(v)) return "expected a finite number " + wanted + "; got " + shown(text);
        const bool above_low = low_bound == Bound::open ? v > low : v >= low;
        if (!above_low || v > high) return "expected a finite number " + wanted + "; got " + shown(text);
        return {};
      },
      "NUMBER " + wanted);
}

CLI::Validator integer_in(long long low, long long high) {
  const std::string wanted = "an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        long long v = 0;
        const auto b = text.find_first_not_of(" \t");
        const auto e = text.find_last_not_of(" \t");
        if (b == std::string::npos) return "expected " + wanted + "; got an empty value";
        const char* first = text.data() + b;
        const char* last = text.data() + e + 1;
        if (*first == '+') ++first;
        const auto [ptr, ec] = std::from_chars(first, last, v);
        if (ec != std::errc() || ptr != last || v < low || v > high) return "expected " + wanted + "; got " + shown(text);
        return {};
      },
      "INT in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
}

CLI::Validator thread_count() { return integer_in(0, check::kMaxThreads); }

CLI::Validator non_empty_path() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty()) return "expected a file name; got an empty value";
        if (text.rfind("--", 0) == 0) return "expected a file name; got the option " + shown(text);
        return "";
      },
      "PATH");
}

CLI::Validator non_empty_text() {
  return CLI::Validator(
      [](std::string& text) -> std::string { return text.empty() ? "expected a value; got an empty one" : ""; },
      "TEXT");
}

}  // namespace regkit::cli
