#include "regkit/report/logistic_plots.hpp"

#include <cstdio>

#include "regkit/report/linear_plots.hpp"

namespace regkit::report {

namespace {

constexpr Index kMaxClassPanels = 6;

std::string label_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

// Output c's coefficients along the path: p x L. (Per-class panels carry short titles:
// three side by side leave no room for the description.)
Matrix output_path(const linear::LogisticPath& path, Index c) {
  const Index p = path.coefs.empty() ? 0 : path.coefs.front().rows();
  Matrix out(p, path.size());
  for (Index l = 0; l < path.size(); ++l) out.col(l) = path.coefs[static_cast<std::size_t>(l)].col(c);
  return out;
}

std::vector<Panel> path_panels(const linear::LogisticPath& path, const std::vector<std::string>& names,
                               const std::string& title) {
  const Index m = path.coefs.empty() ? 1 : path.coefs.front().cols();
  if (m == 1) return {coefficient_path_panel(path.lambdas, output_path(path, 0), names, title)};
  if (m <= kMaxClassPanels) {
    std::vector<Panel> panels;
    for (Index c = 0; c < m; ++c)
      panels.push_back(coefficient_path_panel(path.lambdas, output_path(path, c), names,
                                              "coefficient path, class " + label_text(path.classes[c])));
    return panels;
  }
  Matrix norms(path.coefs.front().rows(), path.size());
  for (Index l = 0; l < path.size(); ++l)
    norms.col(l) = path.coefs[static_cast<std::size_t>(l)].rowwise().norm();
  Panel panel = coefficient_path_panel(path.lambdas, norms, names,
                                       title + " (" + std::to_string(m) + " classes: row norms)");
  panel.ylabel = "||beta_j||_2 over the classes (original scale)";
  return {panel};
}

void mark(Panel& panel, double lambda_min, double lambda_1se) {
  panel.vertical_lines.push_back({lambda_min, "", {44, 160, 44}, LineStyle::dashed});
  panel.vertical_lines.push_back({lambda_1se, "", {148, 103, 189}, LineStyle::dotted});
}

}  // namespace

Figure logistic_path_figure(const linear::LogisticPath& path, const std::vector<std::string>& feature_names,
                            const std::string& title) {
  Figure fig;
  fig.panels = path_panels(path, feature_names, title);
  fig.columns = fig.panels.size() >= 3 ? 3 : static_cast<int>(fig.panels.size());
  const int rows = (static_cast<int>(fig.panels.size()) + fig.columns - 1) / fig.columns;
  fig.width = fig.columns == 1 ? 1000 : 650 * fig.columns;
  fig.height = 620 * rows;
  return fig;
}

Figure logistic_cv_figure(const select::LogisticCvResult& cv, const std::vector<std::string>& feature_names,
                          const std::string& title) {
  Figure fig;
  fig.panels.push_back(cv_curve_panel(cv.path.lambdas, cv.cv_mean, cv.cv_se, cv.lambda_min, cv.lambda_1se,
                                      select::class_metric_name(cv.metric), title));
  std::vector<Panel> paths = path_panels(cv.path, feature_names, "coefficient path");
  for (Panel& p : paths) {
    mark(p, cv.lambda_min, cv.lambda_1se);
    fig.panels.push_back(std::move(p));
  }
  fig.columns = fig.panels.size() >= 3 ? 3 : static_cast<int>(fig.panels.size());
  const int rows = (static_cast<int>(fig.panels.size()) + fig.columns - 1) / fig.columns;
  fig.width = 650 * fig.columns;
  fig.height = 600 * rows;
  return fig;
}

}  // namespace regkit::report
