// Seed 002, L2 logistic regression: the seed's synthetic data
//   np.random.seed(0); X = randn(100, 3); y = (X @ [1.5, -2, 1] + randn(100) * 0.5 > 0)
// (examples/data/seed002_logistic.csv; the same draws as seed002.csv, labels y > 0) and
// scikit-learn's LogisticRegression() (C = 1.0, L2, no standardization), which is
// regkit's lambda = 1 / (C n) = 0.01 (penalty::from_liblinear_C). Prints the coefficients,
// the intercept and the training accuracy, as the seed's accuracy_score does.
//
//   build/examples/example_seed002_logistic [examples/data/seed002_logistic.csv]
#include <cstdio>

#include "regkit/regkit.hpp"

using namespace regkit;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "examples/data/seed002_logistic.csv";
  data::CsvOptions csv;
  csv.target = "y";
  const data::Dataset d = data::read_csv(path, csv);
  const linear::Labels labels = linear::encode_labels(d.y, path);

  linear::LogisticOptions options;  // alpha = 0: L2
  options.standardize = false;      // scikit-learn fits the raw columns
  const double lambda = penalty::from_liblinear_C(1.0, d.n_samples(), penalty::CPenalty::l2).lambda;
  const linear::LogisticFit fit = linear::fit_logistic(d.X, labels, lambda, options);

  const Vector predicted = linear::logistic_predict(fit, d.X);
  const double accuracy = (predicted.array() == d.y.array()).cast<double>().mean();
  std::printf("L2 logistic regression, C = 1 (lambda = %g), %d iterations%s\n", lambda, fit.iterations,
              fit.converged ? "" : " (NOT converged)");
  std::printf("coefficients: %.6f %.6f %.6f\nintercept: %.6f\n", fit.coef(0, 0), fit.coef(1, 0), fit.coef(2, 0),
              fit.intercept[0]);
  std::printf("Accuracy: %.2f\n", accuracy);
  return 0;
}
