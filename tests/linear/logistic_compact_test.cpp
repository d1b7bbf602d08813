// The compact copy of sparse X (CompactColumns: 16-bit rows in blocks, float32 values)
// and the L-BFGS phase on it: its products equal exact products with X's values rounded to
// float, for one and several row blocks, any thread count and several coefficient columns;
// its gradient-noise bound holds; L-BFGS with the phase reaches the optimum of L-BFGS
// without it; and a NaN or inf in sparse X is still a named error now that the scaling
// pass, not a separate pass, finds it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "../../src/linear/logistic_solvers.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/linear/logistic.hpp"
#include "support/logistic_data.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

using detail::RowVector;

double rel_diff(const Matrix& a, const Matrix& b) { return (a - b).norm() / std::max(1e-300, b.norm()); }

// A sparse n x p matrix with about a quarter of its entries stored, scaled per column,
// with an empty column (p / 2) and an empty row (n / 3).
SparseMatrix quarter_sparse(Index n, Index p, std::uint64_t seed) {
  test::Gaussian g(seed);
  Matrix D = Matrix::Zero(n, p);
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i)
      if ((i * 7 + j * 3) % 4 == 0 && j != p / 2 && i != n / 3)
        D(i, j) = (1.0 + 0.3 * static_cast<double>(j)) * g() + 0.1 * static_cast<double>(j);
  SparseMatrix S = D.sparseView();
  S.makeCompressed();
  return S;
}

SparseView view_of(const SparseMatrix& S) {
  return {S.rows(), S.cols(), S.nonZeros(), S.outerIndexPtr(), S.innerIndexPtr(), S.valuePtr()};
}

TEST(CompactColumns, ProductsEqualExactProductsWithFloatRoundedValues) {
  const Index n = 301, p = 47;
  const SparseMatrix S = quarter_sparse(n, p, 3);
  SparseMatrix Sf = S;  // the values the copy holds, exactly
  for (Index q = 0; q < Sf.nonZeros(); ++q)
    Sf.valuePtr()[q] = static_cast<double>(static_cast<float>(Sf.valuePtr()[q]));
  ASSERT_GT((Matrix(S) - Matrix(Sf)).norm(), 0.0);  // the rounding is there to see
  test::Gaussian g(11);
  for (const Index block_rows : {Index{7}, Index{64}, Index{301}, detail::CompactColumns::kMaxBlockRows}) {
    const detail::CompactColumns C(n, p, S.outerIndexPtr(), S.innerIndexPtr(), S.valuePtr(), block_rows);
    EXPECT_EQ(C.blocks(), (n + std::min(block_rows, n) - 1) / std::min(block_rows, n));
    for (Index j = 0; j < p; ++j) EXPECT_NEAR(C.column_norm(j), S.col(j).norm(), 1e-12 * (1.0 + S.col(j).norm()));
    for (const Index m : {Index{1}, Index{3}}) {
      Matrix A(p, m), R(n, m);
      for (Index c = 0; c < m; ++c) {
        for (Index j = 0; j < p; ++j) A(j, c) = j % 5 == 0 ? 0.0 : g();  // zeros are skipped
        for (Index i = 0; i < n; ++i) R(i, c) = g();
      }
      const Matrix XA = Sf * A, XtR = Sf.transpose() * R;
      for (const int threads : {1, 2, 3}) {
        Matrix out;
        C.times(A, out, threads);
        EXPECT_LT(rel_diff(out, XA), 1e-14) << block_rows << " " << m << " " << threads;
        EXPECT_EQ(out.row(n / 3).norm(), 0.0);
        C.adjoint_times(R, out, threads);
        EXPECT_LT(rel_diff(out, XtR), 1e-14) << block_rows << " " << m << " " << threads;
        EXPECT_EQ(out(p / 2, 0), 0.0);
      }
    }
  }
  // The copy make_problem fills column by column during the scaling pass (one block, any
  // column order) is the same copy.
  {
    detail::CompactColumns filled = detail::CompactColumns::single_block(n, p, S.outerIndexPtr());
    for (Index j = p; j-- > 0;) filled.fill_column(j, S.outerIndexPtr(), S.innerIndexPtr(), S.valuePtr());
    const detail::CompactColumns made(n, p, S.outerIndexPtr(), S.innerIndexPtr(), S.valuePtr());
    Matrix A(p, 2), R(n, 2), a, b;
    for (Index j = 0; j < p; ++j) A(j, 0) = g(), A(j, 1) = g();
    for (Index i = 0; i < n; ++i) R(i, 0) = g(), R(i, 1) = g();
    filled.times(A, a, 1);
    made.times(A, b, 1);
    EXPECT_EQ(a, b);
    filled.adjoint_times(R, a, 2);
    made.adjoint_times(R, b, 2);
    EXPECT_EQ(a, b);
    for (Index j = 0; j < p; ++j) EXPECT_EQ(filled.column_norm(j), made.column_norm(j));
  }
  // Empty shapes.
  const std::vector<int> outer(1, 0);
  const detail::CompactColumns none(0, 0, outer.data(), nullptr, nullptr);
  Matrix out;
  none.times(Matrix(0, 1), out, 2);
  EXPECT_EQ(out.size(), 0);
}

// The problem's compact gradient differs from the exact one by at most the bound
// compact_gradient_noise gives, with centring and scaling, on one and several blocks.
TEST(CompactColumns, GradientNoiseBoundHolds) {
  const Index n = 400, p = 30;
  const SparseMatrix S = quarter_sparse(n, p, 5);
  const SparseView X = view_of(S);
  std::vector<int> codes(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) codes[static_cast<std::size_t>(i)] = static_cast<int>(i % 2);
  const Vector u = Vector::Ones(n) / static_cast<double>(n);
  for (const Index block_rows : {Index{50}, detail::CompactColumns::kMaxBlockRows}) {
    detail::LogisticProblem<SparseView> prob{X, detail::make_scaling(X, u, true, true), u, codes, 2, 1, true};
    prob.compact_block_rows = block_rows;
    test::Gaussian g(9);
    Matrix R(n, 1);
    for (Index i = 0; i < n; ++i) R(i, 0) = g();
    Matrix G, Gf;
    RowVector g0, g0f;
    prob.adjoint(R, G, g0);
    prob.compact_adjoint(R, Gf, g0f);
    const double bound = prob.compact_gradient_noise(R);
    EXPECT_GT((G - Gf).cwiseAbs().maxCoeff(), 0.0);
    EXPECT_LE((G - Gf).cwiseAbs().maxCoeff(), bound);
    EXPECT_LT(bound, 1e-5 * G.cwiseAbs().maxCoeff());
    EXPECT_EQ(g0, g0f);
  }
}

// L-BFGS with the compact phase (prob.float_gradient on sparse X) converges to L-BFGS's
// optimum without it, the phase doing the iterations; binomial and multinomial, with and
// without an intercept, one and several row blocks, one and two threads; from a warm start
// it is skipped.
TEST(CompactColumns, LbfgsPhaseReachesTheExactOptimum) {
  for (const Index k : {Index{2}, Index{3}}) {
    const Index n = 900, p = 60;
    const test::LabeledData d = test::make_labeled(n, p, k, 23);
    Matrix D = d.X;
    for (Index j = 0; j < p; ++j)
      for (Index i = 0; i < n; ++i)
        if ((i * 7 + j * 3) % 4 != 0) D(i, j) = 0.0;
    SparseMatrix S = D.sparseView();
    S.makeCompressed();
    const SparseView X = view_of(S);
    const Labels labels = encode_labels(d.y);
    const Vector u = Vector::Ones(n) / static_cast<double>(n);
    for (const bool intercept : {true, false}) {
      const Index m = k == 2 ? 1 : k;
      for (const int threads : {1, 2}) {
        detail::LogisticProblem<SparseView> prob{X, detail::make_scaling(X, u, intercept, true), u, labels.codes,
                                                 k, m, intercept};
        prob.threads = threads;
        prob.compact_block_rows = threads == 1 ? 128 : detail::CompactColumns::kMaxBlockRows;
        detail::PenaltySetup pen;
        pen.lambda = 2e-3;
        pen.pf = Vector::Ones(p);
        detail::SolveControl ctl;
        ctl.tol = 1e-9;
        detail::Iterate<SparseView> exact, mixed;
        detail::SolveStats st[2];
        for (int q = 0; q < 2; ++q) {
          auto& it = q == 0 ? exact : mixed;
          prob.float_gradient = q == 1;
          it.B = Matrix::Zero(p, m);
          it.b = RowVector::Zero(m);
          st[q] = detail::solve_lbfgs(prob, pen, ctl, it);
          ASSERT_TRUE(st[q].converged) << k << intercept << threads;
        }
        EXPECT_EQ(st[0].float_iterations, 0);
        EXPECT_GT(st[1].float_iterations, st[1].iterations / 2) << k << intercept << threads;
        EXPECT_LT(rel_diff(mixed.B, exact.B), 1e-6) << k << intercept << threads;
        EXPECT_LT((mixed.b - exact.b).norm(), 1e-6 * std::max(1.0, exact.b.norm()));
        EXPECT_NEAR(st[1].objective, st[0].objective, 1e-12 * st[0].objective);
        // A warm start (a path's next lambda: the iterate is current) goes on in double.
        ASSERT_TRUE(mixed.current);
        pen.lambda = 1.5e-3;
        const detail::SolveStats warm = detail::solve_lbfgs(prob, pen, ctl, mixed);
        EXPECT_TRUE(warm.converged);
        EXPECT_EQ(warm.float_iterations, 0);
        EXPECT_GT(warm.iterations, 0);
      }
    }
  }
}

// fit_logistic on sparse X with a NaN or an inf (also in a row of weight zero) names the
// row and column; nothing is fitted.
TEST(CompactColumns, NonFiniteSparseValuesAreNamedErrors) {
  const Index n = 60, p = 8;
  const test::LabeledData d = test::make_labeled(n, p, 2, 4);
  const Labels labels = encode_labels(d.y);
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()}) {
    for (const bool zero_weight : {false, true}) {
      SparseMatrix S = d.X.sparseView();
      S.makeCompressed();
      S.coeffRef(9, 5) = bad;
      LogisticOptions options;
      options.sample_weight = Vector::Ones(n);
      if (zero_weight) options.sample_weight[9] = 0.0;
      try {
        (void)fit_logistic(DesignView(view_of(S)), labels, 0.01, options);
        ADD_FAILURE() << "no error for " << bad << " " << zero_weight;
      } catch (const InvalidArgument& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("fit_logistic"), std::string::npos) << what;
        EXPECT_NE(what.find("row 10, column 6"), std::string::npos) << what;
      }
    }
  }
}

}  // namespace
}  // namespace regkit::linear
