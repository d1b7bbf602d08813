// CLI11 validators for numeric options: they read the text the user typed, before CLI11
// converts it, so an empty value, "nan", "inf" or a value out of range is refused with a
// message naming the option ("--lr: expected a finite number > 0; got 'nan'") instead of
// becoming 0, a default, or an internal struct's complaint later.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace regkit::cli {

enum class Bound { closed, open };

// A finite number in [low, high] (or (low, high] with Bound::open on the low side).
CLI::Validator number_in(double low, double high, Bound low_bound = Bound::closed);
// An integer in [low, high].
CLI::Validator integer_in(long long low, long long high);

// Common ranges, named for what they are.
inline CLI::Validator positive_number() { return number_in(0.0, 1e300, Bound::open); }
inline CLI::Validator non_negative_number() { return number_in(0.0, 1e300); }
inline CLI::Validator unit_interval() { return number_in(0.0, 1.0); }
// Thread counts: 0 (all cores) to check::kMaxThreads.
CLI::Validator thread_count();
// A file or folder name: not empty (an empty --out would silently write nothing), and
// not an option (CLI11 gives `--out=` the next argument, e.g. "--json=x.json", as value).
CLI::Validator non_empty_path();
// Any other text value that must not be empty (a column name, a list, a byte count).
CLI::Validator non_empty_text();

}  // namespace regkit::cli
