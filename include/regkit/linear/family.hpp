// The family concept of the GLM engine (a datafit in skglm's words): for responses y,
// linear predictors eta = offset + b + X beta and normalized sample weights u (sum 1),
//
//   datafit(eta) = sum_i u_i loss(y_i, eta_i),
//
// loss the negative log-likelihood of one observation up to terms free of eta. The solvers
// (proximal Newton, the path driver, CV) see a family through this interface only; one
// family is one file in src/linear/families/ plus one line in its registry.cpp
// (docs/adding-a-family.md).
//
//   family     loss(y, eta)                 mean mu          y
//   gaussian   (y - eta)^2 / 2              eta              finite
//   binomial   log(1 + e^eta) - y eta       1/(1 + e^-eta)   in [0, 1]
//   poisson    e^eta - y eta                e^eta            >= 0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::linear {

class Family {
 public:
  virtual ~Family() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view link_name() const = 0;  // "identity", "logit", "log"

  // Throws InvalidArgument naming `what` and the first row outside the family's support.
  virtual void check_response(const Vector& y, std::string_view what) const = 0;

  // sum_i u_i loss(y_i, eta_i); +inf when it overflows (the line search then backs off).
  virtual double loss(const Vector& y, const Vector& eta, const Vector& u) const = 0;
  // gradient_i = u_i dloss/deta_i, hessian_i = u_i d2loss/deta_i^2 (IRLS weights), at a
  // point where loss is finite.
  virtual void derivatives(const Vector& y, const Vector& eta, const Vector& u, Vector& gradient,
                           Vector& hessian) const = 0;
  // 2 sum_i u_i (loglik of the saturated model_i - loglik_i): glmnet's deviance per unit
  // weight (multiply by the total weight for R's deviance).
  virtual double deviance(const Vector& y, const Vector& eta, const Vector& u) const = 0;

  virtual double inverse_link(double eta) const = 0;  // mu
  virtual double link(double mu) const = 0;           // eta

  // CV measures this family supports (first = default): "deviance", "mse", "mae",
  // "class", "auc".
  virtual std::vector<std::string_view> measures() const = 0;
};

struct FamilyEntry {
  std::string_view name;
  std::unique_ptr<Family> (*make)();
  std::string_view description;  // one line for --help and the docs
};

// The registered families, sorted by name (src/linear/families/registry.cpp).
std::span<const FamilyEntry> family_registry();
std::vector<std::string> family_names();
// Unknown names throw InvalidArgument listing the known ones.
std::unique_ptr<Family> make_family(std::string_view name);

}  // namespace regkit::linear
