// The one-pass loss-and-gradient of the logistic problem (LogisticProblem::
// fused_loss_gradient) against the two-pass definition, in double and on the float32 copy,
// with any thread count (also inside another parallel region, where the team shrinks to
// one thread); and L-BFGS with its float phase against L-BFGS without it and against
// trust-region Newton.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <limits>
#include <vector>

#include "../../src/linear/logistic_solvers.hpp"
#include "regkit/linear/logistic.hpp"
#include "support/logistic_data.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

using detail::RowVector;

using Problem = test::LabeledData;

Problem make_problem(Index n, Index p, Index k, std::uint64_t seed) { return test::make_labeled(n, p, k, seed); }

double rel_diff(const Matrix& a, const Matrix& b) {
  return (a - b).norm() / std::max(1e-300, b.norm());
}

// A LogisticProblem on test::make_labeled data with uniform weights 1/n; binomial, or
// multinomial over the data's classes.
// (LogisticProblem keeps a reference to the view: the members are declared in the
// order they must live.)
struct TestProblem {
  Problem d;
  Labels labels;
  DenseView X;
  detail::LogisticProblem<DenseView> prob;
  TestProblem(Index n, Index p, Index k, std::uint64_t seed, bool multinomial, bool intercept,
              bool standardize = true)
      : d(make_problem(n, p, k, seed)),
        labels(encode_labels(d.y)),
        X(d.X.data(), n, p),
        prob{X, detail::make_scaling(X, uniform(n), intercept, standardize), uniform(n),
             labels.codes, labels.n_classes(), multinomial ? labels.n_classes() : 1, intercept} {}
  TestProblem(const TestProblem&) = delete;
  TestProblem& operator=(const TestProblem&) = delete;
  static Vector uniform(Index n) { return Vector::Ones(n) / static_cast<double>(n); }
};

struct TwoPass {
  double loss;
  Matrix eta, P, R, G;
  RowVector g0;
};

template <class Prob>
TwoPass two_pass(const Prob& prob, const Matrix& B, const RowVector& b) {
  TwoPass r;
  prob.linear(B, b, r.eta);
  r.loss = prob.loss_residual(r.eta, r.P, r.R);
  prob.adjoint(r.R, r.G, r.g0);
  return r;
}

void check_fused(Index n, Index p, Index k, bool multinomial, bool intercept, bool standardize) {
  TestProblem t(n, p, k, 7 + static_cast<std::uint64_t>(k), multinomial, intercept, standardize);
  auto& prob = t.prob;
  const Index m = prob.m;
  for (Index i = 0; i < n; ++i) prob.v[i] = (1.0 + 0.25 * static_cast<double>(i % 4)) / static_cast<double>(n);
  test::Gaussian g(3);
  Matrix B(p, m);
  for (Index c = 0; c < m; ++c)
    for (Index j = 0; j < p; ++j) B(j, c) = 0.2 * g();
  RowVector b(m);
  for (Index c = 0; c < m; ++c) b[c] = intercept ? 0.3 * g() : 0.0;

  prob.threads = 1;
  const TwoPass ref = two_pass(prob, B, b);
  for (int threads : {1, 2, 3}) {
    prob.threads = threads;
    Matrix G, eta, P, R;
    RowVector g0;
    const detail::LogisticProblem<DenseView>::FullState full{&eta, &P, &R};
    const double loss = prob.fused_loss_gradient(false, B, b, G, g0, &full);
    EXPECT_NEAR(loss, ref.loss, 1e-12 * std::abs(ref.loss)) << "threads " << threads;
    EXPECT_LT(rel_diff(G, ref.G), 1e-12) << "threads " << threads;
    EXPECT_LT(rel_diff(eta, ref.eta), 1e-13);
    EXPECT_LT(rel_diff(P, ref.P), 1e-13);
    EXPECT_LT(rel_diff(R, ref.R), 1e-13);
    if (intercept) {
      EXPECT_LT((g0 - ref.g0).norm(), 1e-13 * std::max(1.0, ref.g0.norm()));
    } else {
      EXPECT_EQ(g0.norm(), 0.0);
    }
    // The same pass on the float32 row panels: float products, double sums. The panels
    // hold X's rows in order, cast to float.
    const auto& fp = prob.float_panels();
    const Eigen::MatrixXf Xf = t.d.X.cast<float>();
    // The column copy of coordinate descent holds the same floats, column-major.
    ASSERT_EQ(Eigen::MatrixXf(prob.float_copy()), Xf);
    for (Index r0 = 0; r0 < n; r0 += fp.rows) {
      const Index rows = std::min(fp.rows, n - r0);
      ASSERT_EQ(Eigen::MatrixXf(fp.panel(r0, rows, p)), Eigen::MatrixXf(Xf.middleRows(r0, rows))) << r0;
    }
    Matrix Gf;
    RowVector g0f;
    const double lossf = prob.fused_loss_gradient(true, B, b, Gf, g0f);
    EXPECT_NEAR(lossf, ref.loss, 1e-6 * std::abs(ref.loss));
    EXPECT_LT(rel_diff(Gf, ref.G), 1e-5);
  }
  // Inside a parallel region the pass gets a team of one thread: every block must still
  // be visited (the partition follows the actual team, not the requested size).
  prob.threads = 4;
  std::vector<double> losses(2, 0.0), gaps(2, 1.0);
#pragma omp parallel for num_threads(2)
  for (int r = 0; r < 2; ++r) {
    Matrix G;
    RowVector g0;
    losses[static_cast<std::size_t>(r)] = prob.fused_loss_gradient(false, B, b, G, g0);
    gaps[static_cast<std::size_t>(r)] = rel_diff(G, ref.G);
  }
  for (int r = 0; r < 2; ++r) {
    EXPECT_NEAR(losses[static_cast<std::size_t>(r)], ref.loss, 1e-12 * std::abs(ref.loss));
    EXPECT_LT(gaps[static_cast<std::size_t>(r)], 1e-12);
  }
}

TEST(LogisticFusedPass, EqualsTwoPassesBinomial) {
  check_fused(777, 13, 2, false, true, true);
  check_fused(777, 13, 2, false, false, false);
}

TEST(LogisticFusedPass, EqualsTwoPassesMultinomial) {
  check_fused(1031, 9, 3, true, true, true);
  check_fused(300, 40, 4, true, false, true);
}

// The float32 copies written during the scaling pass (make_scaling_and_copy, what
// make_problem uses) are laid out as the problem's own lazily made ones, with the same
// scaling as make_scaling alone; on 1, 2 and 3 threads, for a last panel that is short
// and one that is not, with zero-weight rows.
TEST(LogisticFusedPass, CopiesMadeWhileScalingMatchTheLazyCopies) {
  for (const Index n : {Index{700}, Index{650}}) {
    const Index p = 1000;  // float_panel_rows(1000) = 65: 700 rows = 10 panels + 50, 650 = 10
    ASSERT_EQ(detail::float_panel_rows(p), 65);
    TestProblem t(n, p, 2, 5, false, true);
    Vector u = TestProblem::uniform(n);
    u[3] = 0.0;
    u /= u.sum();
    const detail::Scaling plain = detail::make_scaling(t.X, u, true, true);
    for (const int threads : {1, 2, 3}) {
      for (const auto layout : {detail::FloatLayout::columns, detail::FloatLayout::panels}) {
        detail::LargeBuffer<float> copy;
        const detail::Scaling sc = detail::make_scaling_and_copy(t.X, u, true, true, threads, layout, copy);
        ASSERT_NE(copy.get(), nullptr);
        EXPECT_EQ(sc.center, plain.center);
        EXPECT_EQ(sc.scale, plain.scale);
        EXPECT_EQ(sc.excluded, plain.excluded);
        EXPECT_TRUE(sc.all_finite);
        if (layout == detail::FloatLayout::columns) {
          ASSERT_EQ(Eigen::MatrixXf(detail::FloatColumns(copy.get(), n, p)), Eigen::MatrixXf(t.prob.float_copy()))
              << n << " " << threads;
        } else {
          const auto& fp = t.prob.float_panels();
          ASSERT_EQ(fp.rows, 65);
          for (Index i = 0; i < n * p; ++i)
            ASSERT_EQ(copy.get()[i], fp.data.get()[i]) << n << " " << threads << " at " << i;
        }
      }
    }
    // A NaN in X: the scaling says so (make_problem then names it).
    Matrix bad = t.d.X;
    bad(5, 7) = std::numeric_limits<double>::quiet_NaN();
    detail::LargeBuffer<float> copy;
    EXPECT_FALSE(detail::make_scaling_and_copy(DenseView(bad.data(), n, p), u, true, true, 2,
                                               detail::FloatLayout::panels, copy).all_finite);
  }
}

// Sparse X: X A over column ranges on several threads (partial sums added in thread
// order) equals the one-thread CSC product, for one and several coefficient columns; the
// threaded path starts at 200,000 stored entries.
TEST(LogisticSparseProducts, ThreadedTimesEqualsTheSerialProduct) {
  const Index n = 3000, p = 700;
  Matrix D = Matrix::Zero(n, p);
  test::Gaussian g(17);
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i)
      if ((i * 31 + j * 17) % 10 == 0) D(i, j) = g();
  const SparseMatrix S = D.sparseView();
  ASSERT_GE(S.nonZeros(), 200000);
  const SparseView X(S.rows(), S.cols(), S.nonZeros(), S.outerIndexPtr(), S.innerIndexPtr(), S.valuePtr());
  std::vector<int> codes(static_cast<std::size_t>(n), 0);
  codes[0] = 1;
  detail::LogisticProblem<SparseView> prob{X, detail::make_scaling(X, TestProblem::uniform(n), false, false),
                                           TestProblem::uniform(n), codes, 2, 1, false};
  for (const Index m : {Index{1}, Index{3}}) {
    Matrix A(p, m);
    for (Index c = 0; c < m; ++c)
      for (Index j = 0; j < p; ++j) A(j, c) = j % 5 == 0 ? 0.0 : g();
    const Matrix ref = D * A;
    for (const int threads : {1, 2, 3}) {
      prob.threads = threads;
      Matrix out;
      prob.times(A, out);
      ASSERT_EQ(out.rows(), n);
      ASSERT_EQ(out.cols(), m);
      EXPECT_LT(rel_diff(out, ref), 1e-14) << "threads " << threads << ", m " << m;
    }
  }
}

// TRON's float Hessian product on the row panels equals the double one to float
// rounding, and repeats bit for bit on three threads (per-thread sums are added in
// thread order; n is large enough for several 256 KB panels).
TEST(LogisticFloatHessian, MatchesTheDoubleProductAndIsDeterministic) {
  for (const bool multinomial : {false, true}) {
    const Index p = 40;
    TestProblem t(6000, p, multinomial ? 3 : 2, 19, multinomial, true);
    auto& prob = t.prob;
    const Index m = prob.m;
    test::Gaussian g(4);
    Matrix B(p, m), D(p, m);
    for (Index c = 0; c < m; ++c)
      for (Index j = 0; j < p; ++j) {
        B(j, c) = 0.1 * g();
        D(j, c) = g();
      }
    RowVector b = RowVector::Constant(m, 0.2), d0 = RowVector::Constant(m, -0.3);
    prob.threads = 1;
    const TwoPass at = two_pass(prob, B, b);
    Matrix ref;
    RowVector ref0;
    prob.hessian_times(at.P, D, d0, ref, ref0);  // double: Z' T, T = Hessian weights * (Z D + d0)
    prob.float_hessian = true;
    prob.threads = 3;
    Matrix H1, H2;
    RowVector h1, h2;
    prob.hessian_times(at.P, D, d0, H1, h1);
    prob.hessian_times(at.P, D, d0, H2, h2);
    EXPECT_LT(rel_diff(H1, ref), 1e-5) << "multinomial " << multinomial;
    EXPECT_LT((h1 - ref0).norm(), 1e-5 * std::max(1.0, ref0.norm()));
    EXPECT_EQ(H1, H2);
    EXPECT_EQ(h1, h2);
  }
}

// L-BFGS with its float phase (prob.float_gradient) and without it reach the same optimum
// of the exact problem: KKT below tol in double, the same objective and coefficients.
void check_float_phase(Index n, Index p, Index k, bool multinomial, bool intercept) {
  TestProblem t(n, p, k, 41 + static_cast<std::uint64_t>(k), multinomial, intercept);
  auto& prob = t.prob;
  const Index m = prob.m;
  prob.threads = 2;
  detail::PenaltySetup pen;
  pen.lambda = 2e-3;
  pen.pf = Vector::Ones(p);
  detail::SolveControl ctl;
  ctl.tol = 1e-10;
  auto solve = [&](bool float_phase, detail::Iterate<DenseView>& it) {
    prob.float_gradient = float_phase;
    it.B = Matrix::Zero(p, m);
    it.b = RowVector::Zero(m);
    it.current = false;
    return detail::solve_lbfgs(prob, pen, ctl, it);
  };
  detail::Iterate<DenseView> exact, mixed;
  const detail::SolveStats se = solve(false, exact), sm = solve(true, mixed);
  ASSERT_TRUE(se.converged) << se.iterations << " iterations, KKT " << se.max_kkt_violation;
  ASSERT_TRUE(sm.converged) << sm.iterations << " iterations, KKT " << sm.max_kkt_violation;
  // The float phase ran (and did part of the work), and only where asked for.
  EXPECT_GT(sm.float_iterations, 0);
  EXPECT_LE(sm.float_iterations, sm.iterations);
  EXPECT_EQ(se.float_iterations, 0);
  EXPECT_LE(sm.max_kkt_violation, ctl.tol);
  EXPECT_NEAR(sm.objective, se.objective, 1e-13 * se.objective);
  EXPECT_LT(rel_diff(mixed.B, exact.B), 1e-7);
  EXPECT_LT((mixed.b - exact.b).norm(), 1e-7 * std::max(1.0, exact.b.norm()));
}

TEST(LogisticLbfgs, FloatPhaseReachesTheExactOptimum) {
  check_float_phase(600, 30, 2, false, true);
  check_float_phase(500, 25, 2, false, false);
  check_float_phase(700, 20, 4, true, true);
}

// Proximal Newton (L1 and elastic net) with and without Anderson extrapolation of the
// coordinate-descent iterates, on the float columns and on X itself: both reach KKT below
// tol in double and the same objective; extrapolation needs fewer coordinate updates.
void check_anderson(bool float_columns, double alpha) {
  const Index p = 120;
  TestProblem t(800, p, 2, 77, false, true);
  auto& prob = t.prob;
  prob.float_columns = float_columns;
  detail::PenaltySetup pen;
  pen.alpha = alpha;
  pen.pf = Vector::Ones(p);
  detail::SolveControl ctl;
  ctl.tol = 1e-9;
  long updates[2] = {0, 0};
  for (const double lambda : {2e-2, 2e-3, 3e-4}) {
    pen.lambda = lambda;
    detail::SolveStats st[2];
    double F[2];
    for (const bool anderson : {false, true}) {
      detail::Iterate<DenseView> it;
      it.B = Matrix::Zero(p, 1);
      it.b = RowVector::Zero(1);
      ctl.anderson = anderson;
      st[anderson] = detail::solve_proximal_newton(prob, pen, ctl, it);
      F[anderson] = st[anderson].objective;
      ASSERT_TRUE(st[anderson].converged) << "anderson " << anderson << " lambda " << lambda;
      EXPECT_LE(st[anderson].max_kkt_violation, ctl.tol);
    }
    EXPECT_NEAR(F[1], F[0], 1e-12 * F[0]) << "lambda " << lambda;
    EXPECT_LE(st[1].coordinate_updates, st[0].coordinate_updates) << "lambda " << lambda;
    updates[0] += st[0].coordinate_updates;
    updates[1] += st[1].coordinate_updates;
  }
  EXPECT_LT(updates[1], updates[0]);  // extrapolation was taken, and it helped
}

TEST(LogisticProximalNewton, AndersonExtrapolationKeepsTheOptimum) {
  check_anderson(true, 1.0);
  check_anderson(false, 1.0);
  check_anderson(true, 0.5);
}

// The blocked float reductions of coordinate descent's float state equal the plain sums in
// double of the same float operands to float rounding, for lengths that are and are not
// multiples of the lane count and of the block; the float axpy equals the double one.
TEST(LogisticProximalNewton, FloatStateReductionsEqualPlainSums) {
  test::Gaussian g(9);
  for (const Index n : {1, 15, 64, 65, 100, 1023, 1024, 1025, 3000}) {
    Eigen::MatrixXf X(n, 2);
    detail::FloatVector w(n), r(n);
    for (Index i = 0; i < n; ++i) {
      X(i, 0) = static_cast<float>(g());
      X(i, 1) = static_cast<float>(g());
      w[i] = static_cast<float>(0.25 + std::abs(g()));
      r[i] = static_cast<float>(g());
    }
    double dot = 0.0, a = 0.0, b = 0.0, scale = 0.0;
    for (Index i = 0; i < n; ++i) {
      const double x = static_cast<double>(X(i, 1)), wi = static_cast<double>(w[i]);
      const double ri = static_cast<double>(r[i]);
      dot += x * wi * ri;
      a += x * wi;
      b += x * x * wi;
      scale += std::abs(x * wi * ri) + std::abs(x * wi) + x * x * wi;
    }
    double xw = 0.0, x2w = 0.0;
    const detail::FloatColumns Xc(X.data(), n, 2);
    detail::weighted_sums(Xc, 1, w, xw, x2w);
    // Float products (2 roundings) and sums of kFloatBlock / kFloatLanes = 16 terms.
    const double tol = 40.0 * std::numeric_limits<float>::epsilon() * scale;
    EXPECT_NEAR(detail::weighted_dot(Xc, 1, w, r), dot, tol) << n;
    EXPECT_NEAR(xw, a, tol) << n;
    EXPECT_NEAR(x2w, b, tol) << n;
    EXPECT_NE(detail::weighted_dot(Xc, 1, w, r), 0.0) << n;
    detail::FloatVector y = r;
    detail::column_axpy(Xc, 1, 0.75, y);
    for (Index i = 0; i < n; ++i)
      EXPECT_NEAR(y[i], r[i] + 0.75 * X(i, 1), 1e-6 * (std::abs(r[i]) + std::abs(X(i, 1)))) << n;
  }
}

// The path's predicted step (detail::predict_step): u is the change of the linear predictor
// that (d, d0) makes, u = Z d + d0, also when a coefficient that was nonzero at the previous
// lambda is zero now (it is left out of d and its share taken out of u); d is the solution's
// change times the ratio of the lambda steps.
TEST(LogisticPath, PredictedStepMatchesItsLinearPredictor) {
  const Index p = 30;
  for (const bool intercept : {true, false}) {
    TestProblem t(200, p, 2, 41, false, intercept);
    auto& prob = t.prob;
    detail::PenaltySetup pen;
    pen.alpha = 1.0;
    pen.pf = Vector::Ones(p);
    pen.lambda = 0.02;
    detail::SolveControl ctl;
    ctl.tol = 1e-10;
    detail::Iterate<DenseView> it;
    it.B = Matrix::Zero(p, 1);
    it.b = RowVector::Zero(1);
    ASSERT_TRUE(detail::solve_proximal_newton(prob, pen, ctl, it).converged);
    Index zero = -1;
    for (Index j = 0; j < p && zero < 0; ++j)
      if (it.B(j, 0) == 0.0) zero = j;
    ASSERT_GE(zero, 0);
    // The previous solution: this one moved, with `zero` nonzero there (it left the model).
    Matrix Bprev = it.B * 1.1;
    Bprev(zero, 0) = 0.3;
    const RowVector bprev = it.b.array() - 0.05;
    Matrix eta_prev;
    prob.linear(Bprev, intercept ? bprev : RowVector::Zero(1), eta_prev);
    detail::SolveControl::StartStep before{Bprev.col(0), eta_prev.col(0), bprev[0]}, out;
    detail::predict_step(prob, it, before, 0.015, 0.02, 0.025, out);
    const double ratio = (0.02 - 0.015) / (0.025 - 0.02);
    ASSERT_EQ(out.d.size(), p);
    EXPECT_EQ(out.d[zero], 0.0);
    for (Index j = 0; j < p; ++j) {
      if (j != zero) {
        EXPECT_NEAR(out.d[j], ratio * (it.B(j, 0) - Bprev(j, 0)), 1e-15) << j;
      }
    }
    EXPECT_NEAR(out.d0, ratio * (it.b[0] - bprev[0]), 1e-15);
    Matrix U;
    prob.linear(out.d, RowVector::Constant(1, intercept ? out.d0 : 0.0), U);
    EXPECT_LT((out.u - U.col(0)).cwiseAbs().maxCoeff(), 1e-12 * (1.0 + U.cwiseAbs().maxCoeff()));
    // Coordinate descent from that start keeps its state xs + o equal to Z d + d0 (and so
    // minimises the right model), in double on X and in float on the float copy (to the
    // float state's drift, which stops where it goes on in double).
    std::vector<Index> ws;
    for (Index j = 0; j < p; ++j)
      if (it.B(j, 0) != 0.0 || j % 3 == 0) ws.push_back(j);
    const Vector w = (it.P.col(0).array() * (1.0 - it.P.col(0).array())).matrix() / 200.0;
    for (const bool float_columns : {false, true}) {
      prob.float_columns = float_columns;
      pen.lambda = 0.015;
      detail::ColumnModel<DenseView> model(prob, pen, true);
      model.solve(w, it.G.col(0), it.g0[0], it.B.col(0), ws, 1e-12, 100, &out);
      Vector u;
      model.exact_direction(ws, u);
      const Vector state = float_columns ? Vector(model.xs_f.cast<double>()) : model.xs;
      const double err = ((state.array() + model.o).matrix() - u).cwiseAbs().maxCoeff();
      EXPECT_LT(err, (float_columns ? 1e-5 : 1e-12) * (1.0 + u.cwiseAbs().maxCoeff())) << float_columns;
      EXPECT_GT(u.cwiseAbs().maxCoeff(), 0.0);
      // A tolerance below the float state's rounding floor: it goes on in double instead of
      // sweeping max_sweeps times at the floor (192,100 updates before the switch; 483 now).
      EXPECT_LT(model.updates, 5000) << float_columns;
    }
  }
}

// A lasso path large enough for the float columns (n p >= 1e6) and Anderson extrapolation,
// with the predicted starts: every lambda's solution satisfies KKT in double and has the
// objective of a fit from scratch at that lambda.
TEST(LogisticPath, FloatColumnPathMatchesFitsFromScratch) {
  const Index n = 2000, p = 500;
  TestProblem t(n, p, 2, 52, false, true);
  LogisticOptions o;
  o.alpha = 1.0;
  o.tol = 1e-7;
  PathOptions path;
  path.lambda_count = 12;
  path.lambda_min_ratio = 0.02;
  const LogisticPath res = logistic_path(Design(t.d.X), t.labels, o, path);
  ASSERT_EQ(res.size(), 12);
  EXPECT_GT(res.df.back(), 50);
  for (const Index k : {Index{3}, Index{7}, Index{11}}) {
    EXPECT_TRUE(res.converged[static_cast<std::size_t>(k)]) << k;
    EXPECT_LE(res.max_kkt_violation[k], o.tol) << k;
    const LogisticFit scratch = fit_logistic(Design(t.d.X), t.labels, res.lambdas[k], o);
    EXPECT_NEAR(res.objective[k], scratch.objective, 1e-10 * scratch.objective) << k;
  }
}

// Through the public API: dense L2 with n p >= 1e6 turns the float phase on for solver
// lbfgs; TRON (float Hessian products, double gradient) must agree with it.
TEST(LogisticLbfgs, LargeDenseFitMatchesTrustRegionNewton) {
  const Index n = 1000, p = 1000;
  const Problem d = make_problem(n, p, 2, 5);
  const Labels labels = encode_labels(d.y);
  const Design X = d.X;
  LogisticOptions o;
  o.tol = 1e-8;
  o.solver = LogisticSolver::trust_region_newton;
  const double lambda = 1e-2;
  const LogisticFit tron = fit_logistic(X, labels, lambda, o);
  o.solver = LogisticSolver::lbfgs;
  const LogisticFit lbfgs = fit_logistic(X, labels, lambda, o);
  ASSERT_TRUE(tron.converged);
  ASSERT_TRUE(lbfgs.converged);
  EXPECT_LE(lbfgs.max_kkt_violation, o.tol);
  EXPECT_NEAR(lbfgs.objective, tron.objective, 1e-11 * tron.objective);
  EXPECT_LT(rel_diff(lbfgs.coef, tron.coef), 1e-5);
}

}  // namespace
}  // namespace regkit::linear
