// core/stable_math.hpp against long-double evaluations of the definitions (an independent
// computation with 11 more bits and 4x the exponent range), at the raw scores where naive
// formulas overflow or cancel (scikit-learn's loss test points, catalogue NUM-01).
#include "regkit/core/stable_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace regkit::stable {
namespace {

const std::vector<double> kPoints = {0.0,  1.0,   -1.0,   18.0,   -18.0,  33.3,  -33.3,   37.0,
                                     -37.0, 232.8, -232.8, 1000.0, -1000.0, 1e20, -1e20, 1e-300};

long double reference_log1pexp(long double x) {
  if (x > 11000.0L) return x;  // exp overflows long double; log1p(exp(-x)) < 1e-4700
  return std::log1p(std::exp(x));
}

void expect_rel(double got, long double want) {
  ASSERT_TRUE(std::isfinite(got)) << got;
  if (std::fabs(want) < std::numeric_limits<double>::min()) {
    EXPECT_LE(std::fabs(got), std::numeric_limits<double>::min());  // 0 or a subnormal, as the truth
  } else {
    EXPECT_LE(std::fabs(static_cast<long double>(got) - want) / std::fabs(want), 2e-16L)
        << "got " << got << ", want " << static_cast<double>(want);
  }
}

TEST(StableMath, Log1pexpIsExactToOneUlpAndNeverOverflows) {
  for (const double x : kPoints) {
    SCOPED_TRACE(x);
    const long double want = reference_log1pexp(x);
    if (want < std::numeric_limits<double>::min()) {
      EXPECT_LE(log1pexp(x), std::numeric_limits<double>::min());  // underflows to 0 or a subnormal
      EXPECT_GE(log1pexp(x), 0.0);
    } else {
      expect_rel(log1pexp(x), want);
    }
  }
  EXPECT_TRUE(std::isnan(log1pexp(std::nan(""))));
}

TEST(StableMath, SigmoidAndLogSigmoidStayFiniteAndAccurate) {
  for (const double x : kPoints) {
    SCOPED_TRACE(x);
    const long double want = 1.0L / (1.0L + std::exp(-static_cast<long double>(x)));
    const double got = sigmoid(x);
    ASSERT_TRUE(std::isfinite(got));
    EXPECT_GE(got, 0.0);
    EXPECT_LE(got, 1.0);
    if (want > std::numeric_limits<double>::min()) expect_rel(got, want);
    expect_rel(log_sigmoid(x), -reference_log1pexp(-static_cast<long double>(x)));
  }
  EXPECT_EQ(sigmoid(0.0), 0.5);
  EXPECT_TRUE(std::isnan(sigmoid(std::nan(""))));
}

TEST(StableMath, LogSumExpShiftsByTheMaximum) {
  const std::vector<double> big = {10000.0, 0.0, 7e-7};  // scikit-learn's multinomial case
  EXPECT_EQ(logsumexp(big.data(), 3), 10000.0);
  const std::vector<double> small = {-1000.0, -1000.0};
  expect_rel(logsumexp(small.data(), 2), -1000.0L + std::log(2.0L));
  const std::vector<double> mixed = {1.0, 2.0, 3.0};
  expect_rel(logsumexp(mixed.data(), 3), std::log(std::exp(1.0L) + std::exp(2.0L) + std::exp(3.0L)));
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> minus_inf = {-inf, -inf};
  EXPECT_EQ(logsumexp(minus_inf.data(), 2), -inf);
  EXPECT_EQ(logsumexp(nullptr, 0), -inf);
  const std::vector<double> with_nan = {1.0, std::nan("")};
  EXPECT_TRUE(std::isnan(logsumexp(with_nan.data(), 2)));
}

}  // namespace
}  // namespace regkit::stable
