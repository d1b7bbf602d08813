// A single-lambda L1 logistic fit on a wide sparse problem where most columns violate the
// KKT conditions at the start (far more than its eventual support): proximal Newton's
// working set must take them in until none is left. The returned coefficients satisfy the
// KKT conditions, checked here from scratch, and reach the objective a path (strong rules)
// reaches at the same lambda.
#include <gtest/gtest.h>

#include <cmath>

#include "regkit/linear/logistic.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

TEST(LogisticWorkingSet, WideProblemReachesTheKktConditions) {
  const Index n = 400, p = 3000;
  test::Gaussian g(41);
  SparseMatrix X(n, p);
  std::vector<Eigen::Triplet<double>> entries;
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i)
      if ((i * 13 + j * 7) % 20 == 0) entries.emplace_back(static_cast<int>(i), static_cast<int>(j), g());
  X.setFromTriplets(entries.begin(), entries.end());
  X.makeCompressed();
  Vector beta = Vector::Zero(p);
  for (Index j = 0; j < p; j += 50) beta[j] = 2.0 * g();
  const Vector eta = X * beta;
  Vector y(n);
  for (Index i = 0; i < n; ++i) y[i] = g() < eta[i] ? 1.0 : 0.0;
  const Labels labels = encode_labels(y);
  LogisticOptions o;
  o.alpha = 1.0;
  o.fit_intercept = false;
  o.standardize = false;
  o.tol = 1e-9;
  const double lambda = 2e-3;
  // The scenario: at zero, many more violators than the solution's support.
  const Vector g0 = X.transpose() * (Vector::Constant(n, 0.5) - y) / static_cast<double>(n);
  ASSERT_GT((g0.array().abs() > lambda).count(), 1000);

  const LogisticFit fit = fit_logistic(Design(X), labels, lambda, o);
  ASSERT_TRUE(fit.converged);
  const Vector w = fit.coef.col(0);
  const Vector z = X * w;
  Vector r(n);
  for (Index i = 0; i < n; ++i) r[i] = (1.0 / (1.0 + std::exp(-z[i])) - y[i]) / static_cast<double>(n);
  const Vector grad = X.transpose() * r;
  double worst = 0.0;
  for (Index j = 0; j < p; ++j) {
    const double v = w[j] != 0.0 ? std::abs(grad[j] + (w[j] > 0.0 ? lambda : -lambda))
                                 : std::max(0.0, std::abs(grad[j]) - lambda);
    worst = std::max(worst, v / lambda);
  }
  EXPECT_LT(worst, 1e-7);
  EXPECT_GT((w.array() != 0.0).count(), 20);

  // The same lambda at the end of a path: the same objective.
  PathOptions path;
  path.lambdas = Vector::LinSpaced(20, 4e-2, lambda);
  const LogisticPath pth = logistic_path(Design(X), labels, o, path);
  EXPECT_NEAR(fit.objective, pth.objective[pth.objective.size() - 1], 1e-9 * fit.objective);
}

}  // namespace
}  // namespace regkit::linear
