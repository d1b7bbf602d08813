// Internal to the elastic-net solver: cyclic coordinate descent on the standardized
// problem of elastic_net_design.hpp,
//
//   minimise 1/2 ||ytilde - Z beta||^2 + sum_j ( l1_j |beta_j| + l2_j/2 beta_j^2 ),
//   l1_j = lambda alpha pf_j,  l2_j = lambda (1 - alpha) pf_j.
//
// Coordinate update (Friedman, Hastie & Tibshirani 2010, eq. 5):
//   beta_j <- S(c_j + ||Z_j||^2 beta_j, l1_j) / (||Z_j||^2 + l2_j),  c_j = Z_j' rtilde.
// Covariance mode keeps c = Z' rtilde for every j through Gram columns Z' Z_k of the
// variables ever nonzero (all of Z'Z at once when p <= kFullGramMax; O(p) per update);
// naive mode keeps rtilde in the design back-end (O(n) per update) and computes entries
// of c = Z' rtilde only for the working set and for KKT checks.
//
// One lambda: first a Newton step on the current nonzero coefficients (signs held; see
// newton_step), which between neighbouring lambdas usually lands on the new solution
// for an unchanged support. Then a pass over the working set (strong set + ever
// active) brings in what enters; while passes move the coefficients, a Newton step on
// the nonzeros follows each working-set pass (and each pass over the nonzeros that left
// the support as it was), otherwise passes over the nonzeros until they settle. When a
// pass changes little (or right after a full Newton step), compute the duality gap of
// the problem restricted to the working set; if it is below tol * null objective, check
// the KKT conditions outside the set (bounds first, inner products only where they
// cannot decide), add any violators and go on, else stop: with no violator outside, the
// restricted gap is the full gap. If the gap is too large, take Newton steps, or
// tighten the pass threshold and go on. Newton steps are skipped where bringing the
// factor up to date would cost more than the passes spent at this lambda and a few
// products Z' r.
//
// Bounds for the KKT check (naive mode): corr_[j] is exact as of a "drift" (the summed
// movements of rtilde since), and |Z_j' rtilde| <= |corr_[j]| + ||Z_j|| * drift since
// (Cauchy-Schwarz). When many bounds are undecided, one product Z' r refreshes them all:
// on dense X in float32 from a float copy of X, with a rounding bound folded into the
// drift (elastic_net_design.hpp, approximate_correlations); exact inner products then
// decide the few that remain undecided.
//
// Duality gap: Fenchel dual of the problem above at theta = c_scale * rtilde,
//   D(theta) = 1/2 ||ytilde||^2 - 1/2 ||ytilde - theta||^2
//              - sum_{l2_j > 0} (|Z_j' theta| - l1_j)_+^2 / (2 l2_j),
// subject to |Z_j' theta| <= l1_j where l2_j = 0; c_scale = min(1, min l1_j / |Z_j' r|)
// over those j makes theta feasible (scikit-learn's dual scaling, enet_coordinate_descent;
// the l2 part enters through its conjugate instead of an augmented design, so alpha = 0
// has a finite gap too). Unpenalized coordinates (pf_j = 0) have the constraint
// Z_j' theta = 0, which is not enforced: their stationarity shows in max_kkt_violation.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "active_cholesky.hpp"
#include "elastic_net_design.hpp"
#include "regkit/penalty/elastic_net.hpp"

namespace regkit::linear::detail {

struct PointStats {
  int iterations = 0;
  bool converged = false;
  double objective = 0.0;
  double duality_gap = 0.0;
  double max_kkt_violation = 0.0;
};

template <class Design>
class CoordinateDescent {
 public:
  static constexpr Index kFullGramMax = 500;  // covariance mode: all of Z'Z up to this p
  // Naive mode: refresh every bound (one approximate product Z' r) rather than compute
  // the uncertain correlations one by one when more than p / kBoundRefresh are uncertain.
  static constexpr Index kBoundRefresh = 10;

  CoordinateDescent(const Standardized& st, Design& design, const Vector& penalty_factor,
                    double alpha, bool covariance, double tol, int max_iter)
      : st_(st),
        design_(design),
        pf_(penalty_factor),
        alpha_(alpha),
        covariance_(covariance),
        tol_(tol),
        max_iter_(max_iter),
        beta_(Vector::Zero(st.p)),
        col_norm_(st.col_sq.cwiseSqrt()),
        inv_col_norm_(col_norm_.unaryExpr([](double x) { return x > 0.0 ? 1.0 / x : 0.0; })),
        ever_active_(static_cast<std::size_t>(st.p), 0) {
    design_.y_correlations(corr_);
    if (covariance_) {
      c_ = corr_;
      gram_slot_.assign(static_cast<std::size_t>(st.p), -1);
      if (st.p <= kFullGramMax) {  // one rank-n update beats p matrix-vector products
        design_.gram(gram_);
        for (Index j = 0; j < st.p; ++j) gram_slot_[static_cast<std::size_t>(j)] = j;
        gram_used_ = st.p;
      }
    } else {
      r_synced_ = st.y_tilde;
      exact_at_ = Vector::Zero(st.p);
    }
    l1_ = Vector::Zero(st.p);
    l2_ = Vector::Zero(st.p);
  }

  const Vector& coef() const { return beta_; }
  bool excluded(Index j) const { return st_.excluded[static_cast<std::size_t>(j)] != 0; }
  bool ever_active(Index j) const { return ever_active_[static_cast<std::size_t>(j)] != 0; }

  // Z_j' rtilde, exact: computed now if the stored value is stale (naive mode).
  double correlation(Index j) {
    if (!covariance_ && exact_at_[j] != drift_) {
      corr_[j] = design_.dot(j);
      exact_at_[j] = drift_;
    }
    return corr_[j];
  }

  // Marks in_set[j] for j with |Z_j' rtilde| >= threshold * pf_j (or > when `strict`),
  // plus ever-active and unpenalized j; computes only the correlations whose bound
  // (see check_outside) reaches the threshold.
  void screen(double threshold, bool strict, std::vector<char>& in_set) {
    sync();
    for (Index j = 0; j < st_.p; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const bool keep = (ever_active_[ju] != 0) || (threshold * pf_[j] <= 0.0);
      in_set[ju] = static_cast<char>((st_.excluded[ju] == 0) & keep);
    }
    std::vector<Index> uncertain = candidates(threshold, true, in_set);
    if (!covariance_ && kBoundRefresh * static_cast<Index>(uncertain.size()) > st_.p) {
      refresh_bounds();
      uncertain = candidates(threshold, true, in_set);
    }
    // The working set is a heuristic (check_outside certifies what it leaves out): a
    // stored correlation within 0.1% of the threshold of exact serves as it is.
    for (Index j : uncertain) {
      const double t = threshold * pf_[j];
      const double slack = covariance_ ? 0.0 : col_norm_[j] * (drift_ - exact_at_[j]);
      const double c = slack <= 1e-3 * t ? std::abs(corr_[j]) + slack : std::abs(correlation(j));
      in_set[static_cast<std::size_t>(j)] = strict ? c > t : c >= t;
    }
  }

  // Starts from `beta` (solver coordinates; excluded entries ignored).
  void set_coef(const Vector& beta) {
    beta_.setZero();
    if (covariance_) corr_ = c_;
    else design_.reset_residual();
    for (Index j = 0; j < st_.p; ++j) {
      if (excluded(j) || beta[j] == 0.0) continue;
      beta_[j] = beta[j];
      mark_active(j);
      if (covariance_) corr_.noalias() -= beta[j] * gram_column(j);
      else design_.axpy(j, -beta[j]);
    }
    refresh_all();
  }

  // Least squares on the unpenalized variables (pf_j = 0) with the others at their
  // current values; used before lambda_max.
  void fit_unpenalized() {
    std::vector<Index> set;
    for (Index j = 0; j < st_.p; ++j)
      if (!excluded(j) && pf_[j] == 0.0) set.push_back(j);
    if (set.empty()) return;
    l1_.setZero();
    l2_.setZero();
    const double threshold = tol_ * std::max(0.5 * st_.y_norm2, tiny());
    for (int it = 0; it < max_iter_; ++it)
      if (pass(set) <= threshold) break;
    refresh_all();
  }

  // Every correlation, exact (one O(np) product in naive mode).
  const Vector& all_correlations() {
    if (!covariance_) {
      sync();
      if ((exact_at_.array() != drift_).any()) refresh_all();
    }
    return corr_;
  }

  // Solves at `lambda` starting from the current coefficients. `in_set` marks the working
  // set on entry (KKT violators are added to it).
  PointStats solve(double lambda, std::vector<char>& in_set) {
    lambda_ = lambda;
    l1_ = (lambda * alpha_) * pf_;
    l2_ = (lambda * (1.0 - alpha_)) * pf_;
    std::vector<Index> set, active;
    auto rebuild_set = [&] {  // branch-free compaction, as in candidates
      std::vector<Index>& all = candidates_;
      all.resize(static_cast<std::size_t>(st_.p));
      std::size_t count = 0;
      for (Index j = 0; j < st_.p; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        all[count] = j;
        count += static_cast<std::size_t>(in_set[ju] != 0 && st_.excluded[ju] == 0);
      }
      set.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
    };
    rebuild_set();
    const double tol_gap = tol_ * std::max(0.5 * st_.y_norm2, tiny());
    double pass_tol = tol_gap;
    PointStats stats;
    double gap = std::numeric_limits<double>::infinity();
    double cd_work = 0.0;  // flops spent in coordinate updates at this lambda
    const double update_cost = 2.0 * static_cast<double>(covariance_ ? st_.p : st_.n);
    bool newton_tried_here = false;
    double newton_cost = 0.0;  // of bringing the factor up to date, when last declined
    bool skip_pass = false;  // right after a full Newton step: check before passing again
    const double product = static_cast<double>(st_.n) * static_cast<double>(st_.p);
    // A pass over the working set brings in the variables that enter; a Newton step on
    // the nonzero coefficients then lands on the solution at once (unless a coefficient
    // must still leave or zeros in the set still move, which the next pass and step
    // handle), where further passes would crawl towards it. On the active set alone,
    // a pass that changed the support asks for another pass first.
    auto newton_on_support = [&](bool after_set_pass) {
      const double budget = std::max(cd_work, 4.0 * product);
      if ((!after_set_pass && support_changed_) || newton_cost > budget) return false;
      newton_tried_here = true;
      refresh_nonzero(set);
      if (newton_step(set, budget, lambda)) {
        return true;
      }
      newton_cost = newton_cost_;
      return false;
    };
    // Warm start: between neighbouring lambdas the support and signs mostly stay, so a
    // Newton step on the current nonzeros first gives the solution on that support at
    // this lambda; the passes then only bring in (or drop) the few that change.
    // The pass that follows checks the zeros of the set (and, changing nothing, leaves
    // the set's correlations exact for the gap).
    newton_on_support(true);
    while (stats.iterations < max_iter_) {
      double change = std::numeric_limits<double>::infinity();
      if (!skip_pass) {
        change = pass(set);
        ++stats.iterations;
        cd_work += update_cost * static_cast<double>(set.size());
        if (change > pass_tol) {
          newton_tried_here = false;
          if (newton_on_support(true)) {
            skip_pass = true;
            continue;
          }
          active.clear();
          for (Index j : set)
            if (beta_[j] != 0.0) active.push_back(j);
          while (stats.iterations < max_iter_) {
            const double active_change = pass(active);
            ++stats.iterations;
            cd_work += update_cost * static_cast<double>(active.size());
            if (active_change <= pass_tol) break;
            if (newton_on_support(false)) {
              skip_pass = true;
              break;
            }
          }
          continue;
        }
      }
      const bool after_newton = skip_pass;
      skip_pass = false;
      // The working set has settled: duality gap of the problem restricted to it (cheap:
      // correlations of the set only).
      refresh(set);
      gap = duality_gap(set, stats.objective);
      if (gap <= tol_gap) {
        // KKT conditions outside the set; with none violated the restricted gap is the
        // gap of the whole problem (outside terms vanish from the dual).
        if (check_outside(in_set)) {
          rebuild_set();
          continue;
        }
        stats.converged = true;
        break;
      }
      if (after_newton) continue;  // zero coefficients in the set still move: pass again
      if (change == 0.0 && newton_tried_here) break;  // the gap is at rounding level
      // Coordinate descent crawls along ill-conditioned directions (correlated columns,
      // small lambda): take Newton steps on the active set unless that costs more than
      // the passes already spent here and a few products Z' r.
      newton_tried_here = true;
      if (newton_step(set, std::max(cd_work, 4.0 * product), lambda)) {
        skip_pass = true;
        continue;
      }
      pass_tol *= 0.1;
    }
    if (!stats.converged) {
      all_correlations();
      std::vector<Index> everything;
      for (Index j = 0; j < st_.p; ++j)
        if (!excluded(j)) everything.push_back(j);
      gap = duality_gap(everything, stats.objective);
    }
    stats.duality_gap = gap;
    // Converged: outside the set every coefficient is zero and certified (bound <= l1_j),
    // so only the set can violate; otherwise all correlations are exact: look at all.
    stats.max_kkt_violation = stats.converged ? max_kkt_violation(set) : max_kkt_violation();
    return stats;
  }

 private:
  static double tiny() { return std::numeric_limits<double>::min(); }

  // Naive mode keeps corr_[j] exact as of drift exact_at_[j], where drift_ adds up
  // ||rtilde_now - rtilde_then|| over sync points; by Cauchy-Schwarz
  //   |Z_j' rtilde_now| <= |corr_[j]| + ||Z_j|| (drift_ - exact_at_[j]),
  // which certifies most KKT conditions outside the working set without touching Z_j.
  void sync() {
    if (covariance_) return;
    const auto& r = design_.residual();
    const double moved = (r - r_synced_).norm();
    if (moved == 0.0) return;
    drift_ += moved;
    r_synced_ = r;
  }

  // Exact correlations for the working set.
  void refresh(const std::vector<Index>& set) {
    if (covariance_) return;
    sync();
    for (Index j : set) correlation(j);
  }
  // Exact correlations for the nonzero coefficients of the working set.
  void refresh_nonzero(const std::vector<Index>& set) {
    if (covariance_) return;
    sync();
    for (Index j : set)
      if (beta_[j] != 0.0) correlation(j);
  }
  void refresh_all() {
    if (covariance_) return;
    sync();
    design_.correlations(corr_);
    exact_at_.setConstant(drift_);
  }
  // Every correlation to within a bound (naive mode): corr_[j] within err_j of the exact
  // value is stored as if exact at drift drift_ - err_j / ||Z_j||, which is what the
  // bounds of candidates() need; correlation(j) still computes it exactly on demand.
  void refresh_bounds() {
    if constexpr (requires(Design& d, Vector& v) { d.approximate_correlations(v, v); }) {
      sync();
      design_.approximate_correlations(corr_, bounds_);
      exact_at_ = (drift_ - bounds_.array() * inv_col_norm_.array()).matrix();
    } else {
      refresh_all();
    }
  }
  // Indices j (not excluded, not in `skip`) whose correlation bound exceeds
  // threshold * pf_j (>= when `inclusive`). One vectorized pass for the bounds.
  std::vector<Index> candidates(double threshold, bool inclusive, const std::vector<char>& skip) {
    return covariance_ ? compact<true>(threshold, inclusive, skip) : compact<false>(threshold, inclusive, skip);
  }
  // Branch-free compaction with the bound computed in the same loop: most bounds fall on
  // either side at random, and a mispredicted branch per coordinate costs more than the
  // whole test.
  template <bool Covariance>
  std::vector<Index> compact(double threshold, bool inclusive, const std::vector<char>& skip) {
    std::vector<Index>& out = candidates_;
    out.resize(static_cast<std::size_t>(st_.p));
    std::size_t count = 0;
    const double* corr = corr_.data();
    const double* norm = col_norm_.data();
    const double* exact_at = Covariance ? nullptr : exact_at_.data();
    const double drift = drift_;
    const double* pf = pf_.data();
    const char* skipped = skip.data();
    const char* excl = st_.excluded.data();
    for (Index j = 0; j < st_.p; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      double bound = std::abs(corr[j]);
      if constexpr (!Covariance) bound += norm[j] * (drift - exact_at[j]);
      const double t = threshold * pf[j];
      const bool above = inclusive ? bound >= t : bound > t;
      out[count] = j;
      count += static_cast<std::size_t>(above & (skipped[ju] == 0) & (excl[ju] == 0));
    }
    return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(count)};
  }

  // Adds KKT violators outside the working set to in_set; returns whether any.
  bool check_outside(std::vector<char>& in_set) {
    sync();
    // l1_ = lambda alpha pf: the candidates are j with bound > l1_j.
    std::vector<Index> uncertain = candidates(lambda_ * alpha_, false, in_set);
    // Many uncertain bounds: tighten every bound with one approximate product Z' r
    // (refresh_bounds), then compute exactly only those it leaves uncertain.
    if (!covariance_ && kBoundRefresh * static_cast<Index>(uncertain.size()) > st_.p) {
      refresh_bounds();
      uncertain = candidates(lambda_ * alpha_, false, in_set);
    }
    bool added = false;
    for (Index j : uncertain) {
      const double c = correlation(j);
      if (std::abs(c) > l1_[j] || (l1_[j] == 0.0 && c != 0.0)) {
        in_set[static_cast<std::size_t>(j)] = 1;
        added = true;
      }
    }
    return added;
  }

  void mark_active(Index j) { ever_active_[static_cast<std::size_t>(j)] = 1; }

  // Gram column Z' Z_j, computed the first time j becomes nonzero.
  auto gram_column(Index j) {
    auto& slot = gram_slot_[static_cast<std::size_t>(j)];
    if (slot < 0) {
      if (gram_used_ == gram_.cols()) {
        const Index capacity = std::min<Index>(st_.p, std::max<Index>(16, 2 * gram_.cols()));
        gram_.conservativeResize(st_.p, capacity);
      }
      slot = gram_used_++;
      design_.gram_column(j, gram_.col(slot));
    }
    return gram_.col(slot);
  }

  // One cyclic pass over `set`; returns max_j (||Z_j||^2 + l2_j) * change_j^2.
  double pass(const std::vector<Index>& set) {
    return covariance_ ? pass_impl<true>(set) : pass_impl<false>(set);
  }

  template <bool Covariance>
  double pass_impl(const std::vector<Index>& set) {
    double largest = 0.0;
    bool support_changed = false;
    // Naive mode: until the first update of the pass the residual is the synced one, so
    // the correlations computed are stored as exact (a pass that changes nothing leaves
    // the set's correlations exact for the duality gap that follows).
    bool moved = false;
    if constexpr (!Covariance) sync();
    for (Index j : set) {
      const double old = beta_[j];
      const double curvature = st_.col_sq[j] + l2_[j];
      double c;
      if constexpr (Covariance) c = corr_[j];
      else c = moved ? design_.dot(j) : correlation(j);
      const double updated =
          penalty::soft_threshold(c + st_.col_sq[j] * old, l1_[j]) / curvature;
      const double delta = updated - old;
      if (delta == 0.0) continue;
      support_changed |= !(old * updated > 0.0);  // entered, left or changed sign
      beta_[j] = updated;
      if constexpr (Covariance) {
        if (!ever_active(j)) mark_active(j);
        corr_.noalias() -= delta * gram_column(j);
      } else {
        if (!ever_active(j)) mark_active(j);
        design_.axpy(j, -delta);
        moved = true;
      }
      largest = std::max(largest, curvature * delta * delta);
    }
    support_changed_ = support_changed;
    return largest;
  }

  // Newton steps on the nonzero coefficients A of `set` with their signs held (a primal
  // active-set method): the smooth problem
  //   min 1/2 ||ytilde - Z_A beta_A||^2 + l1_A' s_A beta_A + 1/2 beta_A' L2 beta_A
  // has the step delta = M^{-1} (c_A - l2_A beta_A - l1_A s_A), M = Z_A' Z_A + L2. The step
  // is cut where a penalized coefficient would cross zero (up to there the objective is
  // the smooth one, hence convex and decreasing); that coefficient is set to zero, leaves
  // A, and the step is taken again. M's Cholesky factor persists across calls and lambdas
  // and is updated as variables enter and leave (active_cholesky.hpp); with alpha < 1 the
  // ridge terms change with lambda, so it is rebuilt for each lambda. Needs fresh
  // correlations for A. Returns whether a full step was reached; skipped when bringing
  // the factor up to date costs more than `budget` flops.
  bool newton_step(const std::vector<Index>& set, double budget, double lambda) {
    std::vector<char>& in_active = scratch_;  // all zero between calls
    if (in_active.size() != static_cast<std::size_t>(st_.p)) in_active.assign(static_cast<std::size_t>(st_.p), 0);
    struct Clear {  // on every return: zero the entries this call marked (all in `set`)
      std::vector<char>& marks;
      const std::vector<Index>& set;
      ~Clear() {
        for (Index j : set) marks[static_cast<std::size_t>(j)] = 0;
      }
    } clear_marks{in_active, set};
    Index m = 0;
    for (Index j : set)
      if (beta_[j] != 0.0) {
        in_active[static_cast<std::size_t>(j)] = 1;
        ++m;
      }
    if (m == 0) return false;
    if (alpha_ < 1.0 && factor_lambda_ != lambda) factor_.clear();
    factor_lambda_ = lambda;
    for (Index u = factor_.size() - 1; u >= 0; --u)
      if (!in_active[static_cast<std::size_t>(factor_.vars()[static_cast<std::size_t>(u)])])
        factor_.remove(u);
    for (Index j : factor_.vars()) in_active[static_cast<std::size_t>(j)] = 2;  // has a row
    std::vector<Index> missing;
    for (Index j : set)
      if (in_active[static_cast<std::size_t>(j)] == 1) missing.push_back(j);
    const double md = static_cast<double>(m);
    const double per_variable = covariance_ ? md * md : md * (md + static_cast<double>(st_.n));
    newton_cost_ = static_cast<double>(missing.size()) * per_variable;
    if (newton_cost_ > budget) return false;
    Vector h;
    for (Index j : missing) {
      if (covariance_) {
        const auto column = gram_column(j);
        h.resize(factor_.size());
        for (Index a = 0; a < factor_.size(); ++a) h[a] = column[factor_.vars()[static_cast<std::size_t>(a)]];
      } else {
        design_.cross_products(j, factor_.vars(), h);
      }
      if (!factor_.add(j, h, st_.col_sq[j] + l2_[j])) return false;  // dependent columns
    }
    // Coefficients, correlations and penalty weights in the factor's order.
    const Index k0 = factor_.size();
    std::vector<Index> vars = factor_.vars();
    Vector b(k0), c(k0), l1(k0), l2(k0);
    for (Index a = 0; a < k0; ++a) {
      const Index j = vars[static_cast<std::size_t>(a)];
      b[a] = beta_[j];
      c[a] = corr_[j];
      l1[a] = l1_[j];
      l2[a] = l2_[j];
    }
    std::vector<Index> left;
    bool full_step = false;
    for (int round = 0; round < 64 && b.size() > 0; ++round) {
      const Index k = b.size();
      const Vector gradient = c - l2.cwiseProduct(b) -
                              l1.cwiseProduct(b.unaryExpr([](double x) { return x > 0.0 ? 1.0 : -1.0; }));
      Vector delta = gradient;
      factor_.solve_in_place(delta);
      if (!delta.allFinite()) break;
      double step = 1.0;
      Index blocking = -1;
      for (Index a = 0; a < k; ++a)
        if (l1[a] > 0.0 && b[a] * (b[a] + delta[a]) <= 0.0) {
          const double t = -b[a] / delta[a];
          if (t < step) { step = t; blocking = a; }
        }
      if (blocking < 0) {
        b += delta;
        full_step = true;
        break;
      }
      Vector change = step * delta;
      change[blocking] = -b[blocking];
      // Z_A' Z_A change = M change - L2 change, and M (step delta) = step gradient (up to
      // the rounding of the blocking entry, set exactly to zero below).
      c -= step * gradient - l2.cwiseProduct(change);
      b += change;
      b[blocking] = 0.0;
      left.push_back(vars[static_cast<std::size_t>(blocking)]);
      factor_.remove(blocking);
      vars.erase(vars.begin() + blocking);
      auto drop = [blocking](Vector& x) {
        const Index tail = x.size() - blocking - 1;
        x.segment(blocking, tail) = x.tail(tail).eval();
        x.conservativeResize(x.size() - 1);
      };
      drop(b);
      drop(c);
      drop(l1);
      drop(l2);
    }
    auto apply = [&](Index j, double value) {
      const double d = value - beta_[j];
      if (d == 0.0) return;
      beta_[j] = value;
      if (covariance_) corr_.noalias() -= d * gram_column(j);
      else design_.axpy(j, -d);
    };
    for (Index a = 0; a < b.size(); ++a) apply(vars[static_cast<std::size_t>(a)], b[a]);
    for (Index j : left) apply(j, 0.0);
    return full_step;
  }

  // Primal - dual of the problem restricted to `set` (coefficients outside are zero);
  // correlations of the set must be exact. Sets `primal`.
  double duality_gap(const std::vector<Index>& set, double& primal) const {
    double r_norm2, r_dot_y;
    if (covariance_) {
      const double beta_c = beta_.dot(c_);
      r_dot_y = st_.y_norm2 - beta_c;
      r_norm2 = std::max(0.0, st_.y_norm2 - beta_c - beta_.dot(corr_));
    } else {
      r_norm2 = design_.residual_norm2();
      r_dot_y = design_.residual_dot_y();
    }
    double penalty = 0.0;
    double scale = 1.0;
    for (Index j : set) {
      const double b = beta_[j];
      penalty += l1_[j] * std::abs(b) + 0.5 * l2_[j] * b * b;
      if (l2_[j] == 0.0 && l1_[j] > 0.0 && std::abs(corr_[j]) * scale > l1_[j])
        scale = l1_[j] / std::abs(corr_[j]);
    }
    primal = 0.5 * r_norm2 + penalty;
    double conjugate = 0.0;
    for (Index j : set) {
      if (l2_[j] <= 0.0) continue;
      const double excess = std::max(0.0, scale * std::abs(corr_[j]) - l1_[j]);
      conjugate += excess * excess / (2.0 * l2_[j]);
    }
    const double dual = scale * r_dot_y - 0.5 * scale * scale * r_norm2 - conjugate;
    return primal - dual;
  }

  // Over all j; outside the working set the stored correlations are certified (bound
  // <= l1_j) or exact, so a zero coefficient there contributes no violation.
  double max_kkt_violation() const {
    double worst = 0.0;
    for (Index j = 0; j < st_.p; ++j)
      if (!excluded(j)) worst = std::max(worst, kkt_violation(j));
    return worst;
  }
  double max_kkt_violation(const std::vector<Index>& set) const {
    double worst = 0.0;
    for (Index j : set) worst = std::max(worst, kkt_violation(j));
    return worst;
  }
  double kkt_violation(Index j) const {
    const double b = beta_[j];
    return b != 0.0 ? std::abs(-corr_[j] + l1_[j] * (b > 0.0 ? 1.0 : -1.0) + l2_[j] * b)
                    : std::max(0.0, std::abs(corr_[j]) - l1_[j]);
  }

  const Standardized& st_;
  Design& design_;
  Vector pf_;
  double alpha_;
  bool covariance_;
  double tol_;
  int max_iter_;
  Vector beta_;                    // p, solver coordinates
  Vector col_norm_;                // p, ||Z_j||
  Vector inv_col_norm_;            // p, 1 / ||Z_j|| (0 for excluded j)
  Vector r_synced_;                // n, rtilde at the last sync (naive mode)
  Vector exact_at_;                // p, drift at which corr_[j] was exact (naive mode)
  double drift_ = 0.0;             // sum of residual movements between syncs
  Vector bounds_;                  // p, scratch: correlation bounds
  double lambda_ = 0.0;            // of the current solve
  Vector corr_;                    // p, Z' rtilde
  Vector c_;                       // p, Z' ytilde (covariance mode)
  Vector l1_, l2_;                 // p, per-coordinate penalty weights at this lambda
  std::vector<char> ever_active_;  // p
  Matrix gram_;                    // p x (ever-active count), covariance mode
  std::vector<Index> gram_slot_;   // p: column of gram_ or -1
  Index gram_used_ = 0;
  std::vector<char> scratch_;      // p, newton_step's marks (all zero between calls)
  std::vector<Index> candidates_;  // p, scratch
  bool support_changed_ = true;    // by the last pass
  double newton_cost_ = 0.0;       // flops to bring the factor up to date, last newton_step
  ActiveCholesky factor_;          // Newton steps: Cholesky factor of Z_A' Z_A + L2
  double factor_lambda_ = -1.0;
};

}  // namespace regkit::linear::detail
