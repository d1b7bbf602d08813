// Penalties by name, for the CLI and Python: each name fixes glmnet's alpha (the L1/L2
// mix) or takes it from the user. The list is in src/penalty/registry.cpp, one entry per
// line, sorted (STYLE.md section 3).
//
//   "elasticnet"  alpha from the user, in [0, 1] (glmnet convention)
//   "l1"          alpha = 1 (lasso)
//   "l2"          alpha = 0 (ridge)
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "regkit/penalty/elastic_net.hpp"
#include "regkit/penalty/penalty.hpp"

namespace regkit::penalty {

struct PenaltyEntry {
  std::string_view name;
  // glmnet alpha for this penalty given the user's alpha (nullopt when not given);
  // throws InvalidArgument when the user's alpha is missing or conflicts.
  double (*alpha)(std::optional<double> user_alpha);
  // The solvers' penalty object (penalty/penalty.hpp) for the user's alpha.
  std::unique_ptr<Penalty> (*make)(std::optional<double> user_alpha);
  std::string_view description;  // one line for --help
};

// The registered penalties, sorted by name.
std::span<const PenaltyEntry> penalty_registry();

// The registered names, sorted.
std::vector<std::string> penalty_names();

// glmnet alpha for a penalty name. Unknown names throw InvalidArgument listing the known
// ones; "l1"/"l2" with a user alpha other than theirs, or "elasticnet" without one, throw.
double penalty_alpha(std::string_view name, std::optional<double> user_alpha = std::nullopt);

// The penalty object the GLM solvers call, by name (same errors as penalty_alpha).
std::unique_ptr<Penalty> make_solver_penalty(std::string_view name,
                                             std::optional<double> user_alpha = std::nullopt);

// The ElasticNet penalty for a name, strength lambda and optional factors.
ElasticNet make_penalty(std::string_view name, double lambda,
                        std::optional<double> user_alpha = std::nullopt,
                        Vector penalty_factor = {});

}  // namespace regkit::penalty
