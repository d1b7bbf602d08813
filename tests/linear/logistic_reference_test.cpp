// Logistic solvers against peers: liblinear 2.30 and scikit-learn 1.2.1 (L2 / L1 optima,
// tests/reference/make_logistic_reference.py) and glmnet 4.1-6 (multinomial, grouped,
// binomial lasso; tests/reference/make_glmnet_logistic_reference.R).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "regkit/linear/logistic.hpp"
#include "regkit/penalty/conventions.hpp"
#include "support/reference_data.hpp"

namespace regkit::linear {
namespace {

TEST(LogisticReference, L2ObjectiveMatchesLiblinearAndSklearn) {
  const auto data = test::load_reference_csv("logistic_small_data.csv");
  const auto ref = test::load_reference_json("logistic_reference.json");
  const Labels labels = encode_labels(data.y);
  const Index n = data.X.rows();
  const double lambda = penalty::from_liblinear_C(ref["C"].get<double>(), n, penalty::CPenalty::l2).lambda;
  EXPECT_NEAR(lambda, ref["lambda"].get<double>(), 1e-15);
  for (LogisticSolver solver : {LogisticSolver::trust_region_newton, LogisticSolver::lbfgs,
                                LogisticSolver::proximal_newton}) {
    LogisticOptions o;
    o.solver = solver;
    o.fit_intercept = false;
    o.standardize = false;
    const LogisticFit fit = fit_logistic(Design(data.X), labels, lambda, o);
    EXPECT_TRUE(fit.converged);
    const double liblinear = ref["l2_no_intercept"]["liblinear_objective"].get<double>();
    const double sklearn = ref["l2_no_intercept"]["sklearn_objective"].get<double>();
    EXPECT_NEAR(fit.objective, liblinear, 1e-6 * liblinear);
    EXPECT_NEAR(fit.objective, sklearn, 1e-6 * sklearn);
    EXPECT_LE(fit.objective, std::min(liblinear, sklearn) * (1 + 1e-12));  // at least as low
    const Vector coef = test::to_vector(ref["l2_no_intercept"]["sklearn_coef"]);
    EXPECT_LT((fit.coef.col(0) - coef).cwiseAbs().maxCoeff(), 1e-5);

    o.fit_intercept = true;  // scikit-learn lbfgs leaves the intercept unpenalized
    const LogisticFit with_b = fit_logistic(Design(data.X), labels, lambda, o);
    const double sk_b = ref["l2_intercept"]["sklearn_objective"].get<double>();
    EXPECT_NEAR(with_b.objective, sk_b, 1e-6 * sk_b);
    EXPECT_LE(with_b.objective, sk_b * (1 + 1e-12));
    EXPECT_NEAR(with_b.intercept[0], ref["l2_intercept"]["sklearn_intercept"].get<double>(), 1e-4);
  }
}

TEST(LogisticReference, L1ObjectiveMatchesLiblinear) {
  const auto data = test::load_reference_csv("logistic_small_data.csv");
  const auto ref = test::load_reference_json("logistic_reference.json");
  const Labels labels = encode_labels(data.y);
  const double lambda = ref["lambda"].get<double>();
  LogisticOptions o;
  o.alpha = 1.0;
  o.fit_intercept = false;
  o.standardize = false;
  const LogisticFit fit = fit_logistic(Design(data.X), labels, lambda, o);
  EXPECT_TRUE(fit.converged);
  const double liblinear = ref["l1_no_intercept"]["liblinear_objective"].get<double>();
  EXPECT_NEAR(fit.objective, liblinear, 1e-6 * liblinear);
  const Vector coef = test::to_vector(ref["l1_no_intercept"]["liblinear_coef"]);
  for (Index j = 0; j < coef.size(); ++j) EXPECT_EQ(fit.coef(j, 0) == 0.0, coef[j] == 0.0) << j;
}

// glmnet_logistic_reference.csv: model, lambda, class, row (0 = intercept), value.
using GlmnetKey = std::tuple<std::string, double, int, int>;
std::map<GlmnetKey, double> load_glmnet() {
  std::ifstream in(test::reference_path("glmnet_logistic_reference.csv"));
  std::map<GlmnetKey, double> out;
  std::string line;
  std::getline(in, line);  // versions
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string model, f;
    std::getline(ss, model, ',');
    model = model.substr(1, model.size() - 2);
    std::getline(ss, f, ',');
    const double lambda = std::stod(f);
    std::getline(ss, f, ',');
    const int c = std::stoi(f);
    std::getline(ss, f, ',');
    const int row = std::stoi(f);
    std::getline(ss, f, ',');
    out[{model, lambda, c, row}] = std::stod(f);
  }
  return out;
}

void compare_with_glmnet(const std::string& model, const std::string& data_file,
                         const LogisticOptions& o, const Vector& lambdas) {
  const auto ref = load_glmnet();
  ASSERT_FALSE(ref.empty());
  const auto data = test::load_reference_csv(data_file);
  const Labels labels = encode_labels(data.y);
  PathOptions path;
  path.lambdas = lambdas;
  const LogisticPath res = logistic_path(Design(data.X), labels, o, path);
  for (Index l = 0; l < res.size(); ++l) {
    const LogisticFit fit = res.at(l);
    EXPECT_TRUE(fit.converged);
    for (Index c = 0; c < fit.coef.cols(); ++c) {
      EXPECT_NEAR(fit.intercept[c], ref.at({model, fit.lambda, static_cast<int>(c), 0}), 1e-4)
          << model << " lambda " << fit.lambda << " class " << c;
      for (Index j = 0; j < fit.coef.rows(); ++j)
        EXPECT_NEAR(fit.coef(j, c), ref.at({model, fit.lambda, static_cast<int>(c), static_cast<int>(j + 1)}), 1e-4)
            << model << " lambda " << fit.lambda << " class " << c << " feature " << j;
    }
  }
}

TEST(LogisticReference, MultinomialMatchesGlmnet) {
  const Vector lambdas = (Vector(3) << 0.1, 0.03, 0.01).finished();
  LogisticOptions o;  // standardize = true, as glmnet
  o.alpha = 0.5;
  compare_with_glmnet("multinomial_en", "logistic_multi_data.csv", o, lambdas);
  o.grouped = true;
  compare_with_glmnet("multinomial_grouped", "logistic_multi_data.csv", o, lambdas);
  o.grouped = false;
  o.alpha = 0.0;
  compare_with_glmnet("multinomial_ridge", "logistic_multi_data.csv", o, lambdas);
}

TEST(LogisticReference, BinomialLassoMatchesGlmnet) {
  LogisticOptions o;
  o.alpha = 1.0;
  compare_with_glmnet("binomial_lasso", "logistic_small_data.csv", o,
                      (Vector(3) << 0.05, 0.01, 0.002).finished());
}

}  // namespace
}  // namespace regkit::linear
