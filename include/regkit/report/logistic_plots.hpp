// Figures for logistic models, built from the linear figures' panels
// (report/linear_plots.hpp): the coefficient path against log lambda (binomial: one
// panel; multinomial: one panel per class when k <= 6, else one panel of the row norms
// ||beta_j||_2 over the classes), and the CV curve of the chosen metric with one-SE bars,
// lambda_min and lambda_1se marked, beside the path.
#pragma once

#include <string>
#include <vector>

#include "regkit/linear/logistic.hpp"
#include "regkit/report/figure.hpp"
#include "regkit/select/logistic_cv.hpp"

namespace regkit::report {

Figure logistic_path_figure(const linear::LogisticPath& path, const std::vector<std::string>& feature_names,
                            const std::string& title);

Figure logistic_cv_figure(const select::LogisticCvResult& cv, const std::vector<std::string>& feature_names,
                          const std::string& title);

}  // namespace regkit::report
