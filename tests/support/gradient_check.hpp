// Central-difference gradient checks in double: numeric_gradient(f, x) perturbs each
// entry of x by +-h and returns (f(x+h) - f(x-h)) / 2h; expect_gradient_near compares an
// analytic gradient with it entry by entry (absolute + relative tolerance).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace regkit::test {

inline std::vector<double> numeric_gradient(const std::function<double()>& f, double* x, std::size_t n,
                                            double h = 1e-6) {
  std::vector<double> g(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double saved = x[i];
    x[i] = saved + h;
    const double up = f();
    x[i] = saved - h;
    const double down = f();
    x[i] = saved;
    g[i] = (up - down) / (2.0 * h);
  }
  return g;
}

inline void expect_gradient_near(const std::vector<double>& analytic, const std::vector<double>& numeric,
                                 const std::string& what, double tol = 1e-6) {
  ASSERT_EQ(analytic.size(), numeric.size()) << what;
  for (std::size_t i = 0; i < analytic.size(); ++i) {
    const double scale = std::max(1.0, std::abs(numeric[i]));
    EXPECT_NEAR(analytic[i], numeric[i], tol * scale) << what << " entry " << i;
  }
}

}  // namespace regkit::test
