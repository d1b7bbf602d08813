// Logistic figures: which panels are drawn and what they hold (rendering is figure_test's).
#include "regkit/report/logistic_plots.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace regkit::report {
namespace {

linear::LogisticPath toy_path(Index p, Index m, Index k) {
  linear::LogisticPath path;
  path.classes = Vector::LinSpaced(k, 0, static_cast<double>(k - 1));
  path.lambdas = (Vector(3) << 1.0, 0.1, 0.0).finished();  // lambda 0 has no place on a log axis
  for (Index l = 0; l < 3; ++l) path.coefs.push_back(Matrix::Constant(p, m, static_cast<double>(l)));
  path.intercepts = Matrix::Zero(m, 3);
  return path;
}

TEST(LogisticPlots, BinomialPathIsOnePanelWithALinePerFeature) {
  const Figure f = logistic_path_figure(toy_path(3, 1, 2), {"a", "b", "c"}, "t");
  ASSERT_EQ(f.panels.size(), 1u);
  ASSERT_EQ(f.panels[0].series.size(), 3u);
  EXPECT_EQ(f.panels[0].series[1].label, "b");
  EXPECT_EQ(f.panels[0].series[0].x, (std::vector<double>{1.0, 0.1}));
}

TEST(LogisticPlots, MultinomialPathHasAPanelPerClassUpToSixThenRowNorms) {
  const Figure few = logistic_path_figure(toy_path(2, 3, 3), {}, "t");
  ASSERT_EQ(few.panels.size(), 3u);
  EXPECT_EQ(few.panels[2].title, "coefficient path, class 2");
  const Figure many = logistic_path_figure(toy_path(2, 10, 10), {}, "t");
  ASSERT_EQ(many.panels.size(), 1u);
  // at lambdas[1] every coefficient is 1: the row norm over ten classes is sqrt(10)
  EXPECT_NEAR(many.panels[0].series[0].y[1], std::sqrt(10.0), 1e-12);
}

TEST(LogisticPlots, CvFigureMarksBothLambdasBesideThePath) {
  select::LogisticCvResult cv;
  cv.path = toy_path(2, 1, 2);
  cv.cv_mean = (Vector(3) << 1.0, 0.5, 0.7).finished();
  cv.cv_se = Vector::Constant(3, 0.1);
  cv.lambda_min = 0.1;
  cv.lambda_1se = 1.0;
  cv.metric = select::ClassMetric::auc;
  const Figure f = logistic_cv_figure(cv, {}, "t");
  ASSERT_EQ(f.panels.size(), 2u);
  EXPECT_EQ(f.panels[0].series[0].label, "CV auc");
  ASSERT_EQ(f.panels[0].vertical_lines.size(), 2u);
  EXPECT_EQ(f.panels[0].vertical_lines[0].x, 0.1);
  EXPECT_EQ(f.panels[0].error_bars[0].high[1], 0.6);
  EXPECT_EQ(f.panels[1].vertical_lines.size(), 2u);
}

}  // namespace
}  // namespace regkit::report
