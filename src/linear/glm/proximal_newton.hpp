// Internal to the GLM engine: the point solver. Proximal Newton for one lambda on a
// working set of features (glmnet's IRLS + coordinate descent, with a line search):
//   1. at eta, the family's gradient and IRLS weights give a weighted least-squares model
//      of the datafit (quadratic_model.hpp);
//   2. coordinate descent on that model plus the penalty over the intercept and the
//      working set gives a step;
//   3. backtracking (Armijo) on the true objective along the step; stop when the step's
//      predicted decrease is below the threshold.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "problem.hpp"
#include "quadratic_model.hpp"
#include "regkit/penalty/penalty.hpp"

namespace regkit::linear::glm {

struct Iterate {
  Vector beta;  // p, solver scale
  double b = 0.0;
  Vector eta;   // n
};

struct SolveControl {
  double lambda = 0.0;
  double threshold = 1e-10;  // on the predicted decrease and on h_jj * change^2
  int max_iter = 100;        // Newton iterations
  int max_passes = 100000;   // coordinate passes per Newton iteration (all iterations)
};

struct SolveStats {
  int iterations = 0;
  int passes = 0;  // coordinate passes (full and active-set)
  bool converged = false;
  double objective = 0.0;
};

template <class XMap>
double penalty_value(const Problem<XMap>& prob, const penalty::Penalty& pen, double lambda,
                     const Vector& beta, const std::vector<Index>& set) {
  double total = 0.0;
  for (Index j : set)
    if (beta[j] != 0.0) total += pen.value(beta[j], lambda * prob.level_factor[j]);
  return total;
}

// Proximal Newton on `set` (features outside it stay at zero), from `it`.
template <class XMap>
SolveStats proximal_newton(const Problem<XMap>& prob, const penalty::Penalty& pen,
                           const std::vector<Index>& set, const SolveControl& ctl, Iterate& it) {
  const Index n = prob.n();
  const Family& family = prob.family;
  Vector g(n), h(n), d(n), eta_try(n);
  const std::size_t m = set.size();
  std::vector<double> level(m);
  for (std::size_t k = 0; k < m; ++k) level[k] = ctl.lambda * prob.level_factor[set[k]];

  SolveStats stats;
  double loss = family.loss(prob.y, it.eta, prob.u);
  double F = loss + penalty_value(prob, pen, ctl.lambda, it.beta, set);
  QuadraticModel<XMap> model(prob, pen, set, ctl.lambda);
  int passes = 0;
  for (int iter = 0; iter < ctl.max_iter; ++iter) {
    stats.iterations = iter + 1;
    family.derivatives(prob.y, it.eta, prob.u, g, h);
    model.reset(g, h, it.beta, it.b);
    model.solve(ctl.threshold, ctl.max_passes, passes);
    const Vector& beta_new = model.beta();
    const double b_new = model.intercept_value();
    // The step d (change of eta) and its predicted decrease.
    model.step(d);
    const double gd = g.dot(d);
    const double pen_new = penalty_value(prob, pen, ctl.lambda, beta_new, set);
    const double pen_old = F - loss;
    const double predicted = gd + pen_new - pen_old;  // < 0 for a descent step
    if (!(predicted < 0.0) || -predicted < ctl.threshold) {
      stats.converged = true;
      if (!(predicted < 0.0)) break;
    }
    // Backtracking on the objective (penalty by convexity along the segment).
    double t = 1.0;
    bool accepted = false;
    for (int k = 0; k < 40; ++k, t *= 0.5) {
      eta_try = it.eta + t * d;
      const double loss_try = family.loss(prob.y, eta_try, prob.u);
      double pen_try = 0.0;
      for (std::size_t q = 0; q < m; ++q) {
        const Index j = set[q];
        const double bj = it.beta[j] + t * (beta_new[j] - it.beta[j]);
        if (bj != 0.0) pen_try += pen.value(bj, level[q]);
      }
      if (loss_try + pen_try <= F + 1e-4 * t * predicted) {
        for (std::size_t q = 0; q < m; ++q) {
          const Index j = set[q];
          it.beta[j] += t * (beta_new[j] - it.beta[j]);
        }
        it.b += t * (b_new - it.b);
        it.eta.swap(eta_try);
        loss = loss_try;
        F = loss_try + pen_try;
        accepted = true;
        break;
      }
    }
    if (!accepted || stats.converged) {
      stats.converged = stats.converged || !accepted;
      break;
    }
    if (passes >= ctl.max_passes) break;
  }
  stats.objective = F;
  stats.passes = passes;
  return stats;
}

}  // namespace regkit::linear::glm
