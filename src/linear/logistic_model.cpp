// The logistic model file (layout in linear/logistic_model.hpp) and its predictions.
//
// Tensors are written in C order: "coefs" [L, m, p] holds coefs[l](j, c) at flat index
// (l * m + c) * p + j, i.e. row (l * m + c) of an (L m) x p matrix is output c's
// coefficients at lambdas[l]; "intercepts" [L, m] is the transpose of the m x L matrix.
// Doubles go through unchanged (raw bytes), so a model loads back bit-exactly.
#include "regkit/linear/logistic_model.hpp"

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"
#include "../io/metadata.hpp"

namespace regkit::linear {

namespace {

using io::detail::meta_bool;
using io::detail::check_finite;
using io::detail::check_lambdas;
using io::detail::meta_alpha;
using io::detail::meta_double;

const char* flag(bool value) { return value ? "true" : "false"; }

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// Throws naming what is inconsistent; `where` is the caller ("save_logistic_model", a file).
void check_consistent(const LogisticModel& model, const std::string& where) {
  const Index L = model.lambdas.size();
  const Index k = model.classes.size();
  if (L == 0) throw InvalidArgument(where + ": the model has no lambdas");
  if (k < 2) throw InvalidArgument(where + ": the model has " + check::str(k) + " classes; expected at least 2");
  if (static_cast<Index>(model.coefs.size()) != L)
    throw InvalidArgument(where + ": " + check::str(L) + " lambdas but " + check::str(model.coefs.size()) +
                          " coefficient matrices");
  const Index p = model.coefs[0].rows();
  const Index m = model.coefs[0].cols();
  if (m != 1 && m != k)
    throw InvalidArgument(where + ": coefficient matrices have " + check::str(m) + " columns; expected 1 (binomial) or " +
                          check::str(k) + " (one per class)");
  if (m == 1 && k != 2)
    throw InvalidArgument(where + ": a binomial model (1 coefficient column) has " + check::str(k) +
                          " classes; expected 2");
  for (std::size_t l = 0; l < model.coefs.size(); ++l)
    if (model.coefs[l].rows() != p || model.coefs[l].cols() != m)
      throw InvalidArgument(where + ": coefficient matrix " + std::to_string(l) + " is " +
                            check::str(model.coefs[l].rows()) + " x " + check::str(model.coefs[l].cols()) +
                            "; expected " + check::str(p) + " x " + check::str(m) + " as the first");
  if (model.intercepts.rows() != m || model.intercepts.cols() != L)
    throw InvalidArgument(where + ": intercepts are " + check::str(model.intercepts.rows()) + " x " +
                          check::str(model.intercepts.cols()) + "; expected " + check::str(m) + " x " +
                          check::str(L));
  if (model.selected < 0 || model.selected >= L)
    throw InvalidArgument(where + ": selected index " + check::str(model.selected) + " is not below " +
                          check::str(L) + " lambdas");
  if (!model.feature_names.empty() && static_cast<Index>(model.feature_names.size()) != p)
    throw InvalidArgument(where + ": " + check::str(model.feature_names.size()) + " feature names for " +
                          check::str(p) + " features");
}

void check_features(const Design& X, Index p, const char* where) {
  if (cols(X) != p)
    throw InvalidArgument(std::string(where) + ": X has " + check::str(cols(X)) +
                          " columns but the model was fitted on " + check::str(p) + " features");
}

}  // namespace

LogisticModel LogisticModel::from_path(const LogisticPath& path, bool grouped, bool standardize,
                                       bool fit_intercept) {
  LogisticModel m;
  m.alpha = path.alpha;
  m.grouped = grouped;
  m.standardize = standardize;
  m.fit_intercept = fit_intercept;
  m.classes = path.classes;
  m.lambdas = path.lambdas;
  m.coefs = path.coefs;
  m.intercepts = path.intercepts;
  m.selected = 0;
  return m;
}

Index LogisticModel::n_features() const { return coefs.empty() ? 0 : coefs.front().rows(); }

bool LogisticModel::multinomial() const { return !coefs.empty() && coefs.front().cols() > 1; }

LogisticFit LogisticModel::fit_at(Index l) const {
  if (lambdas.size() == 0) throw NotFitted("LogisticModel: the model has no fitted coefficients");
  if (l < 0 || l >= lambdas.size())
    throw InvalidArgument("LogisticModel::fit_at: index " + check::str(l) + " is not below " +
                          check::str(lambdas.size()) + " lambdas");
  LogisticFit fit;
  fit.lambda = lambdas[l];
  fit.alpha = alpha;
  fit.classes = classes;
  fit.coef = coefs[static_cast<std::size_t>(l)];
  fit.intercept = intercepts.col(l);
  return fit;
}

LogisticFit LogisticModel::fit_at_lambda(double lambda) const {
  check::non_negative("LogisticModel::fit_at_lambda", "lambda", lambda);
  const Index L = lambdas.size();
  if (L == 0) throw NotFitted("LogisticModel: the model has no fitted coefficients");
  // lambdas are decreasing; find l with lambdas[l] >= lambda >= lambdas[l + 1].
  if (L == 1 || lambda >= lambdas[0]) return fit_at(0);
  if (lambda <= lambdas[L - 1]) return fit_at(L - 1);
  Index l = 0;
  while (l + 1 < L && lambdas[l + 1] > lambda) ++l;
  const double t = (lambdas[l] - lambda) / (lambdas[l] - lambdas[l + 1]);  // 0 at l, 1 at l + 1
  LogisticFit fit = fit_at(l);
  fit.lambda = lambda;
  fit.coef = (1.0 - t) * coefs[static_cast<std::size_t>(l)] + t * coefs[static_cast<std::size_t>(l + 1)];
  fit.intercept = (1.0 - t) * intercepts.col(l) + t * intercepts.col(l + 1);
  return fit;
}

Matrix LogisticModel::predict_proba(const Design& X) const {
  check_features(X, n_features(), "predict_proba");
  return logistic_proba(fit_at(selected), X);
}

Vector LogisticModel::predict(const Design& X) const {
  check_features(X, n_features(), "predict");
  return logistic_predict(fit_at(selected), X);
}

void save_logistic_model(const std::string& path, const LogisticModel& model) {
  check_consistent(model, "save_logistic_model");
  const Index L = model.lambdas.size();
  const Index p = model.n_features();
  const Index m = model.coefs.front().cols();
  io::TensorFile file;
  file.metadata["format"] = "regkit-model";
  file.metadata["format_version"] = "2";  // 2: with a checksum
  file.metadata["kind"] = "logistic";
  file.metadata["family"] = m > 1 ? "multinomial" : "binomial";
  file.metadata["alpha"] = check::str(model.alpha);
  file.metadata["grouped"] = flag(model.grouped);
  file.metadata["standardize"] = flag(model.standardize);
  file.metadata["fit_intercept"] = flag(model.fit_intercept);
  file.metadata["selected"] = std::to_string(model.selected);
  file.metadata["feature_names"] = nlohmann::json(model.feature_names).dump();
  file.metadata["target"] = model.target_name;
  file.tensors["lambdas"] = io::Tensor::from(model.lambdas);
  file.tensors["classes"] = io::Tensor::from(model.classes);
  // coefs [L, m, p]: the rows of an (L m) x p matrix, each a transposed column of coefs[l].
  Matrix stacked(L * m, p);
  for (Index l = 0; l < L; ++l)
    stacked.middleRows(l * m, m) = model.coefs[static_cast<std::size_t>(l)].transpose();
  io::Tensor coefs = io::Tensor::from(stacked);
  coefs.shape = {static_cast<std::int64_t>(L), static_cast<std::int64_t>(m), static_cast<std::int64_t>(p)};
  file.tensors["coefs"] = std::move(coefs);
  file.tensors["intercepts"] = io::Tensor::from(Matrix(model.intercepts.transpose()));
  io::save_tensor_file(path, file);
}

LogisticModel load_logistic_model(const std::string& path) {
  const io::TensorFile file = io::load_tensor_file(path);
  if (file.meta("format") != "regkit-model" || file.meta("kind") != "logistic")
    throw DataError(path + ": not a regkit logistic model (format \"" + file.meta("format") + "\", kind \"" +
                    file.meta("kind") + "\")");
  LogisticModel model;
  model.alpha = meta_alpha(file);
  model.grouped = meta_bool(file, "grouped");
  model.standardize = meta_bool(file, "standardize");
  model.fit_intercept = meta_bool(file, "fit_intercept");
  model.lambdas = file.tensor("lambdas").to_vector("lambdas");
  model.classes = file.tensor("classes").to_vector("classes");
  const Index L = model.lambdas.size();
  const Index k = model.classes.size();

  const io::Tensor& coefs = file.tensor("coefs");
  if (coefs.shape.size() != 3 || coefs.shape[0] != L || (coefs.shape[1] != 1 && coefs.shape[1] != k))
    throw DataError(path + ": tensor \"coefs\" has shape " + shape_text(coefs.shape) + "; expected [" +
                    check::str(L) + ", 1 or " + check::str(k) + ", p] for " + check::str(L) + " lambdas and " +
                    check::str(k) + " classes");
  const Index m = static_cast<Index>(coefs.shape[1]);
  const Index p = static_cast<Index>(coefs.shape[2]);
  const std::string family = file.meta("family");
  if (family != (m > 1 ? "multinomial" : "binomial"))
    throw DataError(path + ": metadata \"family\" is \"" + family + "\" but \"coefs\" has " + check::str(m) +
                    " output(s) per lambda");
  io::Tensor flat = coefs;
  flat.shape = {static_cast<std::int64_t>(L * m), static_cast<std::int64_t>(p)};
  const Matrix stacked = flat.to_matrix("coefs");
  check_lambdas(file, model.lambdas);
  check_finite(file, "coefs", stacked.data(), stacked.size());
  check_finite(file, "classes", model.classes.data(), model.classes.size());
  for (Index l = 0; l < L; ++l) model.coefs.push_back(stacked.middleRows(l * m, m).transpose());

  const Matrix intercepts = file.tensor("intercepts").to_matrix("intercepts");
  if (intercepts.rows() != L || intercepts.cols() != m)
    throw DataError(path + ": tensor \"intercepts\" is " + check::str(intercepts.rows()) + " x " +
                    check::str(intercepts.cols()) + "; expected " + check::str(L) + " x " + check::str(m));
  check_finite(file, "intercepts", intercepts.data(), intercepts.size());
  model.intercepts = intercepts.transpose();

  const double selected = meta_double(file, "selected");
  if (selected < 0 || selected >= static_cast<double>(L) || selected != std::floor(selected))
    throw DataError(path + ": metadata \"selected\" = " + file.meta("selected") + " is not an index below " +
                    check::str(L));
  model.selected = static_cast<Index>(selected);
  try {
    model.feature_names = nlohmann::json::parse(file.meta("feature_names")).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw DataError(path + ": metadata \"feature_names\" is not a JSON list of strings");
  }
  model.target_name = file.meta("target");
  try {
    check_consistent(model, path);
  } catch (const InvalidArgument& e) {
    throw DataError(e.what());
  }
  return model;
}

std::string model_file_kind(const std::string& path) {
  const io::TensorFile file = io::load_tensor_file(path);
  if (file.meta("format") != "regkit-model")
    throw DataError(path + ": not a regkit model file (format \"" + file.meta("format") + "\")");
  return file.meta("kind");
}

}  // namespace regkit::linear
