// Logistic cross-validation: the metrics against scikit-learn (values made by
// tests/reference/make_sklearn_logistic_reference.py), and the CV driver against a fold
// loop written out by hand.
#include "regkit/select/logistic_cv.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "regkit/core/errors.hpp"
#include "regkit/data/split.hpp"
#include "support/expect_error.hpp"
#include "support/reference_data.hpp"

namespace regkit::select {
namespace {

struct MetricCase {
  std::vector<int> codes;
  Matrix proba;
  Vector weights;
  double log_loss = 0, accuracy = 0, auc = 0;
};

std::vector<MetricCase> metric_cases() {
  const auto ref = test::load_reference_json("sklearn_logistic_reference.json");
  std::vector<MetricCase> cases;
  for (const auto& c : ref["metrics"]) {
    MetricCase m;
    m.codes = c["codes"].get<std::vector<int>>();
    const auto& rows = c["proba"];
    m.proba.resize(static_cast<Index>(rows.size()), static_cast<Index>(rows[0].size()));
    for (Index i = 0; i < m.proba.rows(); ++i)
      for (Index k = 0; k < m.proba.cols(); ++k)
        m.proba(i, k) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)].get<double>();
    m.weights = test::to_vector(c["weights"]);
    m.log_loss = c["log_loss"].get<double>();
    m.accuracy = c["accuracy"].get<double>();
    m.auc = c["auc"].get<double>();
    cases.push_back(m);
  }
  return cases;
}

TEST(ClassScore, MatchesScikitLearnMetrics) {
  const auto cases = metric_cases();
  ASSERT_EQ(cases.size(), 4u);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const MetricCase& c = cases[i];
    EXPECT_NEAR(class_score(ClassMetric::deviance, c.codes, c.proba, c.weights), 2 * c.log_loss, 1e-12) << i;
    EXPECT_NEAR(class_score(ClassMetric::accuracy, c.codes, c.proba, c.weights), c.accuracy, 1e-14) << i;
    EXPECT_NEAR(class_score(ClassMetric::auc, c.codes, c.proba, c.weights), c.auc, 1e-12) << i;
  }
}

TEST(ClassScore, PerfectAndReversedRankingsAndUndefinedAuc) {
  const std::vector<int> codes{0, 0, 1, 1};
  Matrix proba(4, 2);
  proba.col(1) << 0.1, 0.2, 0.8, 0.9;
  proba.col(0) = 1 - proba.col(1).array();
  EXPECT_EQ(class_score(ClassMetric::auc, codes, proba), 1.0);
  EXPECT_EQ(class_score(ClassMetric::accuracy, codes, proba), 1.0);
  EXPECT_EQ(class_score(ClassMetric::auc, {1, 1, 0, 0}, proba), 0.0);
  EXPECT_TRUE(std::isnan(class_score(ClassMetric::auc, {1, 1, 1, 1}, proba)));
  // A probability of exactly 0 for the true class is floored, not -inf.
  Matrix certain(1, 2);
  certain << 1.0, 0.0;
  EXPECT_NEAR(class_score(ClassMetric::deviance, {1}, certain), -2 * std::log(1e-15), 1e-9);
}

TEST(ClassScore, BadInputIsNamed) {
  const Matrix proba = Matrix::Constant(2, 2, 0.5);
  REGKIT_EXPECT_ERROR(class_score(ClassMetric::accuracy, {0, 2}, proba), InvalidArgument,
                      "codes[1] = 2; expected a class code in 0..1");
  REGKIT_EXPECT_ERROR(class_score(ClassMetric::accuracy, {0}, proba), InvalidArgument,
                      "1 class codes but proba has 2 rows");
  REGKIT_EXPECT_ERROR(class_score(ClassMetric::accuracy, {0, 1}, proba, Vector::Zero(2)), InvalidArgument,
                      "weights sum to 0");
  REGKIT_EXPECT_ERROR(parse_class_metric("f1"), InvalidArgument,
                      "unknown metric 'f1'; expected one of: accuracy, auc, deviance");
  EXPECT_EQ(parse_class_metric("auc"), ClassMetric::auc);
  EXPECT_STREQ(class_metric_name(ClassMetric::deviance), "deviance");
  EXPECT_TRUE(lower_is_better(ClassMetric::deviance));
  EXPECT_FALSE(lower_is_better(ClassMetric::accuracy));
}

struct Problem {
  Design X;
  linear::Labels labels;
};

Problem problem(const std::string& name) {
  const auto d = test::load_reference_csv(name);
  return {Design(d.X), linear::encode_labels(d.y)};
}

// The CV written out: stratified ids, the full-data grid, one path per fold, scores,
// fold-size-weighted mean and standard error.
void expect_matches_hand_loop(const Problem& pr, const linear::LogisticOptions& options, ClassMetric metric,
                              int folds) {
  linear::PathOptions path;
  path.lambda_count = 8;
  path.lambda_min_ratio = 0.01;
  LogisticCvOptions cv;
  cv.folds = folds;
  cv.seed = 3;
  cv.metric = metric;
  cv.threads = 2;
  const LogisticCvResult got = cross_validate_logistic(pr.X, pr.labels, options, path, cv);

  const Index n = rows(pr.X);
  Vector codes(n);
  for (Index i = 0; i < n; ++i) codes[i] = pr.labels.codes[static_cast<std::size_t>(i)];
  const std::vector<int> ids = data::stratified_kfold_ids(codes, folds, 3);
  EXPECT_EQ(got.fold_ids, ids);
  const Vector grid = linear::logistic_lambda_grid(pr.X, pr.labels, options, path);
  ASSERT_EQ(got.path.lambdas.size(), grid.size());
  EXPECT_EQ(got.path.lambdas, grid);
  const Index L = grid.size();
  Matrix scores(folds, L);
  Vector size(folds);
  for (int f = 0; f < folds; ++f) {
    std::vector<Index> train, test;
    for (Index i = 0; i < n; ++i) (ids[static_cast<std::size_t>(i)] == f ? test : train).push_back(i);
    linear::Labels tr, te;
    tr.classes = te.classes = pr.labels.classes;
    for (Index i : train) tr.codes.push_back(pr.labels.codes[static_cast<std::size_t>(i)]);
    for (Index i : test) te.codes.push_back(pr.labels.codes[static_cast<std::size_t>(i)]);
    linear::PathOptions fixed;
    fixed.lambdas = grid;
    const linear::LogisticPath fp = linear::logistic_path(data::take_rows(pr.X, train), tr, options, fixed);
    const Design X_test = data::take_rows(pr.X, test);
    for (Index l = 0; l < L; ++l)
      scores(f, l) = class_score(metric, te.codes, linear::logistic_proba(fp.at(l), X_test));
    size[f] = static_cast<double>(test.size());
  }
  EXPECT_LT((got.fold_scores - scores).cwiseAbs().maxCoeff(), 1e-10);
  for (Index l = 0; l < L; ++l) {
    const double mean = size.dot(scores.col(l)) / size.sum();
    const double var = size.dot((scores.col(l).array() - mean).square().matrix()) / size.sum() / (folds - 1);
    EXPECT_NEAR(got.cv_mean[l], mean, 1e-10);
    EXPECT_NEAR(got.cv_se[l], std::sqrt(var), 1e-10);
  }
  // lambda_min is the best mean; lambda_1se the largest lambda within one SE of it.
  const double sign = lower_is_better(metric) ? 1.0 : -1.0;
  Index best = 0;
  for (Index l = 1; l < L; ++l)
    if (sign * got.cv_mean[l] < sign * got.cv_mean[best]) best = l;
  EXPECT_EQ(got.index_min, best);
  EXPECT_EQ(got.lambda_min, grid[best]);
  Index one_se = best;
  for (Index l = 0; l < best; ++l)
    if (sign * got.cv_mean[l] <= sign * got.cv_mean[best] + got.cv_se[best]) {
      one_se = l;
      break;
    }
  EXPECT_EQ(got.index_1se, one_se);
  // The metric's curve is one of the three reported.
  const Vector& same = metric == ClassMetric::deviance ? got.cv_deviance
                       : metric == ClassMetric::accuracy ? got.cv_accuracy
                                                         : got.cv_auc;
  EXPECT_EQ(same, got.cv_mean);
}

TEST(CrossValidateLogistic, BinomialDevianceMatchesAHandWrittenFoldLoop) {
  linear::LogisticOptions options;  // L2
  expect_matches_hand_loop(problem("seed002_logistic.csv"), options, ClassMetric::deviance, 5);
}

TEST(CrossValidateLogistic, BinomialAucWithElasticNetMatchesAHandWrittenFoldLoop) {
  linear::LogisticOptions options;
  options.alpha = 0.5;
  expect_matches_hand_loop(problem("seed002_logistic.csv"), options, ClassMetric::auc, 4);
}

TEST(CrossValidateLogistic, MultinomialAccuracyMatchesAHandWrittenFoldLoop) {
  linear::LogisticOptions options;
  expect_matches_hand_loop(problem("logistic_3class.csv"), options, ClassMetric::accuracy, 3);
}

TEST(CrossValidateLogistic, StratifiedFoldsSpreadEveryClassAndGivenIdsAreReused) {
  const Problem pr = problem("logistic_3class.csv");
  linear::PathOptions path;
  path.lambda_count = 4;
  LogisticCvOptions cv;
  cv.folds = 5;
  cv.seed = 11;
  const LogisticCvResult a = cross_validate_logistic(pr.X, pr.labels, {}, path, cv);
  for (Index c = 0; c < pr.labels.n_classes(); ++c) {
    std::vector<int> count(5, 0);
    for (std::size_t i = 0; i < a.fold_ids.size(); ++i)
      if (pr.labels.codes[i] == c) ++count[static_cast<std::size_t>(a.fold_ids[i])];
    EXPECT_LE(*std::max_element(count.begin(), count.end()) - *std::min_element(count.begin(), count.end()), 1);
  }
  LogisticCvOptions again;
  again.fold_ids = a.fold_ids;
  again.threads = 1;
  const LogisticCvResult b = cross_validate_logistic(pr.X, pr.labels, {}, path, again);
  EXPECT_EQ(b.fold_scores, a.fold_scores);  // same folds, one thread or many: the same numbers
  EXPECT_EQ(b.lambda_min, a.lambda_min);
}

TEST(CrossValidateLogistic, AUserGridIsUsedAsGivenInDecreasingOrder) {
  const Problem pr = problem("seed002_logistic.csv");
  linear::PathOptions path;
  path.lambdas = (Vector(3) << 0.01, 0.1, 0.001).finished();
  LogisticCvOptions cv;
  cv.folds = 4;
  const LogisticCvResult r = cross_validate_logistic(pr.X, pr.labels, {}, path, cv);
  EXPECT_EQ(r.path.lambdas, (Vector(3) << 0.1, 0.01, 0.001).finished());
  EXPECT_EQ(r.fold_scores.cols(), 3);
}

TEST(CrossValidateLogistic, UnstratifiedFoldsAreTheSeededKfoldIds) {
  const Problem pr = problem("logistic_3class.csv");
  linear::PathOptions path;
  path.lambda_count = 3;
  LogisticCvOptions cv;
  cv.folds = 3;
  cv.seed = 5;
  cv.stratified = false;
  EXPECT_EQ(cross_validate_logistic(pr.X, pr.labels, {}, path, cv).fold_ids, data::kfold_ids(150, 3, 5));
}

TEST(CrossValidateLogistic, BadOptionsAreNamed) {
  const Problem pr = problem("seed002_logistic.csv");
  LogisticCvOptions cv;
  cv.folds = 1;
  REGKIT_EXPECT_ERROR(cross_validate_logistic(pr.X, pr.labels, {}, {}, cv), InvalidArgument,
                      "folds must be >= 2 and <= n = 100; got 1");
  cv.folds = 5;
  cv.fold_ids = {0, 1};
  REGKIT_EXPECT_ERROR(cross_validate_logistic(pr.X, pr.labels, {}, {}, cv), InvalidArgument,
                      "fold_ids has 2 entries; expected n = 100");
}

}  // namespace
}  // namespace regkit::select
