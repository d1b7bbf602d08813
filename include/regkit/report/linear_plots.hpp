// Figures for linear models: coefficient paths against log lambda (glmnet's plot.glmnet)
// and the cross-validation curve with one-standard-error bars and lambda_min /
// lambda_1se marked (plot.cv.glmnet).
#pragma once

#include <string>
#include <vector>

#include "regkit/linear/fit_result.hpp"
#include "regkit/report/figure.hpp"
#include "regkit/select/cross_validation.hpp"

namespace regkit::report {

// The building blocks (also used by logistic_plots): one line per row of coefs (p x L,
// column k at lambdas[k]), labelled with names when p <= 12; and a CV curve with one-SE
// bars and lambda_min / lambda_1se marked (NaN points are left out).
Panel coefficient_path_panel(const Vector& lambdas, const Matrix& coefs,
                             const std::vector<std::string>& names, const std::string& title);
Panel cv_curve_panel(const Vector& lambdas, const Vector& mean, const Vector& se, double lambda_min,
                     double lambda_1se, const std::string& metric, const std::string& title);

// One line per coefficient (labelled with feature_names when given and p <= 12).
Figure path_figure(const linear::PathResult& path, const std::vector<std::string>& feature_names,
                   const std::string& title);

// Left: CV error with one-SE bars, lambda_min and lambda_1se marked. Right: the path.
Figure cv_figure(const select::CvResult& cv, const std::vector<std::string>& feature_names,
                 const std::string& title);

}  // namespace regkit::report
