// Agreement with glmnet 4.1-6: lasso and elastic-net (alpha 0.5) paths on glmnet's own
// lambda grid. Reference values come from tests/reference/make_glmnet_reference.R.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "regkit/linear/elastic_net.hpp"
#include "support/regression_problems.hpp"

namespace regkit::linear {
namespace {

const std::string kReference = REGKIT_TEST_REFERENCE_DIR;

void expect_matches_glmnet(const std::string& file, double alpha, bool standardize_y) {
  const Matrix data = test::read_numeric_csv(kReference + "/enet_small_data.csv");
  const Index p = data.cols() - 1;
  const Matrix X = data.leftCols(p);
  Vector y = data.col(p);
  if (standardize_y) {
    const double mean = y.mean();
    y = ((y.array() - mean) / std::sqrt((y.array() - mean).square().mean())).matrix();
  }
  const Matrix reference = test::read_numeric_csv(kReference + "/" + file);
  ASSERT_EQ(reference.cols(), p + 2);
  ElasticNetOptions options;
  options.alpha = alpha;
  options.tol = 1e-14;
  PathOptions grid;
  grid.lambdas = reference.col(0);
  const PathResult path = elastic_net_path(X, y, options, grid);
  ASSERT_EQ(path.size(), reference.rows());
  // Relative to the size of the coefficient vector at that lambda (coefficients near a
  // kink are ~0 on both sides).
  for (Index k = 0; k < path.size(); ++k) {
    const Vector expected = reference.row(k).segment(2, p).transpose();
    const double size = std::max(1.0, expected.cwiseAbs().maxCoeff());
    for (Index j = 0; j < p; ++j)
      EXPECT_NEAR(path.coefs(j, k), expected[j], 1e-5 * size)
          << file << ": coef " << j << " at lambda " << reference(k, 0);
    EXPECT_NEAR(path.intercepts[k], reference(k, 1), 1e-5 * std::max(1.0, std::abs(reference(k, 1))))
        << file << ": intercept at lambda " << reference(k, 0);
  }
  // glmnet's first lambda is its lambda_max; ours agrees.
  EXPECT_NEAR(lambda_max(X, y, options), reference(0, 0), 1e-9 * reference(0, 0));
}

TEST(ElasticNetGlmnet, LassoPathMatchesGlmnet) {
  expect_matches_glmnet("glmnet_lasso_path.csv", 1.0, false);
}

TEST(ElasticNetGlmnet, ElasticNetPathMatchesGlmnet) {
  expect_matches_glmnet("glmnet_enet_path.csv", 0.5, true);
}

}  // namespace
}  // namespace regkit::linear
