// Poisson family, log link (glmnet family = "poisson"; scikit-learn PoissonRegressor):
//
//   loss(y, eta) = e^eta - y eta,   mu = e^eta,   IRLS weight mu,
//   unit deviance 2 (y log(y / mu) - (y - mu)), with y log y = 0 at y = 0.
//
// y: counts or rates, finite and >= 0 (not necessarily integers, as in glmnet). An
// exposure enters as offset = log(exposure). Overflow: e^eta beyond the double range makes
// the loss +inf, which the solver's line search rejects; a fitted model never has it.
#include <cmath>
#include <string>

#include "families.hpp"
#include "regkit/core/check.hpp"

namespace regkit::linear::families {

namespace {

class Poisson final : public Family {
 public:
  std::string_view name() const override { return "poisson"; }
  std::string_view link_name() const override { return "log"; }

  void check_response(const Vector& y, std::string_view what) const override {
    for (Index i = 0; i < y.size(); ++i)
      if (!std::isfinite(y[i]) || y[i] < 0.0)
        throw InvalidArgument(std::string(what) + ": family poisson needs counts >= 0; row " +
                              check::str(i + 1) + " has " + check::str(y[i]));
  }

  // Eigen's vectorized exp (a scalar libm call per row would dominate a path's time).
  double loss(const Vector& y, const Vector& eta, const Vector& u) const override {
    const double total = (u.array() * (eta.array().exp() - y.array() * eta.array())).sum();
    return std::isnan(total) ? kInf : total;
  }

  void derivatives(const Vector& y, const Vector& eta, const Vector& u, Vector& gradient,
                   Vector& hessian) const override {
    hessian = u.array() * eta.array().exp();
    gradient = hessian - u.cwiseProduct(y);
  }

  double deviance(const Vector& y, const Vector& eta, const Vector& u) const override {
    double total = 0.0;
    for (Index i = 0; i < y.size(); ++i) {
      const double ylogy = y[i] > 0.0 ? y[i] * (std::log(y[i]) - eta[i]) : 0.0;
      total += u[i] * (ylogy - y[i]);
    }
    return 2.0 * (total + u.dot(eta.array().exp().matrix()));
  }

  double inverse_link(double eta) const override { return std::exp(eta); }
  double link(double mu) const override { return std::log(mu); }
  std::vector<std::string_view> measures() const override { return {"deviance", "mse", "mae"}; }
};

}  // namespace

std::unique_ptr<Family> make_poisson() { return std::make_unique<Poisson>(); }

}  // namespace regkit::linear::families
