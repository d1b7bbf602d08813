#include "regkit/report/linear_plots.hpp"

#include <cstdio>

namespace regkit::report {

namespace {

Panel path_panel(const linear::PathResult& path, const std::vector<std::string>& names,
                 const std::string& title) {
  Panel p;
  p.title = title;
  p.xlabel = "lambda (log scale)";
  p.ylabel = "coefficient (original scale)";
  p.log_x = true;
  const Index n_features = path.coefs.rows();
  const bool label = n_features <= 12;
  for (Index j = 0; j < n_features; ++j) {
    Series s;
    if (label)
      s.label = static_cast<std::size_t>(j) < names.size() ? names[static_cast<std::size_t>(j)]
                                                           : std::string("x").append(std::to_string(j + 1));
    s.color = palette(static_cast<std::size_t>(j));
    s.width = 1.6;
    for (Index k = 0; k < path.size(); ++k) {
      if (!(path.lambdas[k] > 0)) continue;  // lambda = 0 has no place on a log axis
      s.x.push_back(path.lambdas[k]);
      s.y.push_back(path.coefs(j, k));
    }
    p.series.push_back(std::move(s));
  }
  p.legend = label;
  return p;
}

std::string format(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

}  // namespace

Figure path_figure(const linear::PathResult& path, const std::vector<std::string>& feature_names,
                   const std::string& title) {
  Figure fig;
  fig.width = 1000;
  fig.height = 620;
  fig.panels.push_back(path_panel(path, feature_names, title));
  return fig;
}

Figure cv_figure(const select::CvResult& cv, const std::vector<std::string>& feature_names,
                 const std::string& title) {
  Figure fig;
  fig.width = 1500;
  fig.height = 600;
  fig.columns = 2;
  Panel p;
  p.title = title;
  p.xlabel = "lambda (log scale)";
  p.ylabel = std::string("cross-validated ") + select::metric_name(cv.metric) + " (mean ± 1 SE)";
  p.log_x = true;
  Series mean;
  mean.label = std::string("CV ") + select::metric_name(cv.metric);
  mean.color = palette(1);
  mean.markers = true;
  ErrorBars bars;
  for (Index k = 0; k < cv.path.size(); ++k) {
    if (!(cv.path.lambdas[k] > 0)) continue;
    mean.x.push_back(cv.path.lambdas[k]);
    mean.y.push_back(cv.cv_mean[k]);
    bars.x.push_back(cv.path.lambdas[k]);
    bars.low.push_back(cv.cv_mean[k] - cv.cv_se[k]);
    bars.high.push_back(cv.cv_mean[k] + cv.cv_se[k]);
  }
  p.series.push_back(mean);
  p.error_bars.push_back(bars);
  p.vertical_lines.push_back({cv.lambda_min, "lambda_min = " + format(cv.lambda_min), {44, 160, 44}, LineStyle::dashed});
  p.vertical_lines.push_back({cv.lambda_1se, "lambda_1se = " + format(cv.lambda_1se), {148, 103, 189}, LineStyle::dotted});
  p.legend_position = Panel::LegendPosition::top_left;
  fig.panels.push_back(p);
  Panel path = path_panel(cv.path, feature_names, "coefficient path");
  path.vertical_lines.push_back({cv.lambda_min, "", {44, 160, 44}, LineStyle::dashed});
  path.vertical_lines.push_back({cv.lambda_1se, "", {148, 103, 189}, LineStyle::dotted});
  fig.panels.push_back(path);
  return fig;
}

}  // namespace regkit::report
