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
//   objective. Multinomial (ungrouped) cycles over classes, one column at a time (glmnet).
//   Grouped multinomial majorizes the Hessian by a per-sample bound common to all
//   classes, v_i min(1/2, max_c P_ic) (Boehning 1992 for the 1/2), and updates each row
//   B_j by the group soft-threshold (block coordinate descent).
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
};

struct SolveStats {
  int iterations = 0;
  bool converged = false;
  bool stalled = false;          // no further decrease possible in double precision
  double objective = 0.0;        // f + penalty (mean form)
  double loss = 0.0;             // f
  double max_kkt_violation = 0.0;
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

// The current iterate with its linear predictor, probabilities, residuals and gradient.
template <class XMap>
struct Iterate {
  Matrix B;       // p x m
  RowVector b;    // m
  Matrix eta, P, R, G;
  RowVector g0;
  double loss = 0.0;

  void refresh(const LogisticProblem<XMap>& prob, bool recompute_eta = true) {
    if (recompute_eta) prob.linear(B, b, eta);
    loss = prob.loss_residual(eta, P, R);
    prob.adjoint(R, G, g0);
  }
};

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
  it.refresh(prob);
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
  it.refresh(prob);
  double f = objective(it.loss, it.B);
  Matrix g, g_new, dir;
  gradient(it, g);
  std::deque<Matrix> S, Y;
  std::deque<double> rho;
  constexpr std::size_t memory = 10;
  SolveStats st;
  int iter = 0;
  Iterate<XMap> trial;
  Matrix Zd;
  while (g.cwiseAbs().maxCoeff() > ctl.tol && iter < ctl.max_iter) {
    ++iter;
    // Two-loop recursion.
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
    double gd = (g.array() * dir.array()).sum();
    if (!(gd < 0.0)) {  // not a descent direction: restart from the gradient
      S.clear(); Y.clear(); rho.clear();
      dir = -g / std::max(1.0, g.norm());
      gd = (g.array() * dir.array()).sum();
    }
    prob.linear(dir.topRows(p), prob.fit_intercept ? RowVector(dir.row(p)) : RowVector::Zero(m), Zd);
    double t = 1.0;
    bool accepted = false;
    for (int ls = 0; ls < 60; ++ls) {
      trial.eta = it.eta + t * Zd;
      trial.B = it.B + t * dir.topRows(p);
      trial.b = it.b + t * dir.row(p);
      trial.loss = prob.loss_residual(trial.eta, trial.P, trial.R);
      const double ft = objective(trial.loss, trial.B);
      if (std::isfinite(ft) && ft <= f + 1e-4 * t * gd) {
        f = ft;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) { st.stalled = true; break; }
    prob.adjoint(trial.R, trial.G, trial.g0);
    gradient(trial, g_new);
    Matrix sv = t * dir, yv = g_new - g;
    const double sy = (sv.array() * yv.array()).sum();
    if (sy > 1e-12 * sv.norm() * yv.norm()) {
      S.push_back(std::move(sv));
      Y.push_back(std::move(yv));
      rho.push_back(1.0 / sy);
      if (S.size() > memory) { S.pop_front(); Y.pop_front(); rho.pop_front(); }
    }
    std::swap(it, trial);
    g.swap(g_new);
  }
  st.iterations = iter;
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
template <class XMap>
struct ColumnModel {
  const LogisticProblem<XMap>& prob;
  const PenaltySetup& pen;
  Vector d;        // p
  double d0 = 0.0;
  Vector xs;       // n
  double o = 0.0;
  Vector xw, hjj;  // p (valid on the working set)

  double solve(const Vector& w, const Eigen::Ref<const Vector>& g, double g0,
               const Eigen::Ref<const Vector>& beta, const std::vector<Index>& ws,
               double inner_tol, int max_sweeps) {
    const auto& sc = prob.sc;
    const Index n = prob.n();
    d.setZero(prob.p());
    d0 = 0.0;
    xs.setZero(n);
    o = 0.0;
    const double wsum = w.sum();
    for (const Index j : ws) {
      double a = 0.0, a2 = 0.0;
      weighted_sums(prob.X, j, w, a, a2);
      const double c = sc.center[j], is = sc.inv_scale[j];
      xw[j] = a;
      hjj[j] = is * is * std::max(0.0, a2 - 2.0 * c * a + c * c * wsum);
    }
    double Q = 0.0;  // sum_i w_i xs_i
    std::vector<Index> active;
    auto update = [&](Index j) {
      const double c = sc.center[j], is = sc.inv_scale[j];
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double gq = g[j] + is * (weighted_dot(prob.X, j, w, xs) + o * xw[j] - c * (Q + o * wsum));
      const double h = hjj[j];
      const double cur = beta[j] + d[j];
      const double z = h * cur - gq;
      const double denom = h + l2;
      if (!(denom > 0.0)) return 0.0;
      const double next = (z > l1 ? z - l1 : (z < -l1 ? z + l1 : 0.0)) / denom;
      const double delta = next - cur;
      if (delta == 0.0) return 0.0;
      d[j] += delta;
      column_axpy(prob.X, j, delta * is, xs);
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
    for (int sweep = 0; sweep < max_sweeps; ++sweep) {
      double change = intercept();
      active.clear();
      for (const Index j : ws) {
        change = std::max(change, update(j));
        if (beta[j] + d[j] != 0.0) active.push_back(j);
      }
      if (change <= inner_tol) break;
      // Cycle on the nonzeros until they settle, then another full working-set sweep.
      for (int inner = 0; inner < max_sweeps; ++inner) {
        double ch = intercept();
        for (const Index j : active) ch = std::max(ch, update(j));
        if (ch <= inner_tol) break;
      }
    }
    double delta = 0.0;
    for (const Index j : ws) {
      if (d[j] == 0.0) continue;
      const double l1 = pen.lambda * pen.alpha * pen.pf[j];
      const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
      const double b0 = beta[j], b1 = beta[j] + d[j];
      delta += g[j] * d[j] + l1 * (std::abs(b1) - std::abs(b0)) + 0.5 * l2 * (b1 * b1 - b0 * b0);
    }
    return delta + g0 * d0;
  }
};

template <class XMap>
SolveStats solve_proximal_newton(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                                 const SolveControl& ctl, Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m, n = prob.n();
  it.refresh(prob);
  double F = it.loss + penalty_value(pen, it.B);
  SolveStats st;
  ColumnModel<XMap> model{prob, pen, Vector(), 0.0, Vector(), 0.0, Vector::Zero(p), Vector::Zero(p)};
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
      std::vector<Index> ws;
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
      const double inner_tol = std::max(0.1 * viol * scale * std::min(1.0, viol), 0.1 * ctl.tol * scale);
      const double Delta = model.solve(w, it.G.col(c), it.g0[c], it.B.col(c), ws, inner_tol, 100);
      if (!(Delta < 0.0)) continue;
      const Vector u = (model.xs.array() + model.o).matrix();
      double t = 1.0;
      bool accepted = false;
      for (int ls = 0; ls < 50; ++ls) {
        eta_trial = it.eta;
        eta_trial.col(c) += t * u;
        B_trial = it.B;
        B_trial.col(c) += t * model.d;
        const double Ft = prob.loss(eta_trial) + penalty_value(pen, B_trial);
        if (std::isfinite(Ft) && Ft <= F + 0.01 * t * Delta) {
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
    prob.adjoint(it.R, it.G, it.g0);
    viol = kkt_violation(pen, prob.sc.excluded, it.B, it.G, it.g0);
    if (!any_step) { st.stalled = true; break; }
  }
  st.iterations = iter;
  st.loss = it.loss;
  st.objective = F;
  st.max_kkt_violation = viol;
  st.converged = viol <= ctl.tol;
  return st;
}

// ---- grouped multinomial: block coordinate descent on a majorized quadratic ---------
// The per-sample Hessian v_i (diag(P_i) - P_i P_i') is bounded by v_i min(1/2, max_c P_ic) I
// (its eigenvalues are at most max_c P_ic, and 1/2 by Boehning's bound), a curvature common
// to all classes; each row B_j then has the closed-form group soft-threshold update
//   B_j <- S_group(h_j (B_j + D_j) - q_j, l1_j) / (h_j + l2_j).
template <class XMap>
SolveStats solve_grouped(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                         const SolveControl& ctl, Iterate<XMap>& it) {
  const Index p = prob.p(), m = prob.m, n = prob.n();
  const auto& sc = prob.sc;
  it.refresh(prob);
  double F = it.loss + penalty_value(pen, it.B);
  SolveStats st;
  std::vector<char> in_ws(static_cast<std::size_t>(p), 0);
  for (Index j = 0; j < p; ++j) {
    if (sc.excluded[static_cast<std::size_t>(j)]) continue;
    const double thr = ctl.strong_threshold.size() ? ctl.strong_threshold[j]
                                                    : pen.lambda * pen.alpha * pen.pf[j];
    if (it.B.row(j).any() || it.G.row(j).norm() >= thr) in_ws[static_cast<std::size_t>(j)] = 1;
  }
  Vector w(n), xw = Vector::Zero(p), hjj = Vector::Zero(p), tmp(n);
  Matrix D, XS, eta_trial, B_trial;
  RowVector d0, o, Q;
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
      if ((it.G.row(j) + l2 * it.B.row(j)).norm() > l1) in_ws[static_cast<std::size_t>(j)] = 1;
      if (in_ws[static_cast<std::size_t>(j)]) ws.push_back(j);
    }
    for (Index i = 0; i < n; ++i) w[i] = prob.v[i] * std::max(1e-10, std::min(0.5, it.P.row(i).maxCoeff()));
    const double wsum = w.sum();
    for (const Index j : ws) {
      double a = 0.0, a2 = 0.0;
      weighted_sums(prob.X, j, w, a, a2);
      const double c = sc.center[j], is = sc.inv_scale[j];
      xw[j] = a;
      hjj[j] = is * is * std::max(0.0, a2 - 2.0 * c * a + c * c * wsum);
    }
    D.setZero(p, m);
    XS.setZero(n, m);
    d0.setZero(m);
    o.setZero(m);
    Q.setZero(m);
    const double inner_tol = std::max(0.1 * viol * scale * std::min(1.0, viol), 0.1 * ctl.tol * scale);
    RowVector gq(m), cur(m), z(m), delta(m);
    for (int sweep = 0; sweep < 200; ++sweep) {
      double change = 0.0;
      if (prob.fit_intercept && wsum > 0.0) {
        const RowVector g = it.g0 + Q + o * wsum;
        d0 -= g / wsum;
        o -= g / wsum;
        change = g.cwiseAbs().maxCoeff();
      }
      for (const Index j : ws) {
        const double c = sc.center[j], is = sc.inv_scale[j];
        const double l1 = pen.lambda * pen.alpha * pen.pf[j];
        const double l2 = pen.lambda * (1.0 - pen.alpha) * pen.pf[j];
        if constexpr (is_sparse_map_v<XMap>) {
          gq.setZero();
          for (typename XMap::InnerIterator e(prob.X, j); e; ++e)
            gq += (e.value() * w[e.row()]) * XS.row(e.row());
        } else {
          tmp = (prob.X.col(j).array() * w.array()).matrix();
          gq.noalias() = tmp.transpose() * XS;
        }
        gq = it.G.row(j) + is * (gq + o * xw[j] - c * (Q + o * wsum));
        const double h = hjj[j];
        if (!(h + l2 > 0.0)) continue;
        cur = it.B.row(j) + D.row(j);
        z = h * cur - gq;
        const double nz = z.norm();
        delta = (nz > l1 ? RowVector(z * ((1.0 - l1 / nz) / (h + l2))) : RowVector::Zero(m)) - cur;
        if (!delta.any()) continue;
        change = std::max(change, delta.cwiseAbs().maxCoeff() * (h + l2));
        D.row(j) += delta;
        if constexpr (is_sparse_map_v<XMap>) {
          for (typename XMap::InnerIterator e(prob.X, j); e; ++e) XS.row(e.row()) += (is * e.value()) * delta;
        } else {
          XS.noalias() += prob.X.col(j) * (is * delta);
        }
        o -= (c * is) * delta;
        Q += (is * xw[j]) * delta;
      }
      if (change <= inner_tol) break;
    }
    double Delta = (it.G.array() * D.array()).sum() + it.g0.dot(d0);
    B_trial = it.B + D;
    Delta += penalty_value(pen, B_trial) - penalty_value(pen, it.B);
    if (!(Delta < 0.0)) { st.stalled = true; break; }
    Matrix U = XS;
    U.rowwise() += o;
    double t = 1.0;
    bool accepted = false;
    for (int ls = 0; ls < 50; ++ls) {
      eta_trial = it.eta + t * U;
      B_trial = it.B + t * D;
      const double Ft = prob.loss(eta_trial) + penalty_value(pen, B_trial);
      if (std::isfinite(Ft) && Ft <= F + 0.01 * t * Delta) {
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
