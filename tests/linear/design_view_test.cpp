// The DesignView entry points of the gaussian solvers (linear/elastic_net.hpp,
// linear/ridge.hpp): a view of caller-owned memory (how the Python module hands NumPy and
// SciPy arrays in) gives bit-for-bit the fit of the owned Design, dense and sparse, and
// the solvers neither copy nor write the viewed memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "regkit/linear/elastic_net.hpp"
#include "regkit/linear/ridge.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

using test::linear_target;
using test::random_matrix;
using test::random_sparse;

TEST(DesignView, ElasticNetOnViewsEqualsOwnedDesign) {
  const Matrix X = random_matrix(60, 12, 3);
  const Vector y = linear_target(X, 4);
  const SparseMatrix S = random_sparse(60, 12, 0.3, 5);
  const Vector ys = linear_target(Matrix(S), 6);
  ElasticNetOptions o;
  o.alpha = 0.7;
  for (const bool sparse : {false, true}) {
    const Design owned = sparse ? Design(S) : Design(X);
    const Vector& target = sparse ? ys : y;
    // A separate buffer, as a NumPy array would be: the view must not need the Design.
    std::vector<double> buffer(X.data(), X.data() + X.size());
    const DesignView v = sparse ? view(owned) : DesignView(DenseView(buffer.data(), 60, 12));
    const PathResult a = elastic_net_path(owned, target, o);
    const PathResult b = elastic_net_path(v, target, o);
    EXPECT_EQ(a.coefs, b.coefs);
    EXPECT_EQ(a.intercepts, b.intercepts);
    const FitResult fa = fit_elastic_net(owned, target, a.lambdas[10], o);
    const FitResult fb = fit_elastic_net(v, target, a.lambdas[10], o);
    EXPECT_EQ(fa.coef, fb.coef);
    EXPECT_EQ(fa.intercept, fb.intercept);
    EXPECT_EQ(lambda_max(owned, target, o), lambda_max(v, target, o));
    if (!sparse) {
      EXPECT_TRUE(std::equal(buffer.begin(), buffer.end(), X.data()));  // not written
    }
  }
}

TEST(DesignView, RidgeOnViewsEqualsOwnedDesign) {
  const Matrix X = random_matrix(40, 8, 7);
  const Vector y = linear_target(X, 8);
  const SparseMatrix S = random_sparse(40, 8, 0.4, 9);
  RidgeOptions o;
  for (const bool sparse : {false, true}) {
    const Design owned = sparse ? Design(S) : Design(X);
    const DesignView v = view(owned);
    const FitResult a = fit_ridge(owned, y, 0.3, o);
    const FitResult b = fit_ridge(v, y, 0.3, o);
    EXPECT_EQ(a.coef, b.coef);
    EXPECT_EQ(a.intercept, b.intercept);
    const Vector lambdas = Vector::LinSpaced(5, 0.01, 1.0);
    EXPECT_EQ(ridge_path(owned, y, lambdas, o).coefs, ridge_path(v, y, lambdas, o).coefs);
    EXPECT_EQ(ridge_loo(owned, y, lambdas, o).loo_mse, ridge_loo(v, y, lambdas, o).loo_mse);
  }
}

}  // namespace
}  // namespace regkit::linear
