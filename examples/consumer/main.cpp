// Fits a lasso path on a tiny problem with the installed regkit and checks one answer:
// with one standardized feature, the lasso solution is S(<x, y>/n, lambda).
#include <regkit/regkit.hpp>

#include <cmath>
#include <cstdio>

int main() {
  regkit::Matrix X(4, 1);
  X << -1.5, -0.5, 0.5, 1.5;
  regkit::Vector y(4);
  y << -3.0, -1.0, 1.0, 3.0;
  regkit::linear::ElasticNetOptions options;
  options.standardize = false;
  const double lambda = 0.5;
  const auto fit = regkit::linear::fit_elastic_net(regkit::Design{X}, y, lambda, options);
  const double xx = X.col(0).squaredNorm() / 4.0, xy = X.col(0).dot(y) / 4.0;
  const double expected = regkit::penalty::soft_threshold(xy, lambda) / xx;
  std::printf("coef %.10f expected %.10f\n", fit.coef[0], expected);
  return std::abs(fit.coef[0] - expected) < 1e-8 ? 0 : 1;
}
