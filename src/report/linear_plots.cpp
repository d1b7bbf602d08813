#include "regkit/report/linear_plots.hpp"

#include <cmath>
#include <cstdio>

namespace regkit::report {

namespace {

std::string format(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

}  // namespace

Panel coefficient_path_panel(const Vector& lambdas, const Matrix& coefs,
                             const std::vector<std::string>& names, const std::string& title) {
  Panel p;
  p.title = title;
  p.xlabel = "lambda (log scale)";
  p.ylabel = "coefficient (original scale)";
  p.log_x = true;
  const Index n_features = coefs.rows();
  const bool label = n_features <= 12;
  for (Index j = 0; j < n_features; ++j) {
    Series s;
    if (label)
      s.label = static_cast<std::size_t>(j) < names.size() ? names[static_cast<std::size_t>(j)]
                                                           : std::string("x").append(std::to_string(j + 1));
    s.color = palette(static_cast<std::size_t>(j));
    s.width = 1.6;
    for (Index k = 0; k < lambdas.size(); ++k) {
      if (!(lambdas[k] > 0)) continue;  // lambda = 0 has no place on a log axis
      s.x.push_back(lambdas[k]);
      s.y.push_back(coefs(j, k));
    }
    p.series.push_back(std::move(s));
  }
  p.legend = label;
  return p;
}

Panel cv_curve_panel(const Vector& lambdas, const Vector& mean, const Vector& se, double lambda_min,
                     double lambda_1se, const std::string& metric, const std::string& title) {
  Panel p;
  p.title = title;
  p.xlabel = "lambda (log scale)";
  p.ylabel = "cross-validated " + metric + " (mean ± 1 SE)";
  p.log_x = true;
  Series curve;
  curve.label = "CV " + metric;
  curve.color = palette(1);
  curve.markers = true;
  ErrorBars bars;
  for (Index k = 0; k < lambdas.size(); ++k) {
    if (!(lambdas[k] > 0) || !std::isfinite(mean[k])) continue;
    curve.x.push_back(lambdas[k]);
    curve.y.push_back(mean[k]);
    const double s = std::isfinite(se[k]) ? se[k] : 0.0;
    bars.x.push_back(lambdas[k]);
    bars.low.push_back(mean[k] - s);
    bars.high.push_back(mean[k] + s);
  }
  p.series.push_back(curve);
  p.error_bars.push_back(bars);
  p.vertical_lines.push_back({lambda_min, "lambda_min = " + format(lambda_min), {44, 160, 44}, LineStyle::dashed});
  p.vertical_lines.push_back({lambda_1se, "lambda_1se = " + format(lambda_1se), {148, 103, 189}, LineStyle::dotted});
  p.legend_position = Panel::LegendPosition::top_left;
  return p;
}

Figure path_figure(const linear::PathResult& path, const std::vector<std::string>& feature_names,
                   const std::string& title) {
  Figure fig;
  fig.width = 1000;
  fig.height = 620;
  fig.panels.push_back(coefficient_path_panel(path.lambdas, path.coefs, feature_names, title));
  return fig;
}

Figure cv_figure(const select::CvResult& cv, const std::vector<std::string>& feature_names,
                 const std::string& title) {
  Figure fig;
  fig.width = 1500;
  fig.height = 600;
  fig.columns = 2;
  fig.panels.push_back(cv_curve_panel(cv.path.lambdas, cv.cv_mean, cv.cv_se, cv.lambda_min, cv.lambda_1se,
                                      select::metric_name(cv.metric), title));
  Panel path = coefficient_path_panel(cv.path.lambdas, cv.path.coefs, feature_names, "coefficient path");
  path.vertical_lines.push_back({cv.lambda_min, "", {44, 160, 44}, LineStyle::dashed});
  path.vertical_lines.push_back({cv.lambda_1se, "", {148, 103, 189}, LineStyle::dotted});
  fig.panels.push_back(path);
  return fig;
}

}  // namespace regkit::report
