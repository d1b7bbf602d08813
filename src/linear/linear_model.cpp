#include "regkit/linear/linear_model.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"
#include "../io/metadata.hpp"

namespace regkit::linear {

namespace {

void check_features(const Design& X, Index p, const char* where) {
  if (cols(X) != p)
    throw InvalidArgument(std::string(where) + ": X has " + check::str(cols(X)) +
                          " columns but the model was fitted on " + check::str(p) + " features");
}

Vector linear_predictor(const Design& X, const Vector& coef, double intercept) {
  return std::visit([&](const auto& m) -> Vector {
    Vector eta = m * coef;
    eta.array() += intercept;
    return eta;
  }, X);
}

using io::detail::meta_bool;
using io::detail::check_finite;
using io::detail::check_lambdas;
using io::detail::meta_alpha;
using io::detail::meta_double;

std::string format_double(double v) { return check::str(v); }

}  // namespace

LinearModel LinearModel::from_path(const std::string& model, const PathResult& path, bool standardize,
                                   bool fit_intercept) {
  LinearModel m;
  m.model = model;
  m.alpha = path.alpha;
  m.standardize = standardize;
  m.fit_intercept = fit_intercept;
  m.lambdas = path.lambdas;
  m.coefs = path.coefs;
  m.intercepts = path.intercepts;
  m.selected = 0;
  return m;
}

Vector LinearModel::predict(const Design& X) const {
  check_features(X, n_features(), "predict");
  if (lambdas.size() == 0) throw NotFitted("predict: the model has no fitted coefficients");
  return linear_predictor(X, coefs.col(selected), intercepts[selected]);
}

Vector LinearModel::predict_at(const Design& X, double lambda) const {
  check_features(X, n_features(), "predict");
  check::non_negative("predict", "lambda", lambda);
  const Index L = lambdas.size();
  if (L == 0) throw NotFitted("predict: the model has no fitted coefficients");
  // lambdas are decreasing; find k with lambdas[k] >= lambda >= lambdas[k+1].
  if (L == 1 || lambda >= lambdas[0]) return linear_predictor(X, coefs.col(0), intercepts[0]);
  if (lambda <= lambdas[L - 1]) return linear_predictor(X, coefs.col(L - 1), intercepts[L - 1]);
  Index k = 0;
  while (k + 1 < L && lambdas[k + 1] > lambda) ++k;
  const double hi = lambdas[k], lo = lambdas[k + 1];
  const double t = (hi - lambda) / (hi - lo);  // 0 at hi, 1 at lo
  const Vector coef = (1.0 - t) * coefs.col(k) + t * coefs.col(k + 1);
  const double intercept = (1.0 - t) * intercepts[k] + t * intercepts[k + 1];
  return linear_predictor(X, coef, intercept);
}

Matrix LinearModel::predict_path(const Design& X) const {
  check_features(X, n_features(), "predict");
  return std::visit([&](const auto& m) -> Matrix {
    Matrix eta = m * coefs;
    eta.rowwise() += intercepts.transpose();
    return eta;
  }, X);
}

void save_linear_model(const std::string& path, const LinearModel& model) {
  const Index L = model.lambdas.size();
  if (L == 0 || model.coefs.cols() != L || model.intercepts.size() != L)
    throw InvalidArgument("save_linear_model: inconsistent model (" + check::str(L) + " lambdas, " +
                          check::str(model.coefs.cols()) + " coefficient columns, " +
                          check::str(model.intercepts.size()) + " intercepts)");
  io::TensorFile file;
  file.metadata["format"] = "regkit-model";
  file.metadata["format_version"] = "2";  // 2: with a checksum
  file.metadata["kind"] = "linear";
  file.metadata["model"] = model.model;
  file.metadata["alpha"] = format_double(model.alpha);
  file.metadata["standardize"] = model.standardize ? "true" : "false";
  file.metadata["fit_intercept"] = model.fit_intercept ? "true" : "false";
  file.metadata["selected"] = std::to_string(model.selected);
  file.metadata["feature_names"] = nlohmann::json(model.feature_names).dump();
  file.metadata["target"] = model.target_name;
  file.tensors["lambdas"] = io::Tensor::from(model.lambdas);
  file.tensors["coefs"] = io::Tensor::from(Matrix(model.coefs.transpose()));
  file.tensors["intercepts"] = io::Tensor::from(model.intercepts);
  io::save_tensor_file(path, file);
}

LinearModel load_linear_model(const std::string& path) {
  const io::TensorFile file = io::load_tensor_file(path);
  if (file.meta("format") != "regkit-model" || file.meta("kind") != "linear")
    throw DataError(path + ": not a regkit linear model (format \"" + file.meta("format") +
                    "\", kind \"" + file.meta("kind") + "\")");
  LinearModel m;
  m.model = file.meta("model");
  m.alpha = meta_alpha(file);
  m.standardize = meta_bool(file, "standardize");
  m.fit_intercept = meta_bool(file, "fit_intercept");
  m.lambdas = file.tensor("lambdas").to_vector("lambdas");
  m.coefs = file.tensor("coefs").to_matrix("coefs").transpose();
  m.intercepts = file.tensor("intercepts").to_vector("intercepts");
  const Index L = m.lambdas.size();
  if (m.coefs.cols() != L || m.intercepts.size() != L)
    throw DataError(path + ": inconsistent tensors (" + check::str(L) + " lambdas, " +
                    check::str(m.coefs.cols()) + " coefficient rows, " + check::str(m.intercepts.size()) +
                    " intercepts)");
  check_lambdas(file, m.lambdas);
  check_finite(file, "coefs", m.coefs.data(), m.coefs.size());
  check_finite(file, "intercepts", m.intercepts.data(), m.intercepts.size());
  const double selected = meta_double(file, "selected");
  if (selected < 0 || selected >= static_cast<double>(L) || selected != std::floor(selected))
    throw DataError(path + ": metadata \"selected\" = " + file.meta("selected") + " is not an index below " +
                    check::str(L));
  m.selected = static_cast<Index>(selected);
  try {
    m.feature_names = nlohmann::json::parse(file.meta("feature_names")).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw DataError(path + ": metadata \"feature_names\" is not a JSON list of strings");
  }
  m.target_name = file.meta("target");
  return m;
}

}  // namespace regkit::linear
