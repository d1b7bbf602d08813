// ElasticNet penalty: value, gradient and prox against hand values, brute-force argmins,
// central differences, and each other.
#include "regkit/penalty/elastic_net.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "regkit/penalty/l1.hpp"
#include "regkit/penalty/l2.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit::penalty {
namespace {

TEST(ElasticNetPenalty, ValueMatchesHandComputation) {
  Vector w(3);
  w << 1.0, -2.0, 0.5;
  Vector pf(3);
  pf << 1.0, 0.5, 2.0;
  const ElasticNet p(0.3, 0.25, pf);
  // sum pf |w| = 1 + 1 + 1 = 3; sum pf w^2 = 1 + 2 + 0.5 = 3.5
  EXPECT_NEAR(p.value(w), 0.3 * (0.25 * 3.0 + 0.75 / 2.0 * 3.5), 1e-15);
  EXPECT_NEAR(L1(2.0).value(w), 2.0 * 3.5, 1e-15);
  EXPECT_NEAR(L2(2.0).value(w), 1.0 * (1.0 + 4.0 + 0.25), 1e-15);
}

TEST(ElasticNetPenalty, SoftThresholdZeroesSmallValues) {
  EXPECT_EQ(soft_threshold(0.3, 0.5), 0.0);
  EXPECT_EQ(soft_threshold(-0.5, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(soft_threshold(2.0, 0.5), 1.5);
  EXPECT_DOUBLE_EQ(soft_threshold(-2.0, 0.5), -1.5);
}

TEST(ElasticNetPenalty, ProxMatchesHandValues) {
  // lambda 2, alpha 0.5, step 0.5: l1 threshold 0.5, l2 shrink 1 / (1 + 0.5).
  const ElasticNet p(2.0, 0.5);
  Vector w(4);
  w << 3.0, -0.4, 0.5, -1.0;
  p.prox(w, 0.5);
  EXPECT_DOUBLE_EQ(w[0], 2.5 / 1.5);
  EXPECT_EQ(w[1], 0.0);  // exact zero
  EXPECT_EQ(w[2], 0.0);  // |z| == threshold: exact zero
  EXPECT_DOUBLE_EQ(w[3], -0.5 / 1.5);
  // Penalty factor 0 leaves the coordinate alone; factor 2 doubles both parts.
  Vector pf(2);
  pf << 0.0, 2.0;
  const ElasticNet q(1.0, 0.5, pf);
  EXPECT_EQ(q.prox_scalar(0.3, 1.0, 0), 0.3);
  EXPECT_DOUBLE_EQ(q.prox_scalar(3.0, 1.0, 1), 2.0 / 2.0);
}

// prox(z) = argmin_u 1/(2 step) (u - z)^2 + P_j(u), found by a fine 1-D search.
TEST(ElasticNetPenalty, ProxEqualsBruteForceArgmin) {
  Vector pf(1);
  for (double alpha : {0.0, 0.3, 1.0}) {
    for (double factor : {0.5, 1.0}) {
      pf[0] = factor;
      const ElasticNet p(0.8, alpha, pf);
      for (double z : {-2.0, -0.3, 0.1, 0.35, 1.7}) {
        const double step = 0.7;
        auto objective = [&](double u) {
          return (u - z) * (u - z) / (2.0 * step) +
                 0.8 * factor * (alpha * std::abs(u) + 0.5 * (1.0 - alpha) * u * u);
        };
        double best_u = 0.0;
        double best = std::numeric_limits<double>::infinity();
        for (double lo = -3.0, h = 1e-3; h > 1e-10; h /= 10.0) {  // refine around the best
          const double hi = lo + 6000.0 * h;
          for (double u = lo; u <= hi; u += h)
            if (objective(u) < best) best = objective(u), best_u = u;
          lo = best_u - 10.0 * h;
        }
        if (objective(0.0) <= best) best_u = 0.0;
        EXPECT_NEAR(p.prox_scalar(z, step, 0), best_u, 1e-8)
            << "alpha " << alpha << " pf " << factor << " z " << z;
      }
    }
  }
}

TEST(ElasticNetPenalty, GradientMatchesCentralDifferences) {
  Vector w(4);
  w << 0.7, -1.3, 0.0, 2.2;
  Vector pf(4);
  pf << 1.0, 0.0, 3.0, 0.5;
  const ElasticNet p(0.9, 0.0, pf);
  const Vector g = p.gradient(w);
  const double h = 1e-6;
  for (Index j = 0; j < w.size(); ++j) {
    Vector plus = w, minus = w;
    plus[j] += h;
    minus[j] -= h;
    EXPECT_NEAR(g[j], (p.value(plus) - p.value(minus)) / (2.0 * h), 1e-8) << "j = " << j;
  }
}

// For a smooth penalty the prox u solves the optimality condition w - u = step * grad(u).
TEST(ElasticNetPenalty, ProxOfSmoothPenaltySolvesGradientEquation) {
  Vector w(3);
  w << 1.5, -0.2, 4.0;
  Vector pf(3);
  pf << 1.0, 2.0, 0.25;
  const ElasticNet p(1.3, 0.0, pf);
  Vector u = w;
  p.prox(u, 0.6);
  const Vector residual = w - u - 0.6 * p.gradient(u);
  EXPECT_LT(residual.cwiseAbs().maxCoeff(), 1e-14);
}

// For the nonsmooth penalty: prox decreases the prox objective below any perturbation,
// and zero coordinates satisfy the subgradient condition |w_j| <= step * lambda * alpha * pf.
TEST(ElasticNetPenalty, ProxSatisfiesSubgradientCondition) {
  Vector w(4);
  w << 1.5, -0.2, 0.05, -3.0;
  const ElasticNet p(0.5, 0.6);
  const double step = 0.8;
  Vector u = w;
  p.prox(u, step);
  for (Index j = 0; j < w.size(); ++j) {
    if (u[j] == 0.0) {
      EXPECT_LE(std::abs(w[j]), step * 0.5 * 0.6);
    } else {
      // (w - u)/step = lambda (alpha sign(u) + (1 - alpha) u)
      const double sign = u[j] > 0 ? 1.0 : -1.0;
      EXPECT_NEAR((w[j] - u[j]) / step, 0.5 * (0.6 * sign + 0.4 * u[j]), 1e-14);
    }
  }
  EXPECT_EQ(u[1], 0.0);
  EXPECT_EQ(u[2], 0.0);
}

TEST(ElasticNetPenalty, GradientOfNonsmoothPenaltyIsAnError) {
  const ElasticNet p(0.5, 0.6);
  REGKIT_EXPECT_ERROR(p.gradient(Vector::Ones(2)), InvalidArgument, "not differentiable");
  EXPECT_TRUE(ElasticNet(0.0, 1.0).is_smooth());
  EXPECT_TRUE(ElasticNet(1.0, 0.0).is_smooth());
}

TEST(ElasticNetPenalty, ConstructorNamesBadArguments) {
  REGKIT_EXPECT_ERROR(ElasticNet(-1.0, 0.5), InvalidArgument, "ElasticNet: lambda must be a finite number >= 0; got -1");
  REGKIT_EXPECT_ERROR(ElasticNet(std::numeric_limits<double>::infinity(), 0.5), InvalidArgument,
                      "lambda must be a finite number");
  REGKIT_EXPECT_ERROR(ElasticNet(1.0, 1.5), InvalidArgument,
                      "ElasticNet: alpha must be in [0, 1] (glmnet convention); got 1.5");
  REGKIT_EXPECT_ERROR(ElasticNet(1.0, std::nan("")), InvalidArgument, "alpha must be in [0, 1]");
  Vector pf(2);
  pf << 1.0, -0.5;
  REGKIT_EXPECT_ERROR(ElasticNet(1.0, 0.5, pf), InvalidArgument, "penalty_factor[1] must be a finite number >= 0");
  REGKIT_EXPECT_ERROR(ElasticNet(1.0, 0.5, Vector::Ones(3)).value(Vector::Ones(2)), InvalidArgument,
                      "w has 2 entries but penalty_factor has 3");
}

}  // namespace
}  // namespace regkit::penalty
