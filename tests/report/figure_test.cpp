#include "regkit/report/figure.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "support/png.hpp"

namespace regkit::report {
namespace {

TEST(Figure, LinePlotWritesAPngOfTheRequestedSize) {
  Figure fig;
  fig.width = 640;
  fig.height = 400;
  Panel p;
  p.title = "test";
  p.xlabel = "log lambda";
  p.ylabel = "coefficient";
  p.log_x = true;
  Series s;
  s.label = "x1";
  for (int i = 0; i < 20; ++i) {
    s.x.push_back(std::pow(10.0, -i / 5.0));
    s.y.push_back(std::sin(i / 3.0));
  }
  s.color = palette(0);
  p.series.push_back(s);
  p.vertical_lines.push_back({0.1, "lambda.min", {200, 0, 0}, LineStyle::dashed});
  p.error_bars.push_back({{0.1, 0.01}, {-0.5, -0.2}, {0.5, 0.2}, {}});
  fig.panels.push_back(p);
  const std::string path = ::testing::TempDir() + "/regkit_line.png";
  save_png(fig, path);
  const auto size = test::png_size(path);
  EXPECT_EQ(size.first, 640);
  EXPECT_EQ(size.second, 400);
}

TEST(Figure, HistogramHeatmapAndBarsRender) {
  Figure fig;
  fig.width = 900;
  fig.height = 300;
  fig.columns = 3;
  Panel h;
  h.title = "histogram";
  h.histogram = Histogram{{0.1, 0.2, 0.2, 0.5, -0.3}, 10, true, {}};
  Panel m;
  m.title = "heatmap";
  m.heatmap = Heatmap{Matrix::Random(20, 8).cwiseAbs(), "|W|"};
  Panel b;
  b.title = "bars";
  b.bars = BarGroup{{"none", "l1"}, {"|w|<0.01", "w == 0"}, {{0.1, 0.8}, {0.0, 0.6}}};
  fig.panels = {h, m, b};
  const std::string path = ::testing::TempDir() + "/regkit_mixed.png";
  save_png(fig, path);
  EXPECT_EQ(test::png_size(path).first, 900);
}

TEST(Figure, UnwritableFolderIsANamedError) {
  Figure fig;
  Panel p;
  p.series.push_back(Series{"a", {1, 2}, {1, 2}, {}, LineStyle::solid, 1.0, false});
  fig.panels.push_back(p);
  EXPECT_THROW(save_png(fig, "/nonexistent-folder/x.png"), std::exception);
}

}  // namespace
}  // namespace regkit::report
