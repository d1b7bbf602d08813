// Binomial family, logit link (glmnet family = "binomial" with a 0/1 or proportion y):
//   loss(y, eta) = log(1 + e^eta) - y eta,   mu = 1 / (1 + e^-eta),   IRLS weight mu (1 - mu),
//   unit deviance 2 (y log(y / mu) + (1 - y) log((1 - y) / (1 - mu))).
// log(1 + e^eta) is computed as max(eta, 0) + log1p(e^-|eta|): no overflow at any eta.
#include <algorithm>
#include <cmath>
#include <string>

#include "families.hpp"
#include "regkit/core/check.hpp"

namespace regkit::linear::families {

namespace {

double softplus(double eta) { return std::max(eta, 0.0) + std::log1p(std::exp(-std::abs(eta))); }
double xlogx(double x) { return x > 0.0 ? x * std::log(x) : 0.0; }

class Binomial final : public Family {
 public:
  std::string_view name() const override { return "binomial"; }
  std::string_view link_name() const override { return "logit"; }

  void check_response(const Vector& y, std::string_view what) const override {
    for (Index i = 0; i < y.size(); ++i)
      if (!(y[i] >= 0.0 && y[i] <= 1.0))
        throw InvalidArgument(std::string(what) + ": family binomial needs responses in [0, 1] "
                              "(0/1 labels or proportions); row " + check::str(i + 1) + " has " +
                              check::str(y[i]));
  }

  double loss(const Vector& y, const Vector& eta, const Vector& u) const override {
    double total = 0.0;
    for (Index i = 0; i < y.size(); ++i) total += u[i] * (softplus(eta[i]) - y[i] * eta[i]);
    return total;
  }

  void derivatives(const Vector& y, const Vector& eta, const Vector& u, Vector& gradient,
                   Vector& hessian) const override {
    for (Index i = 0; i < y.size(); ++i) {
      const double mu = inverse_link(eta[i]);
      gradient[i] = u[i] * (mu - y[i]);
      hessian[i] = u[i] * mu * (1.0 - mu);
    }
  }

  double deviance(const Vector& y, const Vector& eta, const Vector& u) const override {
    double total = 0.0;
    for (Index i = 0; i < y.size(); ++i)
      total += u[i] * (softplus(eta[i]) - y[i] * eta[i] + xlogx(y[i]) + xlogx(1.0 - y[i]));
    return 2.0 * total;
  }

  double inverse_link(double eta) const override {
    return eta >= 0.0 ? 1.0 / (1.0 + std::exp(-eta)) : std::exp(eta) / (1.0 + std::exp(eta));
  }
  double link(double mu) const override { return std::log(mu / (1.0 - mu)); }
  std::vector<std::string_view> measures() const override {
    return {"deviance", "class", "auc", "mse", "mae"};
  }
};

}  // namespace

std::unique_ptr<Family> make_binomial() { return std::make_unique<Binomial>(); }

}  // namespace regkit::linear::families
