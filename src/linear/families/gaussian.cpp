// Gaussian family, identity link (glmnet family = "gaussian"):
//   loss(y, eta) = (y - eta)^2 / 2,   mu = eta,   IRLS weight 1,   unit deviance (y - mu)^2.
#include <cmath>
#include <string>

#include "families.hpp"
#include "regkit/core/check.hpp"

namespace regkit::linear::families {

namespace {

class Gaussian final : public Family {
 public:
  std::string_view name() const override { return "gaussian"; }
  std::string_view link_name() const override { return "identity"; }

  void check_response(const Vector& y, std::string_view what) const override {
    for (Index i = 0; i < y.size(); ++i)
      if (!std::isfinite(y[i]))
        throw InvalidArgument(std::string(what) + ": family gaussian needs finite responses; row " +
                              check::str(i + 1) + " has " + check::str(y[i]));
  }

  double loss(const Vector& y, const Vector& eta, const Vector& u) const override {
    return 0.5 * (u.array() * (y - eta).array().square()).sum();
  }

  void derivatives(const Vector& y, const Vector& eta, const Vector& u, Vector& gradient,
                   Vector& hessian) const override {
    gradient = u.cwiseProduct(eta - y);
    hessian = u;
  }

  double deviance(const Vector& y, const Vector& eta, const Vector& u) const override {
    return 2.0 * loss(y, eta, u);
  }

  double inverse_link(double eta) const override { return eta; }
  double link(double mu) const override { return mu; }
  std::vector<std::string_view> measures() const override { return {"mse", "deviance", "mae"}; }
};

}  // namespace

std::unique_ptr<Family> make_gaussian() { return std::make_unique<Gaussian>(); }

}  // namespace regkit::linear::families
