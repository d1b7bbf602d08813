#include "regkit/core/check.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "support/expect_error.hpp"

namespace regkit {
namespace {

TEST(Check, NonFiniteEntryIsNamedByRowAndColumn) {
  Matrix m = Matrix::Zero(3, 2);
  m(2, 1) = std::numeric_limits<double>::quiet_NaN();
  REGKIT_EXPECT_ERROR(check::all_finite("fit", "X", m), InvalidArgument, "row 3, column 2");
}

TEST(Check, NegativeLambdaIsRejectedWithItsValue) {
  REGKIT_EXPECT_ERROR(check::non_negative("Lasso", "lambda", -0.5), InvalidArgument,
                      "lambda must be a finite number >= 0; got -0.5");
}

TEST(Check, AlphaOutsideUnitIntervalNamesTheConvention) {
  REGKIT_EXPECT_ERROR(check::in_unit_interval("ElasticNet", "alpha", 1.5), InvalidArgument,
                      "alpha must be in [0, 1] (glmnet convention); got 1.5");
}

TEST(Check, MismatchedShapesNameBothSizes) {
  REGKIT_EXPECT_ERROR(check::same_rows("Lasso::fit", 100, 99), InvalidArgument,
                      "X has 100 rows but y has 99 entries");
}

}  // namespace
}  // namespace regkit
