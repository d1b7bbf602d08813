// GlmOptions::validate and the predict-type names (include/regkit/linear/glm.hpp).
#include <cmath>
#include <string>

#include "regkit/core/check.hpp"
#include "regkit/linear/glm.hpp"

namespace regkit::linear {

namespace {

void check_limits(std::string_view where, std::string_view name, const Vector& limits, Index p,
                  bool lower) {
  if (limits.size() == 0) return;
  if (limits.size() != 1 && limits.size() != p)
    throw InvalidArgument(std::string(where) + ": " + std::string(name) + " has " + check::str(limits.size()) +
                          " entries; expected 1 or p = " + check::str(p) + " (or none)");
  for (Index j = 0; j < limits.size(); ++j) {
    const double v = limits[j];
    const bool ok = lower ? (v <= 0.0 && !std::isnan(v)) : (v >= 0.0 && !std::isnan(v));
    if (!ok)
      throw InvalidArgument(std::string(where) + ": " + std::string(name) + "[" + check::str(j) + "] is " +
                            check::str(v) + "; expected " + (lower ? "<= 0 (or -inf)" : ">= 0 (or inf)") +
                            " (glmnet: the limits must contain 0)");
  }
}

}  // namespace

void GlmOptions::validate(Index n, Index p) const {
  constexpr std::string_view where = "GlmOptions";
  check::positive(where, "tol", tol);
  if (!(tol < 1.0)) throw InvalidArgument(std::string(where) + ": tol must be < 1; got " + check::str(tol));
  if (max_iter <= 0)
    throw InvalidArgument(std::string(where) + ": max_iter must be > 0; got " + check::str(max_iter));
  if (max_passes <= 0)
    throw InvalidArgument(std::string(where) + ": max_passes must be > 0; got " + check::str(max_passes));
  if (penalty_factor.size() != 0) {
    if (penalty_factor.size() != p)
      throw InvalidArgument(std::string(where) + ": penalty_factor has " + check::str(penalty_factor.size()) +
                            " entries; expected p = " + check::str(p) + " (or none)");
    for (Index j = 0; j < p; ++j)
      if (!(penalty_factor[j] >= 0.0))  // +inf allowed: excluded
        throw InvalidArgument(std::string(where) + ": penalty_factor[" + check::str(j) + "] is " +
                              check::str(penalty_factor[j]) + "; expected >= 0 (inf = excluded)");
  }
  for (Index j : exclude)
    if (j < 0 || j >= p)
      throw InvalidArgument(std::string(where) + ": exclude has feature " + check::str(j) +
                            ", outside [0, " + check::str(p) + ")");
  check::sample_weights(where, sample_weight, n);
  if (offset.size() != 0) {
    if (offset.size() != n)
      throw InvalidArgument(std::string(where) + ": offset has " + check::str(offset.size()) +
                            " entries; expected n = " + check::str(n) + " (or none)");
    check::all_finite(where, "offset", offset);
  }
  check_limits(where, "lower_limits", lower_limits, p, true);
  check_limits(where, "upper_limits", upper_limits, p, false);
  if (dfmax < -1) throw InvalidArgument(std::string(where) + ": dfmax must be >= 0 or -1 (no limit); got " + check::str(dfmax));
  if (pmax < -1) throw InvalidArgument(std::string(where) + ": pmax must be >= 0 or -1 (no limit); got " + check::str(pmax));
  check::thread_count(where, "threads", threads);
}

PredictType parse_predict_type(std::string_view name) {
  if (name == "link") return PredictType::link;
  if (name == "response") return PredictType::response;
  throw InvalidArgument("unknown prediction type '" + std::string(name) + "'; expected link or response");
}

}  // namespace regkit::linear
