// Logistic solvers: gradient and Hessian-vector products against central differences,
// KKT conditions along paths, dense == sparse, weights, label errors, separable data.
#include "regkit/linear/logistic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "../../src/linear/logistic_objective.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/logistic_data.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

using detail::RowVector;

using Toy = test::LabeledData;

Toy make_toy(Index n, Index p, Index k, std::uint64_t seed) { return test::make_labeled(n, p, k, seed); }

SparseMatrix sparsify(const Matrix& X, double keep_every) {
  SparseMatrix S(X.rows(), X.cols());
  std::vector<Eigen::Triplet<double>> trips;
  Index count = 0;
  for (Index j = 0; j < X.cols(); ++j)
    for (Index i = 0; i < X.rows(); ++i)
      if ((count++ % static_cast<Index>(keep_every)) == 0) trips.emplace_back(i, j, X(i, j));
  S.setFromTriplets(trips.begin(), trips.end());
  return S;
}

template <class Map>
void check_derivatives(const Map& X, const Labels& labels, Index m, bool standardize) {
  const Index n = X.rows(), p = X.cols();
  Vector u = Vector::Ones(n) / static_cast<double>(n);
  detail::LogisticProblem<Map> prob{X, detail::make_scaling(X, u, true, standardize), Vector(n),
                                    labels.codes, labels.n_classes(), m, true};
  for (Index i = 0; i < n; ++i) prob.v[i] = u[i] * (1.0 + 0.5 * static_cast<double>(i % 3));
  test::Gaussian g(11);
  Matrix B(p, m);
  for (Index c = 0; c < m; ++c)
    for (Index j = 0; j < p; ++j) B(j, c) = 0.3 * g();
  RowVector b(m);
  for (Index c = 0; c < m; ++c) b[c] = 0.2 * g();
  Matrix D(p, m);
  for (Index c = 0; c < m; ++c)
    for (Index j = 0; j < p; ++j) D(j, c) = g();
  RowVector d0(m);
  for (Index c = 0; c < m; ++c) d0[c] = g();

  auto loss_at = [&](const Matrix& BB, const RowVector& bb) {
    Matrix eta;
    prob.linear(BB, bb, eta);
    return prob.loss(eta);
  };
  auto grad_at = [&](const Matrix& BB, const RowVector& bb, Matrix& G, RowVector& g0) {
    Matrix eta, P, R;
    prob.linear(BB, bb, eta);
    prob.loss_residual(eta, P, R);
    prob.adjoint(R, G, g0);
  };
  Matrix G;
  RowVector g0;
  grad_at(B, b, G, g0);
  const double h = 1e-6;
  for (Index c = 0; c < m; ++c) {
    for (Index j = 0; j < p; ++j) {
      Matrix Bp = B, Bm = B;
      Bp(j, c) += h;
      Bm(j, c) -= h;
      const double num = (loss_at(Bp, b) - loss_at(Bm, b)) / (2 * h);
      EXPECT_NEAR(G(j, c), num, 1e-7 * std::max(1.0, std::abs(num))) << "dB " << j << "," << c;
    }
    RowVector bp = b, bm = b;
    bp[c] += h;
    bm[c] -= h;
    const double num = (loss_at(B, bp) - loss_at(B, bm)) / (2 * h);
    EXPECT_NEAR(g0[c], num, 1e-7) << "db " << c;
  }
  // Hessian-vector product against central differences of the gradient.
  Matrix eta, P, R, HD, Gp, Gm;
  RowVector h0, gp0, gm0;
  prob.linear(B, b, eta);
  prob.loss_residual(eta, P, R);
  prob.hessian_times(P, D, d0, HD, h0);
  const double t = 1e-5;
  grad_at(B + t * D, b + t * d0, Gp, gp0);
  grad_at(B - t * D, b - t * d0, Gm, gm0);
  const Matrix num = (Gp - Gm) / (2 * t);
  const RowVector num0 = (gp0 - gm0) / (2 * t);
  for (Index c = 0; c < m; ++c) {
    for (Index j = 0; j < p; ++j)
      EXPECT_NEAR(HD(j, c), num(j, c), 1e-6 * std::max(1.0, std::abs(num(j, c)))) << "Hd " << j << "," << c;
    EXPECT_NEAR(h0[c], num0[c], 1e-6 * std::max(1.0, std::abs(num0[c])));
  }
}

TEST(LogisticObjective, GradientAndHessianMatchCentralDifferences) {
  const Toy bin = make_toy(60, 5, 2, 1);
  const Toy mul = make_toy(60, 5, 3, 2);
  const Labels lb = encode_labels(bin.y), lm = encode_labels(mul.y);
  const Design Xb = bin.X, Xm = mul.X;
  const Design Sb = sparsify(bin.X, 3), Sm = sparsify(mul.X, 3);
  for (bool standardize : {false, true}) {
    check_derivatives(std::get<DenseView>(view(Xb)), lb, 1, standardize);
    check_derivatives(std::get<DenseView>(view(Xm)), lm, 3, standardize);
    check_derivatives(std::get<SparseView>(view(Sb)), lb, 1, standardize);
    check_derivatives(std::get<SparseView>(view(Sm)), lm, 3, standardize);
  }
}

// KKT at an original-scale fit, checked here from the definition (standardized coords).
double kkt_check(const Matrix& X, const Labels& labels, const LogisticFit& fit,
                 const LogisticOptions& o) {
  const Index n = X.rows(), p = X.cols(), m = fit.coef.cols();
  Vector mean = X.colwise().mean().transpose();
  if (!o.fit_intercept) mean.setZero();
  Vector sd = Vector::Ones(p);
  if (o.standardize)
    for (Index j = 0; j < p; ++j) sd[j] = std::sqrt((X.col(j).array() - mean[j]).square().mean());
  Matrix eta = X * fit.coef;
  eta.rowwise() += fit.intercept.transpose();
  Matrix R(n, m);
  for (Index i = 0; i < n; ++i) {
    const int y = labels.codes[static_cast<std::size_t>(i)];
    if (m == 1) {
      R(i, 0) = (1.0 / (1.0 + std::exp(-eta(i, 0))) - (y == 1)) / static_cast<double>(n);
    } else {
      const Vector e = (eta.row(i).array() - eta.row(i).maxCoeff()).exp().transpose();
      for (Index c = 0; c < m; ++c) R(i, c) = (e[c] / e.sum() - (y == c)) / static_cast<double>(n);
    }
  }
  double worst = 0.0;
  if (o.fit_intercept) worst = R.colwise().sum().cwiseAbs().maxCoeff() / fit.lambda;
  for (Index j = 0; j < p; ++j)
    for (Index c = 0; c < m; ++c) {
      const double g = (X.col(j) - Vector::Constant(n, mean[j])).dot(R.col(c)) / sd[j];
      const double beta = fit.coef(j, c) * sd[j];
      const double l1 = fit.lambda * o.alpha, l2 = fit.lambda * (1 - o.alpha);
      const double v = beta != 0.0 ? std::abs(g + l2 * beta + (beta > 0 ? l1 : -l1))
                                   : std::max(0.0, std::abs(g) - l1);
      worst = std::max(worst, v / fit.lambda);
    }
  return worst;
}

TEST(LogisticPath, LassoPathSatisfiesKktAtEveryLambda) {
  const Toy t = make_toy(150, 12, 2, 5);
  const Labels labels = encode_labels(t.y);
  LogisticOptions o;
  o.alpha = 1.0;
  PathOptions path;
  path.lambda_count = 30;
  const LogisticPath res = logistic_path(Design(t.X), labels, o, path);
  ASSERT_EQ(res.size(), 30);
  EXPECT_EQ(res.df.front(), 0);
  EXPECT_GT(res.df.back(), 5);
  for (Index k = 0; k < res.size(); ++k) {
    EXPECT_TRUE(res.converged[static_cast<std::size_t>(k)]);
    EXPECT_LT(kkt_check(t.X, labels, res.at(k), o), 1e-6) << "lambda index " << k;
  }
  // lambda_max: zero at lambda_max, nonzero just below.
  const double lmax = logistic_lambda_max(Design(t.X), labels, o);
  EXPECT_NEAR(res.lambdas[0], lmax, 1e-12 * lmax);
  const LogisticFit below = fit_logistic(Design(t.X), labels, 0.99 * lmax, o);
  EXPECT_GT((below.coef.array() != 0.0).count(), 0);
}

TEST(LogisticPath, MultinomialElasticNetPathSatisfiesKkt) {
  const Toy t = make_toy(120, 6, 3, 9);
  const Labels labels = encode_labels(t.y);
  LogisticOptions o;
  o.alpha = 0.5;
  std::string warnings;
  o.log = [&](LogLevel, std::string_view msg) { warnings += std::string(msg) + "\n"; };
  PathOptions path;
  path.lambda_count = 10;
  const LogisticPath res = logistic_path(Design(t.X), labels, o, path);
  EXPECT_EQ(warnings, "");
  for (Index k = 0; k < res.size(); ++k) {
    EXPECT_TRUE(res.converged[static_cast<std::size_t>(k)]);
    EXPECT_LT(kkt_check(t.X, labels, res.at(k), o), 1e-6) << "lambda index " << k;
  }
}

TEST(LogisticFit, DenseAndSparseAgreeWithWeights) {
  const Toy t = make_toy(100, 6, 2, 3);
  const Labels labels = encode_labels(t.y);
  const Matrix Xs = Matrix(sparsify(t.X, 2));
  LogisticOptions o;
  o.alpha = 0.7;
  o.sample_weight = Vector::LinSpaced(100, 0.5, 2.0);
  o.class_weight = Vector::Constant(2, 1.0);
  o.class_weight[1] = 2.0;
  for (double alpha : {0.0, 0.7}) {
    o.alpha = alpha;
    const LogisticFit d = fit_logistic(Design(Xs), labels, 0.01, o);
    const LogisticFit s = fit_logistic(Design(sparsify(t.X, 2)), labels, 0.01, o);
    EXPECT_TRUE(d.converged && s.converged);
    EXPECT_LT((d.coef - s.coef).cwiseAbs().maxCoeff(), 1e-7);
    EXPECT_NEAR(d.intercept[0], s.intercept[0], 1e-7);
    EXPECT_NEAR(d.objective, s.objective, 1e-12);
  }
  // Integer sample weights == repeated rows.
  Vector w = Vector::Ones(100);
  w[3] = 3;
  w[10] = 2;
  LogisticOptions ow;
  ow.sample_weight = w;
  Matrix Xr(103, 6);
  Vector yr(103);
  Xr.topRows(100) = t.X;
  yr.head(100) = t.y;
  Xr.row(100) = t.X.row(3); Xr.row(101) = t.X.row(3); Xr.row(102) = t.X.row(10);
  yr[100] = t.y[3]; yr[101] = t.y[3]; yr[102] = t.y[10];
  const LogisticFit a = fit_logistic(Design(t.X), labels, 0.02, ow);
  const LogisticFit b = fit_logistic(Design(Xr), encode_labels(yr), 0.02, LogisticOptions{});
  EXPECT_LT((a.coef - b.coef).cwiseAbs().maxCoeff(), 1e-7);
}

TEST(LogisticFit, SolversAgreeOnL2) {
  const Toy t = make_toy(200, 7, 3, 4);
  const Labels labels = encode_labels(t.y);
  for (LogisticFamily fam : {LogisticFamily::binomial, LogisticFamily::multinomial}) {
    Labels l = labels;
    Vector y = t.y;
    if (fam == LogisticFamily::binomial) {
      for (Index i = 0; i < y.size(); ++i) y[i] = y[i] > 0 ? 1 : 0;
      l = encode_labels(y);
    }
    LogisticOptions o;
    o.family = fam;
    o.solver = LogisticSolver::trust_region_newton;
    const LogisticFit tron = fit_logistic(Design(t.X), l, 0.003, o);
    o.solver = LogisticSolver::lbfgs;
    const LogisticFit lbfgs = fit_logistic(Design(t.X), l, 0.003, o);
    o.solver = LogisticSolver::proximal_newton;
    const LogisticFit pn = fit_logistic(Design(t.X), l, 0.003, o);
    EXPECT_TRUE(tron.converged && lbfgs.converged && pn.converged);
    EXPECT_LT((tron.coef - lbfgs.coef).cwiseAbs().maxCoeff(), 1e-6);
    EXPECT_LT((tron.coef - pn.coef).cwiseAbs().maxCoeff(), 1e-6);
    EXPECT_LT((tron.intercept - pn.intercept).cwiseAbs().maxCoeff(), 1e-6);
  }
}

TEST(LogisticFit, SeparableDataStaysFinite) {
  Matrix X(40, 2);
  Vector y(40);
  test::Gaussian g(3);
  for (Index i = 0; i < 40; ++i) {
    X(i, 0) = g() + (i < 20 ? 3.0 : -3.0);
    X(i, 1) = g();
    y[i] = i < 20 ? 1 : 0;
  }
  const Labels labels = encode_labels(y);
  std::vector<std::string> warnings;
  LogisticOptions o;
  o.max_iter = 50;
  o.log = [&](LogLevel, std::string_view msg) { warnings.emplace_back(msg); };
  for (LogisticSolver s : {LogisticSolver::trust_region_newton, LogisticSolver::lbfgs,
                           LogisticSolver::proximal_newton}) {
    o.solver = s;
    warnings.clear();
    const LogisticFit fit = fit_logistic(Design(X), labels, 0.0, o);
    EXPECT_TRUE(fit.coef.allFinite() && fit.intercept.allFinite());
    EXPECT_FALSE(fit.converged);
    ASSERT_FALSE(warnings.empty());
    EXPECT_NE(warnings[0].find("separable"), std::string::npos) << warnings[0];
  }
  // With lambda > 0 the optimum is finite and the solvers converge.
  o.solver = LogisticSolver::automatic;
  o.max_iter = 1000;
  warnings.clear();
  const LogisticFit l2 = fit_logistic(Design(X), labels, 1e-4, o);
  EXPECT_TRUE(l2.converged);
  EXPECT_TRUE(warnings.empty());
  o.alpha = 1.0;
  const LogisticFit l1 = fit_logistic(Design(X), labels, 1e-4, o);
  EXPECT_TRUE(l1.converged);
  EXPECT_TRUE(l1.coef.allFinite());
}

TEST(LogisticLabels, BadLabelsAreNamedErrors) {
  Vector one = Vector::Constant(5, 2.0);
  REGKIT_EXPECT_ERROR(encode_labels(one, "train.csv"), InvalidArgument, "train.csv: all 5 labels are 2 (a single class)");
  Vector frac(3);
  frac << 0, 1, 1.5;
  REGKIT_EXPECT_ERROR(encode_labels(frac), InvalidArgument, "label at row 3 is 1.5, not an integer");
  Vector nan(3);
  nan << 0, std::nan(""), 1;
  REGKIT_EXPECT_ERROR(encode_labels(nan), InvalidArgument, "label at row 2 is nan");
  Vector y(4);
  y << 3, -1, 3, 7;
  const Labels l = encode_labels(y);
  EXPECT_EQ(l.n_classes(), 3);
  EXPECT_EQ(l.codes, (std::vector<int>{1, 0, 1, 2}));
  LogisticOptions o;
  o.family = LogisticFamily::binomial;
  REGKIT_EXPECT_ERROR(fit_logistic(Design(Matrix::Ones(4, 2)), l, 0.1, o), InvalidArgument,
                      "family binomial needs 2 classes");
  o = LogisticOptions{};
  o.alpha = 0.5;
  o.solver = LogisticSolver::lbfgs;
  REGKIT_EXPECT_ERROR(o.validate(4, 2), InvalidArgument, "needs alpha == 0");
}

TEST(LogisticPredict, ProbabilitiesAndLabels) {
  const Toy t = make_toy(80, 4, 3, 6);
  const Labels labels = encode_labels(t.y + Vector::Constant(80, 10.0));
  const LogisticFit fit = fit_logistic(Design(t.X), labels, 0.01, LogisticOptions{});
  const Matrix P = logistic_proba(fit, Design(t.X));
  EXPECT_LT((P.rowwise().sum().array() - 1.0).abs().maxCoeff(), 1e-12);
  const Vector pred = logistic_predict(fit, Design(t.X));
  Index correct = 0;
  for (Index i = 0; i < 80; ++i) correct += pred[i] == t.y[i] + 10.0;
  EXPECT_GT(correct, 40);
  EXPECT_NEAR(fit.intercept.sum(), 0.0, 1e-12);
}

}  // namespace
}  // namespace regkit::linear
