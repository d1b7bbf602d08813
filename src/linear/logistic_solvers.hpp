// Internal to the logistic solvers: the point solvers on the standardized problem of
// logistic_objective.hpp, minimising  f(B, b) + lambda sum_j pf_j (alpha |B_j| +
// (1 - alpha)/2 ||B_j||^2)  (|B_j| = sum_c |B_jc|, or ||B_j||_2 when grouped).
//
// - trust_region_newton (alpha == 0): liblinear's TRON (Lin, Weng & Keerthi, JMLR 2008):
//   Steihaug conjugate gradients inside a trust region, Hessian-vector products
//   H d = Z' T(Z d) (two passes over X, never a p x p matrix), liblinear's radius rules.
// - lbfgs (alpha == 0): limited-memory BFGS, 10 pairs, More-Thuente-free backtracking
//   (Armijo) line search.
// - proximal_newton (any alpha): newGLMNET (Yuan, Ho & Lin, JMLR 2012) / glmnet: a
//   quadratic model of f with the exact diagonal curvature of one coefficient column,
//   minimised with the penalty by cyclic coordinate descent on a working set (nonzeros,
//   strong-rule survivors, KKT violators), then an Armijo line search on the true
//   objective (solve_proximal_newton, binomial). Multinomial: the same with the full
//   softmax Hessian in the quadratic model (solve_multinomial_newton), coordinate by
//   coordinate (j, c); grouped, row by row with the group soft-threshold under the bound
//   lambda_max(H_jj) I on the k x k diagonal block of the model's Hessian.
// Stopping: the largest KKT violation (max_kkt_violation in LogisticFit) below tol.
#pragma once

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <vector>

#include "logistic_objective.hpp"

namespace regkit::linear::detail {

struct PenaltySetup {
  double lambda = 0.0;
  double alpha = 0.0;
  bool grouped = false;
  Vector pf;  // p
};

struct SolveControl {
  double tol = 1e-8;
  int max_iter = 1000;
  // Strong-rule thresholds on |gradient| for entering the working set at the start (l1
  // units); empty = the KKT threshold lambda alpha pf_j.
  Vector strong_threshold;
  // Proximal Newton: Anderson extrapolation of the coordinate-descent iterates (ColumnModel).
  bool anderson = true;
  // Binomial proximal Newton on a path: the predicted change of the solution from the
  // warm start, where the first quadratic model's coordinate descent starts instead of at
  // zero. StartStep::d: p entries on the standardized scale, nonzero only where the warm
  // start is; d0: the intercept's; u = Z d + d0 (n), what it changes the linear predictor by.
  struct StartStep {
    Vector d, u;
    double d0 = 0.0;
  };
  StartStep start;
};

struct SolveStats {
  int iterations = 0;
  bool converged = false;
  bool stalled = false;          // no further decrease possible in double precision
  double objective = 0.0;        // f + penalty (mean form)
  double loss = 0.0;             // f
  double max_kkt_violation = 0.0;
  long coordinate_updates = 0;   // proximal Newton: coordinate-descent updates made
  int float_iterations = 0;      // L-BFGS: iterations of the float32 phase (in `iterations`)
};

// Penalty value at B.
inline double penalty_value(const PenaltySetup& pen, const Matrix& B) {
  if (pen.lambda == 0.0) return 0.0;
  double total = 0.0;
  for (Index j = 0; j < B.rows(); ++j) {
    if (pen.pf[j] == 0.0) continue;
    const double sq = B.row(j).squaredNorm();
    if (sq == 0.0) continue;
    const double l1 = pen.grouped ? std::sqrt(sq) : B.row(j).cwiseAbs().sum();
    total += pen.pf[j] * (pen.alpha * l1 + 0.5 * (1.0 - pen.alpha) * sq);
  }
  return pen.lambda * total;
}

// penalty(B + D) - penalty(B), row by row in a form without cancellation (the line
// search compares it with decreases near the rounding error of the penalty itself).
inline double penalty_change(const PenaltySetup& pen, const Matrix& B, const Matrix& D) {
  if (pen.lambda == 0.0) return 0.0;
  double total = 0.0;
  for (Index j = 0; j < B.rows(); ++j) {
    if (pen.pf[j] == 0.0 || !D.row(j).any()) continue;
    const RowVector b0 = B.row(j), d = D.row(j), b1 = b0 + d;
    const double sq_change = d.dot(2.0 * b0 + d);  // ||b1||^2 - ||b0||^2
    double l1_change = 0.0;
    if (pen.grouped) {
      const double denom = b1.norm() + b0.norm();
      l1_change = denom > 0.0 ? sq_change / denom : 0.0;
    } else {
      for (Index c = 0; c < B.cols(); ++c) l1_change += std::abs(b1[c]) - std::abs(b0[c]);
    }
    total += pen.pf[j] * (pen.alpha * l1_change + 0.5 * (1.0 - pen.alpha) * sq_change);
  }
  return pen.lambda * total;
}

// Largest KKT violation at (B, b) with loss gradient (G, g0); relative to lambda when
// alpha > 0 and lambda > 0, absolute otherwise. Excluded columns are skipped.
inline double kkt_violation(const PenaltySetup& pen, const std::vector<char>& excluded,
                            const Matrix& B, const Matrix& G, const RowVector& g0) {
  double worst = g0.size() ? g0.cwiseAbs().maxCoeff() : 0.0;
  const Index p = B.rows(), m = B.cols();
  for (Index j = 0; j < p; ++j) {
    if (excluded[static_cast<std::size_t>(j)]) continue;
    const double l1 = pen.lambda * pen.alpha * pen.pf[j];
    const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
    if (pen.grouped && m > 1) {
      const RowVector g = G.row(j) + l2 * B.row(j);
      const double nb = B.row(j).norm();
      worst = std::max(worst, nb > 0.0 ? (g + l1 / nb * B.row(j)).norm() : std::max(0.0, g.norm() - l1));
    } else {
      for (Index c = 0; c < m; ++c) {
        const double g = G(j, c) + l2 * B(j, c);
        const double bjc = B(j, c);
        worst = std::max(worst, bjc != 0.0 ? std::abs(g + (bjc > 0.0 ? l1 : -l1))
                                           : std::max(0.0, std::abs(g) - l1));
      }
    }
  }
  if (pen.alpha > 0.0 && pen.lambda > 0.0) worst /= pen.lambda;
  return worst;
}

// Armijo test of the proximal Newton line search, F(t) <= F + 0.01 t Delta. Near the
// optimum the predicted decrease Delta falls below the rounding error of F itself (about
// 1e-12 |F| for sums over many samples); there a step that does not increase F beyond
// that noise is taken, and the KKT check on the new gradient decides convergence.
inline bool sufficient_decrease(double F, double Ft, double t, double Delta, double c1 = 0.01) {
  if (!std::isfinite(Ft)) return false;
  if (Ft <= F + c1 * t * Delta) return true;
  const double noise = 1e-12 * std::max(1.0, std::abs(F));
  return -Delta <= 100.0 * noise && Ft <= F + noise;
}

// The current iterate with its linear predictor, probabilities, residuals and gradient.
template <class XMap>
struct Iterate {
  Matrix B;       // p x m
  RowVector b;    // m
  Matrix eta, P, R, G;
  RowVector g0;
  double loss = 0.0;
  bool current = false;  // eta, P, R, G, g0 and loss belong to (B, b): a path's warm start

  void refresh(const LogisticProblem<XMap>& prob, bool recompute_eta = true) {
    if constexpr (!is_sparse_map_v<XMap>) {
      if (recompute_eta) {  // one pass over X instead of two
        const typename LogisticProblem<XMap>::FullState full{&eta, &P, &R};
        loss = prob.fused_loss_gradient(false, B, b, G, g0, &full);
        current = true;
        return;
      }
    }
    if (recompute_eta) prob.linear(B, b, eta);
    loss = prob.loss_residual(eta, P, R);
    prob.adjoint(R, G, g0);
    current = true;
  }
};

// Binomial KKT violation (as kkt_violation) on the listed columns and the intercept only.
inline double kkt_violation_on(const PenaltySetup& pen, const std::vector<Index>& cols,
                               const Matrix& B, const Matrix& G, const RowVector& g0) {
  double worst = g0.size() ? g0.cwiseAbs().maxCoeff() : 0.0;
  for (const Index j : cols) {
    const double l1 = pen.lambda * pen.alpha * pen.pf[j];
    const double g = G(j, 0) + pen.lambda * (1.0 - pen.alpha) * pen.pf[j] * B(j, 0);
    const double bj = B(j, 0);
    worst = std::max(worst, bj != 0.0 ? std::abs(g + (bj > 0.0 ? l1 : -l1))
                                      : std::max(0.0, std::abs(g) - l1));
  }
  if (pen.alpha > 0.0 && pen.lambda > 0.0) worst /= pen.lambda;
  return worst;
}

template <class XMap>
double column_dot(const XMap& X, Index j, const Eigen::Ref<const Vector>& r) {
  if constexpr (is_sparse_map_v<XMap>) {
    double s = 0.0;
    for (typename XMap::InnerIterator it(X, j); it; ++it) s += it.value() * r[it.row()];
    return s;
  } else {
    return X.col(j).dot(r);
  }
}

// Gradient of f + the L2 part of the penalty (the smooth objective when alpha == 0).
inline void smooth_gradient(const PenaltySetup& pen, const Matrix& B, const Matrix& G,
                            Matrix& out) {
  out = G + (pen.lambda * (1.0 - pen.alpha)) * (pen.pf.asDiagonal() * B);
}

// ---- trust-region Newton (TRON) ----------------------------------------------------
template <class XMap>
SolveStats solve_tron(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                      const SolveControl& ctl, Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m;
  const double l2 = pen.lambda * (1.0 - pen.alpha);
  Vector pf_mask = pen.pf;
  for (Index j = 0; j < p; ++j)
    if (prob.sc.excluded[static_cast<std::size_t>(j)]) pf_mask[j] = 0.0;
  auto objective = [&](double loss, const Matrix& B) {
    return loss + 0.5 * l2 * (pf_mask.asDiagonal() * B.cwiseAbs2()).sum();
  };
  // Parameter layout: (p + 1) x m, last row the intercepts.
  auto pack = [&](const Matrix& GB, const RowVector& g0, Matrix& out) {
    out.resize(p + 1, m);
    out.topRows(p) = GB;
    out.row(p) = prob.fit_intercept ? g0 : RowVector::Zero(m);
  };
  if (!it.current) it.refresh(prob);
  double f = objective(it.loss, it.B);
  Matrix GB, g;
  smooth_gradient(pen, it.B, it.G, GB);
  pack(GB, it.g0, g);
  SolveStats st;
  double gmax = g.cwiseAbs().maxCoeff();
  double delta = g.norm();
  constexpr double eta0 = 1e-4, eta1 = 0.25, eta2 = 0.75;
  constexpr double sigma1 = 0.25, sigma2 = 0.5, sigma3 = 4.0;
  Matrix s, r, d, Hd, HDp, eta_new, P_new, R_new;
  RowVector h0;
  auto hess = [&](const Matrix& dir, Matrix& out) {
    prob.hessian_times(it.P, dir.topRows(p), dir.row(p), HDp, h0);
    out.resize(p + 1, m);
    out.topRows(p) = HDp + l2 * (pf_mask.asDiagonal() * dir.topRows(p));
    out.row(p) = prob.fit_intercept ? h0 : RowVector::Zero(m);
  };
  int iter = 0;
  while (gmax > ctl.tol && iter < ctl.max_iter) {
    ++iter;
    // Steihaug conjugate gradients for H s = -g within ||s|| <= delta.
    s.setZero(p + 1, m);
    r = -g;
    d = r;
    double rtr = r.squaredNorm();
    const double cg_tol = 0.1 * std::sqrt(rtr);
    for (int cg = 0; cg < 2 * static_cast<int>((p + 1) * m) + 10; ++cg) {
      if (std::sqrt(rtr) <= cg_tol) break;
      hess(d, Hd);
      const double dhd = (d.array() * Hd.array()).sum();
      double step = dhd > 0.0 ? rtr / dhd : std::numeric_limits<double>::infinity();
      const Matrix s_try = s + step * d;
      if (!(dhd > 0.0) || s_try.norm() > delta) {
        // Go to the boundary: ||s + tau d|| = delta.
        const double sd = (s.array() * d.array()).sum(), dd = d.squaredNorm();
        const double ss = s.squaredNorm(), rad = delta * delta - ss;
        const double root = std::sqrt(std::max(0.0, sd * sd + dd * rad));
        const double tau = sd >= 0.0 ? rad / (sd + root) : (root - sd) / dd;
        s += tau * d;
        r -= tau * Hd;
        break;
      }
      s = s_try;
      r -= step * Hd;
      const double rtr_new = r.squaredNorm();
      d = r + (rtr_new / rtr) * d;
      rtr = rtr_new;
    }
    // Actual vs predicted reduction (liblinear's tron.cpp radius update).
    const double gs = (g.array() * s.array()).sum();
    const double prered = -0.5 * (gs - (s.array() * r.array()).sum());
    Matrix S_lin;
    prob.linear(s.topRows(p), prob.fit_intercept ? RowVector(s.row(p)) : RowVector::Zero(m), S_lin);
    eta_new = it.eta + S_lin;
    const Matrix B_new = it.B + s.topRows(p);
    const double loss_new = prob.loss_residual(eta_new, P_new, R_new);
    const double fnew = objective(loss_new, B_new);
    const double actred = f - fnew;
    const double snorm = s.norm();
    if (iter == 1) delta = std::min(delta, snorm);
    const double curv = fnew - f - gs;
    const double a = curv <= 0.0 ? sigma3 : std::max(sigma1, -0.5 * (gs / curv));
    if (actred < eta0 * prered) delta = std::min(std::max(a, sigma1) * snorm, sigma2 * delta);
    else if (actred < eta1 * prered) delta = std::max(sigma1 * delta, std::min(a * snorm, sigma2 * delta));
    else if (actred < eta2 * prered) delta = std::max(sigma1 * delta, std::min(a * snorm, sigma3 * delta));
    else delta = std::max(delta, std::min(a * snorm, sigma3 * delta));
    if (actred > eta0 * prered && std::isfinite(fnew)) {
      it.B = B_new;
      if (prob.fit_intercept) it.b += s.row(p);
      it.eta.swap(eta_new);
      it.P.swap(P_new);
      it.R.swap(R_new);
      it.loss = loss_new;
      prob.adjoint(it.R, it.G, it.g0);
      f = fnew;
      smooth_gradient(pen, it.B, it.G, GB);
      pack(GB, it.g0, g);
      gmax = g.cwiseAbs().maxCoeff();
    }
    const double floor = 1e-14 * std::abs(f);
    if ((std::abs(actred) <= floor && std::abs(prered) <= floor) || delta < 1e-300) {
      st.stalled = true;
      break;
    }
  }
  st.iterations = iter;
  st.loss = it.loss;
  st.objective = f;
  st.max_kkt_violation = kkt_violation(pen, prob.sc.excluded, it.B, it.G, it.g0);
  st.converged = st.max_kkt_violation <= ctl.tol;
  return st;
}

// ---- L-BFGS ------------------------------------------------------------------------

// The last `memory` pairs (s, y) and the two-loop recursion (Nocedal & Wright, Alg. 7.4).
struct LbfgsMemory {
  static constexpr std::size_t memory = 10;
  std::deque<Matrix> S, Y;
  std::deque<double> rho;

  void clear() { S.clear(); Y.clear(); rho.clear(); }
  // dir = -H g; without pairs, the gradient scaled to at most unit length.
  void direction(const Matrix& g, Matrix& dir) const {
    dir = -g;
    std::vector<double> a(S.size());
    for (std::size_t q = S.size(); q-- > 0;) {
      a[q] = rho[q] * (S[q].array() * dir.array()).sum();
      dir -= a[q] * Y[q];
    }
    if (!S.empty()) dir *= (S.back().array() * Y.back().array()).sum() / Y.back().squaredNorm();
    else dir /= std::max(1.0, g.norm());
    for (std::size_t q = 0; q < S.size(); ++q) {
      const double bq = rho[q] * (Y[q].array() * dir.array()).sum();
      dir += (a[q] - bq) * S[q];
    }
  }
  // A descent direction for g: the two-loop one, or (memory dropped) the scaled gradient.
  double descent_direction(const Matrix& g, Matrix& dir) {
    direction(g, dir);
    double gd = (g.array() * dir.array()).sum();
    if (!(gd < 0.0)) {
      clear();
      dir = -g / std::max(1.0, g.norm());
      gd = (g.array() * dir.array()).sum();
    }
    return gd;
  }
  void update(Matrix sv, Matrix yv) {
    const double sy = (sv.array() * yv.array()).sum();
    if (!(sy > 1e-12 * sv.norm() * yv.norm())) return;
    S.push_back(std::move(sv));
    Y.push_back(std::move(yv));
    rho.push_back(1.0 / sy);
    if (S.size() > memory) { S.pop_front(); Y.pop_front(); rho.pop_front(); }
  }
};

// Dense X with prob.float_gradient: L-BFGS on the float32 copy of X, one fused pass per
// function-and-gradient evaluation (half the bytes of X, read once instead of twice).
// Runs until the float gradient meets tol or the float line search stalls (its rounding
// floor); the caller then continues in double from the point and the memory it leaves,
// so the answer and its KKT test are those of the exact problem. Returns the iterations.
template <class XMap, class Objective>
int lbfgs_float_phase(const LogisticProblem<XMap>& prob, const SolveControl& ctl,
                      const Vector& pf_mask, double l2, Objective&& objective, LbfgsMemory& mem,
                      Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m;
  Matrix G;
  RowVector g0;
  auto eval = [&](const Matrix& B, const RowVector& b, Matrix& grad) {
    const double loss = prob.fused_loss_gradient(true, B, b, G, g0);
    grad.resize(p + 1, m);
    grad.topRows(p) = G + l2 * (pf_mask.asDiagonal() * B);
    grad.row(p) = prob.fit_intercept ? g0 : RowVector::Zero(m);
    return objective(loss, B);
  };
  Matrix B = it.B, Bt, g, g_new, dir;
  RowVector b = it.b, bt;
  double f = eval(B, b, g);
  int iter = 0;
  while (iter < ctl.max_iter && g.cwiseAbs().maxCoeff() > ctl.tol) {
    const double gd = mem.descent_direction(g, dir);
    // Below the float evaluation's resolution: leave the rest to double precision.
    if (-gd <= 1e-10 * std::max(1.0, std::abs(f))) break;
    double t = 1.0, ft = 0.0;
    bool accepted = false;
    for (int ls = 0; ls < 6 && !accepted; ++ls, t *= 0.5) {
      Bt = B + t * dir.topRows(p);
      bt = b + t * dir.row(p);
      ft = eval(Bt, bt, g_new);
      accepted = std::isfinite(ft) && ft <= f + 1e-4 * t * gd;
      if (accepted) break;
    }
    if (!accepted) break;
    ++iter;
    mem.update(t * dir, g_new - g);
    B.swap(Bt);
    b = bt;
    g.swap(g_new);
    f = ft;
  }
  it.B = B;
  it.b = b;
  it.current = false;
  return iter;
}

// Sparse X with prob.float_gradient: L-BFGS on the compact copy (CompactColumns: 6 bytes
// a stored entry against 12), i.e. on the nearby problem X_f whose stored values are X's
// rounded to float. Products accumulate in double, so that problem is solved exactly as
// the double loop solves X's (each step's linear predictor by linearity, one product for
// it and one for the gradient). It runs until the gradient is within tol of zero less
// the bound on the rounding's effect on the gradient, or twice that bound when it is the
// larger (X_f's optimum is not X's), or the line search stalls; the caller then goes on
// in double from the point and the memory it leaves, so the answer and its KKT test are
// those of X. Returns the iterations.
template <class XMap, class Objective>
int lbfgs_compact_phase(const LogisticProblem<XMap>& prob, const SolveControl& ctl,
                        const Vector& pf_mask, double l2, Objective&& objective, LbfgsMemory& mem,
                        Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m;
  if (prob.compact_columns().empty()) return 0;  // no compressed storage, or an empty X
  auto gradient = [&](const Matrix& B, const Matrix& G, const RowVector& g0, Matrix& out) {
    out.resize(p + 1, m);
    out.topRows(p) = G + l2 * (pf_mask.asDiagonal() * B);
    out.row(p) = prob.fit_intercept ? g0 : RowVector::Zero(m);
  };
  Matrix B = it.B, eta, P, R, G, g, g_new, dir, Zd, Bt, eta_t, P_t, R_t;
  RowVector b = it.b, g0, bt;
  prob.compact_linear(B, b, eta);
  double f = objective(prob.loss_residual(eta, P, R), B);
  prob.compact_adjoint(R, G, g0);
  gradient(B, G, g0, g);
  auto target = [&] {
    const double noise = prob.compact_gradient_noise(R);
    return noise <= 0.5 * ctl.tol ? ctl.tol - noise : 2.0 * noise;
  };
  int iter = 0;
  while (iter < ctl.max_iter && g.cwiseAbs().maxCoeff() > target()) {
    const double gd = mem.descent_direction(g, dir);
    prob.compact_linear(dir.topRows(p), prob.fit_intercept ? RowVector(dir.row(p)) : RowVector::Zero(m), Zd);
    double t = 1.0, ft = 0.0;
    bool accepted = false;
    for (int ls = 0; ls < 30; ++ls, t *= 0.5) {
      eta_t = eta + t * Zd;
      Bt = B + t * dir.topRows(p);
      bt = b + t * dir.row(p);
      ft = objective(prob.loss_residual(eta_t, P_t, R_t), Bt);
      if (sufficient_decrease(f, ft, t, gd, 1e-4)) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    ++iter;
    prob.compact_adjoint(R_t, G, g0);
    gradient(Bt, G, g0, g_new);
    mem.update(t * dir, g_new - g);
    B.swap(Bt);
    b = bt;
    eta.swap(eta_t);
    R.swap(R_t);
    g.swap(g_new);
    f = ft;
  }
  it.B = B;
  it.b = b;
  it.current = false;
  return iter;
}

template <class XMap>
SolveStats solve_lbfgs(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                       const SolveControl& ctl, Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m;
  const double l2 = pen.lambda * (1.0 - pen.alpha);
  Vector pf_mask = pen.pf;
  for (Index j = 0; j < p; ++j)
    if (prob.sc.excluded[static_cast<std::size_t>(j)]) pf_mask[j] = 0.0;
  auto objective = [&](double loss, const Matrix& B) {
    return loss + 0.5 * l2 * (pf_mask.asDiagonal() * B.cwiseAbs2()).sum();
  };
  auto gradient = [&](const Iterate<XMap>& at, Matrix& out) {
    out.resize(p + 1, m);
    out.topRows(p) = at.G + l2 * (pf_mask.asDiagonal() * at.B);
    out.row(p) = prob.fit_intercept ? at.g0 : RowVector::Zero(m);
  };
  LbfgsMemory mem;
  int iter = 0;
  // The float phase only from a cold start: a warm start (a path's next lambda, it.current)
  // is a few iterations from its answer, and the phase's own evaluation at the start and the
  // double refresh at its end cost more than it saves there. 20-lambda L2 paths, tol 1e-7,
  // one thread, three interleaved pairs: sparse bench data 0.74-0.93 s against 1.03-1.21 s
  // with the phase at every lambda, dense 1.78-2.13 s against 2.36-2.60 s.
  if (prob.float_gradient && !it.current) {
    if constexpr (is_sparse_map_v<XMap>) iter = lbfgs_compact_phase(prob, ctl, pf_mask, l2, objective, mem, it);
    else iter = lbfgs_float_phase(prob, ctl, pf_mask, l2, objective, mem, it);
  }
  const int float_iterations = iter;
  if (!it.current) it.refresh(prob);
  double f = objective(it.loss, it.B);
  Matrix g, g_new, dir;
  gradient(it, g);
  SolveStats st;
  Iterate<XMap> trial;
  Matrix Zd;
  while (g.cwiseAbs().maxCoeff() > ctl.tol && iter < ctl.max_iter) {
    ++iter;
    const double gd = mem.descent_direction(g, dir);
    // The step's linear predictor by linearity: one pass over X per trial step less.
    prob.linear(dir.topRows(p), prob.fit_intercept ? RowVector(dir.row(p)) : RowVector::Zero(m), Zd);
    double t = 1.0;
    bool accepted = false;
    for (int ls = 0; ls < 60; ++ls) {
      trial.eta = it.eta + t * Zd;
      trial.B = it.B + t * dir.topRows(p);
      trial.b = it.b + t * dir.row(p);
      trial.loss = prob.loss_residual(trial.eta, trial.P, trial.R);
      const double ft = objective(trial.loss, trial.B);
      // Armijo, or (predicted decrease below the rounding of f) no increase beyond it.
      if (sufficient_decrease(f, ft, t, gd, 1e-4)) {
        f = ft;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) { st.stalled = true; break; }
    prob.adjoint(trial.R, trial.G, trial.g0);
    gradient(trial, g_new);
    mem.update(t * dir, g_new - g);
    trial.current = true;
    std::swap(it, trial);
    g.swap(g_new);
  }
  st.iterations = iter;
  st.float_iterations = float_iterations;
  st.loss = it.loss;
  st.objective = f;
  st.max_kkt_violation = kkt_violation(pen, prob.sc.excluded, it.B, it.G, it.g0);
  st.converged = st.max_kkt_violation <= ctl.tol;
  return st;
}

// ---- proximal Newton with coordinate descent ----------------------------------------

// Coordinate descent on the quadratic model of one coefficient column:
//   min_d  g'd + g0 d0 + 1/2 sum_i w_i u_i^2 + sum_j (l1_j |beta_j + d_j| + l2_j/2 (beta_j + d_j)^2)
// with u = Z d + d0 kept as xs + o (xs = X (d ./ s), o scalar). Returns the model's
// decrease estimate Delta = g'd + g0 d0 + penalty(beta + d) - penalty(beta).
// On X itself the state (xs, w) is double; on the float copy (prob.float_columns) it is
// float: the model only has to be approximate there, as the line search and the KKT check
// use u = Z d recomputed from d on X (exact_direction) and the true gradient. Its float
// rounding is relative to the step d (each solve starts from d = 0), so the Newton
// iteration stays convergent down to tight tolerances.
template <class Columns>
struct CdState { using Vec = Vector; };
template <>
struct CdState<FloatColumns> { using Vec = FloatVector; };

template <class XMap>
struct ColumnModel {
  const LogisticProblem<XMap>& prob;
  const PenaltySetup& pen;
  Vector d;        // p
  double d0 = 0.0;
  double o = 0.0;
  Vector xs;       // n, on X
  FloatVector xs_f, w_f;  // n, on the float copy
  Vector xw, hjj;  // p (valid on the working set)
  double Q = 0.0;     // sum_i w_i xs_i
  double wsum = 0.0;  // sum_i w_i
  double noise_scale = 0.0;  // max over the working set of sqrt(sum_i x_ij^2 w_i) / s_j
  bool anderson = true;
  long updates = 0;  // coordinate updates, all solves

  ColumnModel(const LogisticProblem<XMap>& problem, const PenaltySetup& penalty, bool extrapolate)
      : prob(problem), pen(penalty), xw(Vector::Zero(problem.p())), hjj(Vector::Zero(problem.p())),
        anderson(extrapolate) {}

  double solve(const Vector& w, const Eigen::Ref<const Vector>& g, double g0,
               const Eigen::Ref<const Vector>& beta, const std::vector<Index>& ws,
               double inner_tol, int max_sweeps, const SolveControl::StartStep* start = nullptr) {
    if constexpr (!is_sparse_map_v<XMap>) {
      if (prob.float_columns) return solve_on(prob.float_copy(), w, g, g0, beta, ws, inner_tol, max_sweeps, start);
    }
    return solve_on(prob.X, w, g, g0, beta, ws, inner_tol, max_sweeps, start);
  }

  // u = Z d + d0 exactly (in double on X), for the line search after a float solve.
  void exact_direction(const std::vector<Index>& ws, Vector& u) const {
    u.setZero(prob.n());
    double offset = d0;
    for (const Index j : ws) {
      if (d[j] == 0.0) continue;
      const double a = d[j] * prob.sc.inv_scale[j];
      column_axpy(prob.X, j, a, u);
      offset -= a * prob.sc.center[j];
    }
    u.array() += offset;
  }

  // Values a sweep over `cols` reads: their stored entries.
  template <class Columns>
  static Index sweep_work(const Columns& X, const std::vector<Index>& cols) {
    if constexpr (is_sparse_map_v<Columns>) {
      Index total = 0;
      for (const Index j : cols) total += X.outerIndexPtr()[j + 1] - X.outerIndexPtr()[j];
      return total;
    } else {
      return X.rows() * static_cast<Index>(cols.size());
    }
  }

  // Anderson extrapolation state: the iterates (d on the active set, d0) after each active
  // sweep, with what reconstructs the rest of the state from them (xs, o and Q are linear
  // in d and d0). Depth 2 (three iterates, extrapolated every third sweep): on the
  // benchmark's dense 100-lambda path it took 24 % fewer coordinate updates than depth 5
  // (260,107 against 341,146) and 3 fewer than depth 3; the dense L1 single fit was
  // 0.17 s against 0.19 s.
  static constexpr int kAndersonDepth = 2;
  static constexpr Index kAndersonMinColumns = 8;
  template <class V>
  struct Snapshot {
    Vector z;  // d on the active set, then d0
    V xs;
    double o = 0.0, Q = 0.0;
  };
  std::vector<Snapshot<Vector>> history;
  std::vector<Snapshot<FloatVector>> history_f;

  template <class V>
  V& state() {
    if constexpr (std::is_same_v<V, FloatVector>) return xs_f; else return xs;
  }
  template <class V>
  std::vector<Snapshot<V>>& snapshots() {
    if constexpr (std::is_same_v<V, FloatVector>) return history_f; else return history;
  }

  // The part of the model that the active coordinates and d0 change:
  // g_A'd_A + g0 d0 + 1/2 sum_i w_i (xs_i + o)^2 + penalty(beta_A + d_A) - penalty(beta_A).
  template <class V>
  double model_part(const std::vector<Index>& active, const Eigen::Ref<const Vector>& z,
                    const V& xs_, double o_, const Vector& w, const Eigen::Ref<const Vector>& g,
                    double g0, const Eigen::Ref<const Vector>& beta) const {
    double q = g0 * z[static_cast<Index>(active.size())];
    for (std::size_t k = 0; k < active.size(); ++k) {
      const Index j = active[k];
      const double dj = z[static_cast<Index>(k)];
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double b0 = beta[j], b1 = beta[j] + dj;
      q += g[j] * dj + l1 * (std::abs(b1) - std::abs(b0)) + 0.5 * l2 * (b1 * b1 - b0 * b0);
    }
    return q + 0.5 * (w.array() * (xs_.array().template cast<double>() + o_).square()).sum();
  }

  template <class V>
  void extrapolate(const std::vector<Index>& active, const Vector& w,
                   const Eigen::Ref<const Vector>& g, double g0,
                   const Eigen::Ref<const Vector>& beta) {
    using Scalar = typename V::Scalar;
    V& x_s = state<V>();
    auto& hist = snapshots<V>();
    const auto a = static_cast<Index>(active.size());
    Snapshot<V> snap;
    snap.z.resize(a + 1);
    for (Index k = 0; k < a; ++k) snap.z[k] = d[active[static_cast<std::size_t>(k)]];
    snap.z[a] = d0;
    snap.xs = x_s;
    snap.o = o;
    snap.Q = Q;
    hist.push_back(std::move(snap));
    if (static_cast<int>(hist.size()) <= kAndersonDepth) return;
    constexpr int K = kAndersonDepth;
    Matrix R(a + 1, K);
    for (int k = 0; k < K; ++k)
      R.col(k) = hist[static_cast<std::size_t>(k + 1)].z - hist[static_cast<std::size_t>(k)].z;
    Matrix M = R.transpose() * R;
    M.diagonal().array() += 1e-12 * std::max(M.trace(), 1e-300);
    const Vector c0 = M.ldlt().solve(Vector::Ones(K));
    const double total = c0.sum();
    const Snapshot<V>& last = hist.back();
    if (std::isfinite(total) && std::abs(total) > 0.0 && c0.allFinite()) {
      const Vector c = c0 / total;
      Vector z = Vector::Zero(a + 1);
      V xe = V::Zero(x_s.size());
      double oe = 0.0, Qe = 0.0;
      for (int k = 0; k < K; ++k) {
        const Snapshot<V>& h = hist[static_cast<std::size_t>(k + 1)];
        z.noalias() += c[k] * h.z;
        xe.noalias() += static_cast<Scalar>(c[k]) * h.xs;
        oe += c[k] * h.o;
        Qe += c[k] * h.Q;
      }
      if (model_part(active, z, xe, oe, w, g, g0, beta) <
          model_part(active, last.z, last.xs, last.o, w, g, g0, beta)) {
        for (Index k = 0; k < a; ++k) d[active[static_cast<std::size_t>(k)]] = z[k];
        d0 = z[a];
        x_s.swap(xe);
        o = oe;
        Q = Qe;
      }
    }
    hist.clear();
  }

  // The coordinate-descent sweeps of solve_on from the current state (d, d0, xs or xs_f, o,
  // Q), with the state's weights wv (w or its float copy). `first`: the first sweep also
  // computes each column's weighted sums. Returns the sweeps made, and for the float state
  // whether it stopped at its rounding floor above inner_tol (floored): the float state
  // xs_f drifts from X d by rounding relative to |xs|, so the model's derivative carries
  // noise of about eps_float sqrt(sum_i x_ij^2 w_i / s_j^2) sqrt(sum_i w_i xs_i^2), below
  // which the changes stop shrinking (a tolerance under it would sweep max_sweeps times).
  struct Outcome {
    int sweeps = 0;
    bool floored = false;
  };
  // The floor is kFloatNoise times that estimate: the drift of xs_f grows with the square
  // root of the updates made. On the test problem of LogisticPath.
  // PredictedStepMatchesItsLinearPredictor, float sweeps stalled at changes of 5e-9 to 1.2e-8
  // (a tolerance of 1e-12 took 192,100 updates, against 565 in double) where the floor is
  // 1.2e-6; bench/logistic's tolerances (down to 1e-4) never reach it.
  static constexpr double kFloatNoise = 64.0;

  template <class V, class Columns>
  Outcome sweeps(const Columns& X, const V& wv, const Vector& w, const Eigen::Ref<const Vector>& g,
                 double g0, const Eigen::Ref<const Vector>& beta, const std::vector<Index>& ws,
                 double inner_tol, int max_sweeps, bool first) {
    constexpr bool float_state = std::is_same_v<V, FloatVector>;
    const auto& sc = prob.sc;
    const Index n = prob.n();
    V& x_s = state<V>();
    auto prepare = [&](Index j) {
      double a = 0.0, a2 = 0.0;
      weighted_sums(X, j, wv, a, a2);
      const double c = sc.center[j], is = sc.inv_scale[j];
      xw[j] = a;
      hjj[j] = is * is * std::max(0.0, a2 - 2.0 * c * a + c * c * wsum);
      noise_scale = std::max(noise_scale, is * std::sqrt(std::max(0.0, a2)));
    };
    auto update = [&](Index j) {
      ++updates;
      const double c = sc.center[j], is = sc.inv_scale[j];
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double gq = g[j] + is * (weighted_dot(X, j, wv, x_s) + o * xw[j] - c * (Q + o * wsum));
      const double h = hjj[j];
      const double cur = beta[j] + d[j];
      const double z = h * cur - gq;
      const double denom = h + l2;
      if (!(denom > 0.0)) return 0.0;
      const double next = (z > l1 ? z - l1 : (z < -l1 ? z + l1 : 0.0)) / denom;
      const double delta = next - cur;
      if (delta == 0.0) return 0.0;
      d[j] += delta;
      column_axpy(X, j, delta * is, x_s);
      o -= delta * c * is;
      Q += delta * is * xw[j];
      return std::abs(delta) * denom;
    };
    auto intercept = [&]() {
      if (!prob.fit_intercept || !(wsum > 0.0)) return 0.0;
      const double gq = g0 + Q + o * wsum;
      const double delta = -gq / wsum;
      d0 += delta;
      o += delta;
      return std::abs(gq);
    };
    // Converged below inner_tol (0), or at the float floor above it (1), or not yet (-1).
    auto settled = [&](double change) {
      if (change <= inner_tol) return 0;
      if constexpr (float_state) {
        const double spread = std::sqrt((w.array() * x_s.array().template cast<double>().square()).sum());
        const double floor = kFloatNoise * std::numeric_limits<float>::epsilon() * noise_scale * spread;
        if (change <= floor) return 1;
      }
      return -1;
    };
    Outcome out;
    std::vector<Index> active;
    while (out.sweeps < max_sweeps) {
      double change = intercept();
      active.clear();
      for (const Index j : ws) {
        if (first && out.sweeps == 0) prepare(j);
        change = std::max(change, update(j));
        if (beta[j] + d[j] != 0.0) active.push_back(j);
      }
      ++out.sweeps;
      if (const int state = settled(change); state >= 0) {
        out.floored = state == 1;
        return out;
      }
      // Cycle on the nonzeros until they settle, then another full working-set sweep.
      // Every kAndersonDepth + 1 sweeps, Anderson extrapolation of the iterates (celer:
      // Bertrand & Massias, AISTATS 2021): on a fixed support coordinate descent is an
      // affine map converging linearly, and the combination of the last iterates with
      // the smallest combined step is usually far closer to the fixed point. It is taken
      // only when it lowers the model (q below), so convergence is never lost.
      // Extrapolation costs O(n kAndersonDepth) per kAndersonDepth + 1 sweeps (the
      // snapshots of xs and their combination): worth it only when a sweep reads far more
      // than n values, i.e. at least kAndersonMinColumns dense columns' worth. Sparse
      // active sets (X at 0.1 % density) rarely qualify; there it would slow the sweeps down.
      snapshots<V>().clear();
      const bool extrapolating = anderson && sweep_work(X, active) >= kAndersonMinColumns * n;
      for (int inner = 0; inner < max_sweeps; ++inner) {
        double ch = intercept();
        for (const Index j : active) ch = std::max(ch, update(j));
        if (settled(ch) >= 0) break;
        if (extrapolating) extrapolate<V>(active, w, g, g0, beta);
      }
    }
    return out;
  }

  template <class Columns>
  double solve_on(const Columns& X, const Vector& w, const Eigen::Ref<const Vector>& g, double g0,
                  const Eigen::Ref<const Vector>& beta, const std::vector<Index>& ws,
                  double inner_tol, int max_sweeps, const SolveControl::StartStep* start) {
    using V = typename CdState<Columns>::Vec;
    const auto& sc = prob.sc;
    const Index n = prob.n();
    V& x_s = state<V>();
    if constexpr (std::is_same_v<V, FloatVector>) w_f = w.cast<float>();
    d.setZero(prob.p());
    d0 = 0.0;
    x_s.setZero(n);
    o = 0.0;
    Q = 0.0;
    wsum = w.sum();
    noise_scale = 0.0;
    if (start != nullptr) {
      // Start at the predicted step (support within ws, the caller's check): xs = u - o
      // from the predictor's change, no pass over X.
      d0 = prob.fit_intercept ? start->d0 : 0.0;
      o = d0;
      for (const Index j : ws) {
        d[j] = start->d[j];
        o -= d[j] * sc.inv_scale[j] * sc.center[j];
      }
      x_s = (start->u.array() - o).template cast<typename V::Scalar>();
      Q = (w.array() * x_s.array().template cast<double>()).sum();
    }
    if constexpr (std::is_same_v<V, FloatVector>) {
      // Float state down to its rounding floor; below it, on in double from where it got.
      const Outcome first = sweeps<V>(X, w_f, w, g, g0, beta, ws, inner_tol, max_sweeps, true);
      if (first.floored) {
        xs = xs_f.cast<double>();
        sweeps<Vector>(X, w, w, g, g0, beta, ws, inner_tol, std::max(1, max_sweeps - first.sweeps), false);
      }
    } else {
      sweeps<V>(X, w, w, g, g0, beta, ws, inner_tol, max_sweeps, true);
    }
    double delta = 0.0;
    for (const Index j : ws) {
      if (d[j] == 0.0) continue;
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double b0 = beta[j], b1 = beta[j] + d[j];
      delta += g[j] * d[j] + l1 * (std::abs(b1) - std::abs(b0)) + 0.5 * l2 * d[j] * (b0 + b1);
    }
    return delta + g0 * d0;
  }
};

template <class XMap>
SolveStats solve_proximal_newton(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                                 const SolveControl& ctl, Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m, n = prob.n();
  if (!it.current) it.refresh(prob);
  double F = it.loss + penalty_value(pen, it.B);
  SolveStats st;
  std::vector<Index> ws;
  ColumnModel<XMap> model(prob, pen, ctl.anderson);
  // Working sets (per column), grown monotonically.
  std::vector<std::vector<char>> in_ws(static_cast<std::size_t>(m),
                                       std::vector<char>(static_cast<std::size_t>(p), 0));
  for (Index c = 0; c < m; ++c)
    for (Index j = 0; j < p; ++j) {
      if (prob.sc.excluded[static_cast<std::size_t>(j)]) continue;
      const double thr = ctl.strong_threshold.size() ? ctl.strong_threshold[j]
                                                      : pen.lambda * pen.alpha * pen.pf[j];
      if (it.B(j, c) != 0.0 || std::abs(it.G(j, c)) >= thr)
        in_ws[static_cast<std::size_t>(c)][static_cast<std::size_t>(j)] = 1;
    }
  Vector w(n);
  Matrix eta_trial;
  Matrix B_trial;
  int iter = 0;
  double viol = kkt_violation(pen, prob.sc.excluded, it.B, it.G, it.g0);
  const double scale = (pen.alpha > 0.0 && pen.lambda > 0.0) ? pen.lambda : 1.0;
  while (viol > ctl.tol && iter < ctl.max_iter) {
    ++iter;
    bool any_step = false;
    for (Index c = 0; c < m; ++c) {
      const auto cu = static_cast<std::size_t>(c);
      // Add current KKT violators of this column to its working set.
      ws.clear();
      for (Index j = 0; j < p; ++j) {
        if (prob.sc.excluded[static_cast<std::size_t>(j)]) continue;
        const double l1 = pen.lambda * pen.alpha * pen.pf[j];
        if (std::abs(it.G(j, c) + pen.lambda * (1.0 - pen.alpha) * pen.pf[j] * it.B(j, c)) > l1)
          in_ws[cu][static_cast<std::size_t>(j)] = 1;
        if (in_ws[cu][static_cast<std::size_t>(j)]) ws.push_back(j);
      }
      const double floor_w = 1e-10;
      if (m == 1) w = (prob.v.array() * (it.P.col(0).array() * (1.0 - it.P.col(0).array())).max(floor_w)).matrix();
      else w = (prob.v.array() * (it.P.col(c).array() * (1.0 - it.P.col(c).array())).max(floor_w)).matrix();
      const double inner_tol = std::max(0.1 * viol * scale * std::min(1.0, viol), 0.5 * ctl.tol * scale);
      const bool from_start = iter == 1 && m == 1 && ctl.start.d.size() == p && ctl.start.u.size() == n &&
                              [&] {
                                for (Index j = 0; j < p; ++j)
                                  if (ctl.start.d[j] != 0.0 && !in_ws[cu][static_cast<std::size_t>(j)]) return false;
                                return true;
                              }();
      const double Delta = model.solve(w, it.G.col(c), it.g0[c], it.B.col(c), ws, inner_tol, 100,
                                       from_start ? &ctl.start : nullptr);
      if (!model.d.any() && model.d0 == 0.0) continue;
      Vector u;
      if (prob.float_columns) model.exact_direction(ws, u);
      else u = (model.xs.array() + model.o).matrix();
      double t = 1.0;
      bool accepted = false;
      for (int ls = 0; ls < 50; ++ls) {
        eta_trial = it.eta;
        eta_trial.col(c) += t * u;
        B_trial = it.B;
        B_trial.col(c) += t * model.d;
        const double Ft = prob.loss(eta_trial) + penalty_value(pen, B_trial);
        if (sufficient_decrease(F, Ft, t, Delta)) {
          it.eta.swap(eta_trial);
          it.B.swap(B_trial);
          it.b[c] += t * model.d0;
          F = Ft;
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) continue;
      any_step = true;
      it.loss = prob.loss_residual(it.eta, it.P, it.R);
      if (c + 1 < m) {  // next column's gradient at the new point
        const Matrix Rc = it.R.col(c + 1);
        Matrix Gc;
        RowVector g0c;
        prob.adjoint(Rc, Gc, g0c);
        it.G.col(c + 1) = Gc.col(0);
        it.g0[c + 1] = g0c[0];
      }
    }
    if (m == 1 && 4 * static_cast<Index>(ws.size()) < p) {
      // Binomial with a small working set: the gradient on the working set; all of X' R
      // (the KKT check over every column, which adds violators to the working set) only
      // once that has converged. With a large working set the full product costs little
      // more and finds violators sooner.
      const double rsum = it.R.col(0).sum();
      for (const Index j : ws)
        it.G(j, 0) = prob.sc.inv_scale[j] * (column_dot(prob.X, j, it.R.col(0)) - prob.sc.center[j] * rsum);
      it.g0[0] = prob.fit_intercept ? rsum : 0.0;
      viol = kkt_violation_on(pen, ws, it.B, it.G, it.g0);
      if (viol <= ctl.tol || !any_step || iter >= ctl.max_iter) {
        prob.adjoint(it.R, it.G, it.g0);
        viol = kkt_violation(pen, prob.sc.excluded, it.B, it.G, it.g0);
      }
    } else {
      prob.adjoint(it.R, it.G, it.g0);
      viol = kkt_violation(pen, prob.sc.excluded, it.B, it.G, it.g0);
    }
    if (!any_step) { st.stalled = true; break; }
  }
  st.iterations = iter;
  st.loss = it.loss;
  st.objective = F;
  st.max_kkt_violation = viol;
  st.converged = viol <= ctl.tol;
  st.coordinate_updates = model.updates;
  return st;
}

// Binomial path: where the solve at the next lambda starts its first coordinate descent.
// The solution moved by (Delta beta, Delta b) from `before` (the solution at `previous`)
// to `it` (at `lambda`); the next step is predicted as that times the ratio of the lambda
// steps, (lambda - next) / (previous - lambda) (a step proportional to Delta lambda on a
// locally straight path). The predicted change of the linear predictor is the same multiple
// of Delta eta, so no pass over X is needed; coefficients that are zero at `lambda` are left
// out of the prediction (it would push them across zero) and their share taken out of u.
// On bench/logistic's 100-lambda path (n 10,000, p 1,000) this cut the coordinate updates
// from 260,107 to about 147,000: the tail lambdas took 4 sweeps of coordinate descent
// instead of 6.
template <class XMap>
void predict_step(const LogisticProblem<XMap>& prob, const Iterate<XMap>& it,
                  const SolveControl::StartStep& before, double next, double lambda, double previous,
                  SolveControl::StartStep& out) {
  const double ratio = previous > lambda ? std::clamp((lambda - next) / (previous - lambda), 0.0, 1.0) : 0.0;
  if (!(ratio > 0.0)) {
    out = {};
    return;
  }
  out.d = ratio * (it.B.col(0) - before.d);
  out.d0 = ratio * (it.b[0] - before.d0);
  out.u = ratio * (it.eta.col(0) - before.u);
  double shift = 0.0;
  for (Index j = 0; j < prob.p(); ++j) {
    if (out.d[j] == 0.0 || it.B(j, 0) != 0.0) continue;
    const double a = out.d[j] * prob.sc.inv_scale[j];
    column_axpy(prob.X, j, -a, out.u);
    shift += a * prob.sc.center[j];
    out.d[j] = 0.0;
  }
  if (shift != 0.0) out.u.array() += shift;
}

// ---- multinomial proximal Newton: the full softmax Hessian, coordinate descent ------
// Quadratic model in (D, d0), U = Z D + 1 d0' kept as E + 1 o' (E = X (D ./ s) on X's
// pattern, o per class, so sparse X stays sparse under centring):
//   q = <G, D> + g0'd0 + 1/2 sum_i v_i (sum_c P_ic U_ic^2 - (sum_c P_ic U_ic)^2).
// The derivative in D_jc is G_jc + sum_i z_ij v_i P_ic (U_ic - S_i), S_i = sum_c P_ic U_ic,
// with S = SX + P o (SX_i = sum_c P_ic E_ic); the sums over i that the centring c_j brings
// in are kept per class: A_c = sum_i v_i P_ic (E_ic - SX_i), m_c = sum_i v_i P_ic,
// M = P' diag(v) P; per working-set row j: xvp_jc = sum_i x_ij v_i P_ic and
// xvpp_j = sum_i x_ij v_i P_i P_i' (k x k).
template <class XMap>
SolveStats solve_multinomial_newton(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                                    const SolveControl& ctl, Iterate<XMap>& it) {
  const Index p = prob.p(), k = prob.m, n = prob.n();
  const auto& sc = prob.sc;
  if (!it.current) it.refresh(prob);
  double F = it.loss + penalty_value(pen, it.B);
  SolveStats st;
  std::vector<char> in_ws(static_cast<std::size_t>(p), 0);
  for (Index j = 0; j < p; ++j) {
    if (sc.excluded[static_cast<std::size_t>(j)]) continue;
    const double thr = ctl.strong_threshold.size() ? ctl.strong_threshold[j]
                                                    : pen.lambda * pen.alpha * pen.pf[j];
    const double gj = pen.grouped ? it.G.row(j).norm() : it.G.row(j).cwiseAbs().maxCoeff();
    if (it.B.row(j).any() || gj >= thr)
      in_ws[static_cast<std::size_t>(j)] = 1;
  }
  Matrix VP, E, D, xvp, h, eta_trial, B_trial, M, X2pp;
  Vector row_bound = Vector::Zero(p);
  std::vector<Matrix> xvpp(static_cast<std::size_t>(p));
  Vector SX;
  RowVector o, d0, A, mvec;
  int iter = 0;
  double viol = kkt_violation(pen, sc.excluded, it.B, it.G, it.g0);
  const double scale = (pen.alpha > 0.0 && pen.lambda > 0.0) ? pen.lambda : 1.0;
  while (viol > ctl.tol && iter < ctl.max_iter) {
    ++iter;
    std::vector<Index> ws;
    for (Index j = 0; j < p; ++j) {
      if (sc.excluded[static_cast<std::size_t>(j)]) continue;
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const RowVector gj = it.G.row(j) + l2 * it.B.row(j);
      if ((pen.grouped ? gj.norm() : gj.cwiseAbs().maxCoeff()) > l1) in_ws[static_cast<std::size_t>(j)] = 1;
      if (in_ws[static_cast<std::size_t>(j)]) ws.push_back(j);
    }
    VP = prob.v.asDiagonal() * it.P;
    mvec = VP.colwise().sum();
    M.noalias() = it.P.transpose() * VP;
    xvp.resize(p, k);
    h.resize(p, k);
    for (const Index j : ws) {
      const auto ju = static_cast<std::size_t>(j);
      Matrix& Xpp = xvpp[ju];
      Xpp.setZero(k, k);
      RowVector x1 = RowVector::Zero(k), x2q = RowVector::Zero(k), x2 = RowVector::Zero(k);
      X2pp.setZero(k, k);
      auto add = [&](Index i, double x) {
        const RowVector vp = VP.row(i);
        x1 += x * vp;
        x2 += (x * x) * vp;
        x2q += (x * x) * vp.cwiseProduct(RowVector::Ones(k) - it.P.row(i));
        Xpp.noalias() += x * (vp.transpose() * it.P.row(i));
        if (pen.grouped) X2pp.noalias() += (x * x) * (vp.transpose() * it.P.row(i));
      };
      if constexpr (is_sparse_map_v<XMap>) {
        for (typename XMap::InnerIterator e(prob.X, j); e; ++e) add(e.row(), e.value());
      } else {
        const auto col = prob.X.col(j);
        x1 = col.transpose() * VP;
        x2 = col.cwiseAbs2().transpose() * VP;
        x2q = col.cwiseAbs2().transpose() * (VP.array() * (1.0 - it.P.array())).matrix();
        Xpp.noalias() = VP.transpose() * col.asDiagonal() * it.P;
        if (pen.grouped) X2pp.noalias() = VP.transpose() * col.cwiseAbs2().asDiagonal() * it.P;
      }
      xvp.row(j) = x1;
      const double c = sc.center[j], is = sc.inv_scale[j];
      for (Index cc = 0; cc < k; ++cc) {
        const double xq = x1[cc] - Xpp(cc, cc), q = mvec[cc] - M(cc, cc);
        h(j, cc) = is * is * std::max(0.0, x2q[cc] - 2.0 * c * xq + c * c * q);
      }
      if (pen.grouped) {  // H_j = (Z_j^2-weighted) sum_i v_i (diag(P_i) - P_i P_i'): its largest eigenvalue
        Matrix Hj = Matrix(x2.asDiagonal()) - X2pp - 2.0 * c * (Matrix(x1.asDiagonal()) - Xpp) +
                    c * c * (Matrix(mvec.asDiagonal()) - M);
        Hj = 0.5 * (Hj + Hj.transpose()) * (is * is);
        row_bound[j] = Eigen::SelfAdjointEigenSolver<Matrix>(Hj, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
      }
    }
    E.setZero(n, k);
    SX.setZero(n);
    D.setZero(p, k);
    o.setZero(k);
    d0.setZero(k);
    A.setZero(k);
    const double inner_tol = std::max(0.1 * viol * scale * std::min(1.0, viol), 0.1 * ctl.tol * scale);
    // Derivative of the model in D_jc at the current D.
    auto model_gradient = [&](Index j, Index c) {
      const auto ju = static_cast<std::size_t>(j);
      const double cj = sc.center[j], is = sc.inv_scale[j];
      double dotx = 0.0;
      if constexpr (is_sparse_map_v<XMap>) {
        for (typename XMap::InnerIterator e(prob.X, j); e; ++e)
          dotx += e.value() * VP(e.row(), c) * (E(e.row(), c) - SX[e.row()]);
      } else {
        dotx = (prob.X.col(j).array() * VP.col(c).array() * (E.col(c) - SX).array()).sum();
      }
      const double xo = o[c] * xvp(j, c) - xvpp[ju].row(c).dot(o);
      const double ao = A[c] + o[c] * mvec[c] - M.row(c).dot(o);
      return it.G(j, c) + is * (dotx + xo - cj * ao);
    };
    // D_jc += delta, with E, SX, A and o kept in step.
    auto apply = [&](Index j, Index c, double delta) {
      const double cj = sc.center[j], is = sc.inv_scale[j];
      D(j, c) += delta;
      const double a = delta * is;
      if constexpr (is_sparse_map_v<XMap>) {
        for (typename XMap::InnerIterator e(prob.X, j); e; ++e) {
          const Index i = e.row();
          const double ax = a * e.value();
          E(i, c) += ax;
          const double dsx = ax * it.P(i, c);
          SX[i] += dsx;
          A.noalias() -= dsx * VP.row(i);  // A_c' += v_i P_ic' ([c' = c] ax - dsx)
          A[c] += ax * VP(i, c);
        }
      } else {
        const auto col = prob.X.col(j);
        E.col(c).noalias() += a * col;
        const Vector dsx = a * col.cwiseProduct(it.P.col(c));
        SX += dsx;
        A.noalias() -= dsx.transpose() * VP;
        A[c] += a * col.dot(VP.col(c));
      }
      o[c] -= cj * a;
    };
    auto update = [&](Index j, Index c) {
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double gq = model_gradient(j, c);
      const double hh = h(j, c);
      const double denom = hh + l2;
      if (!(denom > 0.0)) return 0.0;
      const double cur = it.B(j, c) + D(j, c);
      const double z = hh * cur - gq;
      const double next = (z > l1 ? z - l1 : (z < -l1 ? z + l1 : 0.0)) / denom;
      const double delta = next - cur;
      if (delta == 0.0) return 0.0;
      apply(j, c, delta);
      return std::abs(delta) * denom;
    };
    // Grouped: row j moves by the group soft-threshold under the bound L_j I >= H_j.
    RowVector gq_row(k), cur_row(k), z_row(k);
    auto update_row = [&](Index j) {
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double L = row_bound[j];
      if (!(L + l2 > 0.0)) return 0.0;
      for (Index c = 0; c < k; ++c) gq_row[c] = model_gradient(j, c);
      cur_row = it.B.row(j) + D.row(j);
      z_row = L * cur_row - gq_row;
      const double nz = z_row.norm();
      double change = 0.0;
      for (Index c = 0; c < k; ++c) {
        const double next = nz > l1 ? z_row[c] * (1.0 - l1 / nz) / (L + l2) : 0.0;
        const double delta = next - cur_row[c];
        if (delta == 0.0) continue;
        apply(j, c, delta);
        change = std::max(change, std::abs(delta) * (L + l2));
      }
      return change;
    };
    auto intercepts = [&]() {
      if (!prob.fit_intercept) return 0.0;
      double change = 0.0;
      for (Index c = 0; c < k; ++c) {
        const double q = mvec[c] - M(c, c);
        if (!(q > 0.0)) continue;
        const double gq = it.g0[c] + A[c] + o[c] * mvec[c] - M.row(c).dot(o);
        const double delta = -gq / q;
        o[c] += delta;
        d0[c] += delta;
        change = std::max(change, std::abs(gq));
      }
      return change;
    };
    std::vector<std::pair<Index, Index>> active;
    for (int sweep = 0; sweep < 100; ++sweep) {
      double change = intercepts();
      active.clear();
      for (const Index j : ws) {
        if (pen.grouped) {
          change = std::max(change, update_row(j));
          if ((it.B.row(j) + D.row(j)).any()) active.emplace_back(j, 0);
          continue;
        }
        for (Index c = 0; c < k; ++c) {
          change = std::max(change, update(j, c));
          if (it.B(j, c) + D(j, c) != 0.0) active.emplace_back(j, c);
        }
      }
      if (change <= inner_tol) break;
      for (int inner = 0; inner < 100; ++inner) {
        double ch = intercepts();
        for (const auto& [j, c] : active) ch = std::max(ch, pen.grouped ? update_row(j) : update(j, c));
        if (ch <= inner_tol) break;
      }
    }
    if (!D.any() && !d0.any()) { st.stalled = true; break; }
    const double Delta = (it.G.array() * D.array()).sum() + it.g0.dot(d0) + penalty_change(pen, it.B, D);
    Matrix U = E;
    U.rowwise() += o;
    double t = 1.0;
    bool accepted = false;
    for (int ls = 0; ls < 50; ++ls) {
      eta_trial = it.eta + t * U;
      B_trial = it.B + t * D;
      const double Ft = prob.loss(eta_trial) + penalty_value(pen, B_trial);
      if (sufficient_decrease(F, Ft, t, Delta)) {
        it.eta.swap(eta_trial);
        it.B.swap(B_trial);
        it.b += t * d0;
        F = Ft;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) { st.stalled = true; break; }
    it.refresh(prob, false);
    viol = kkt_violation(pen, sc.excluded, it.B, it.G, it.g0);
  }
  st.iterations = iter;
  st.loss = it.loss;
  st.objective = F;
  st.max_kkt_violation = viol;
  st.converged = viol <= ctl.tol;
  return st;
}

}  // namespace regkit::linear::detail
