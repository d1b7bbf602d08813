// The penalty registry: one line per penalty, sorted by name (STYLE.md section 3).
// Adding a penalty of the elastic-net family is one line here plus its test.
#include "regkit/penalty/registry.hpp"

#include <array>
#include <string>

#include "regkit/core/check.hpp"
#include "regkit/penalty/elastic_net_penalty.hpp"

namespace regkit::penalty {

namespace {

double fixed_alpha(std::string_view name, double alpha, std::optional<double> user_alpha) {
  if (user_alpha && *user_alpha != alpha)
    throw InvalidArgument("penalty '" + std::string(name) + "' fixes alpha = " + check::str(alpha) +
                          "; got alpha " + check::str(*user_alpha) +
                          "; use penalty 'elasticnet' to choose the mix");
  return alpha;
}

double elasticnet_alpha(std::optional<double> user_alpha) {
  if (!user_alpha)
    throw InvalidArgument(
        "penalty 'elasticnet': alpha (the L1/L2 mix) must be given, in [0, 1] (glmnet convention)");
  check::in_unit_interval("penalty 'elasticnet'", "alpha", *user_alpha);
  return *user_alpha;
}
double l1_alpha(std::optional<double> user_alpha) { return fixed_alpha("l1", 1.0, user_alpha); }
double l2_alpha(std::optional<double> user_alpha) { return fixed_alpha("l2", 0.0, user_alpha); }

template <double (*Alpha)(std::optional<double>)>
std::unique_ptr<Penalty> make_elastic_net(std::optional<double> user_alpha) {
  return std::make_unique<ElasticNetPenalty>(Alpha(user_alpha));
}

constexpr std::array<PenaltyEntry, 3> kPenalties{{
    {"elasticnet", elasticnet_alpha, make_elastic_net<elasticnet_alpha>, "lambda * (alpha |w|_1 + (1 - alpha)/2 ||w||^2), alpha given"},
    {"l1", l1_alpha, make_elastic_net<l1_alpha>, "lasso: lambda * |w|_1 (alpha = 1)"},
    {"l2", l2_alpha, make_elastic_net<l2_alpha>, "ridge: lambda/2 * ||w||^2 (alpha = 0)"},
}};

}  // namespace

std::span<const PenaltyEntry> penalty_registry() { return kPenalties; }

std::vector<std::string> penalty_names() {
  std::vector<std::string> names;
  for (const auto& entry : kPenalties) names.emplace_back(entry.name);
  return names;
}

static const PenaltyEntry& entry_for(std::string_view name) {
  for (const auto& entry : kPenalties)
    if (entry.name == name) return entry;
  std::string known;
  for (const auto& entry : kPenalties) known += (known.empty() ? "" : ", ") + std::string(entry.name);
  throw InvalidArgument("unknown penalty '" + std::string(name) + "'; expected one of: " + known);
}

double penalty_alpha(std::string_view name, std::optional<double> user_alpha) {
  return entry_for(name).alpha(user_alpha);
}

std::unique_ptr<Penalty> make_solver_penalty(std::string_view name, std::optional<double> user_alpha) {
  return entry_for(name).make(user_alpha);
}

ElasticNet make_penalty(std::string_view name, double lambda, std::optional<double> user_alpha,
                        Vector penalty_factor) {
  return ElasticNet(lambda, penalty_alpha(name, user_alpha), std::move(penalty_factor));
}

}  // namespace regkit::penalty
