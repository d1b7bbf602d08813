// Python bindings of the linear layer (linear/elastic_net.hpp, linear/ridge.hpp): thin
// shells taking regkit's own option names (glmnet's lambda_ and alpha). X is read in
// place (convert.hpp); the GIL is released while the solver runs. The scikit-learn
// estimators and their parameter translations live in regkit/linear_model.py.
#include <chrono>

#include "convert.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/linear/elastic_net.hpp"
#include "regkit/linear/ridge.hpp"

namespace regkit::python {

namespace {

linear::UpdateRule update_rule(const std::string& name) {
  if (name == "automatic") return linear::UpdateRule::automatic;
  if (name == "covariance") return linear::UpdateRule::covariance;
  if (name == "naive") return linear::UpdateRule::naive;
  throw InvalidArgument("enet: update must be automatic, covariance or naive; got '" + name + "'");
}

linear::ElasticNetOptions enet_options(double alpha, bool fit_intercept, bool standardize,
                                       double tol, int max_iter,
                                       const std::optional<Vector>& penalty_factor,
                                       const std::optional<Vector>& sample_weight,
                                       const std::string& update = "automatic") {
  linear::ElasticNetOptions o;
  o.update = update_rule(update);
  o.alpha = alpha;
  o.fit_intercept = fit_intercept;
  o.standardize = standardize;
  o.tol = tol;
  o.max_iter = max_iter;
  o.penalty_factor = optional_vector(penalty_factor);
  o.sample_weight = optional_vector(sample_weight);
  return o;
}

linear::RidgeOptions ridge_options(bool fit_intercept, bool standardize,
                                   const std::optional<Vector>& penalty_factor,
                                   const std::optional<Vector>& sample_weight) {
  linear::RidgeOptions o;
  o.fit_intercept = fit_intercept;
  o.standardize = standardize;
  o.penalty_factor = optional_vector(penalty_factor);
  o.sample_weight = optional_vector(sample_weight);
  return o;
}

}  // namespace

void bind_linear(py::module_& m, const py::object& convergence_warning) {
  using namespace pybind11::literals;

  m.def(
      "enet_fit",
      [convergence_warning](const py::object& X, const Vector& y, double lambda_, double alpha,
                            bool fit_intercept, bool standardize, double tol, int max_iter,
                            const std::optional<Vector>& penalty_factor,
                            const std::optional<Vector>& sample_weight,
                            const std::optional<Vector>& warm_start, const std::string& update) {
        const DesignView view = design_view(X);
        WarningSink sink;
        auto options = enet_options(alpha, fit_intercept, standardize, tol, max_iter,
                                    penalty_factor, sample_weight, update);
        options.log = sink.logger();
        linear::FitResult fit;
        const auto started = std::chrono::steady_clock::now();
        {
          py::gil_scoped_release release;
          fit = linear::fit_elastic_net(view, y, lambda_, options, warm_start);
        }
        const auto stopped = std::chrono::steady_clock::now();
        sink.emit(convergence_warning);
        py::dict d = to_dict(fit);
        d["call_seconds"] = std::chrono::duration<double>(stopped - started).count();
        return d;
      },
      "X"_a, "y"_a, "lambda_"_a, "alpha"_a = 1.0, "fit_intercept"_a = true,
      "standardize"_a = true, "tol"_a = 1e-7, "max_iter"_a = 100000,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none(),
      "warm_start"_a = py::none(), "update"_a = "automatic",
      "One lambda of the elastic net (linear/elastic_net.hpp), glmnet's convention.");

  m.def(
      "enet_path",
      [convergence_warning](const py::object& X, const Vector& y, double alpha,
                            const std::optional<Vector>& lambdas, int lambda_count,
                            double lambda_min_ratio, bool fit_intercept, bool standardize,
                            double tol, int max_iter, const std::optional<Vector>& penalty_factor,
                            const std::optional<Vector>& sample_weight, const std::string& update) {
        const DesignView view = design_view(X);
        WarningSink sink;
        auto options = enet_options(alpha, fit_intercept, standardize, tol, max_iter,
                                    penalty_factor, sample_weight, update);
        options.log = sink.logger();
        linear::PathOptions path;
        path.lambdas = optional_vector(lambdas);
        path.lambda_count = lambda_count;
        path.lambda_min_ratio = lambda_min_ratio;
        linear::PathResult result;
        const auto started = std::chrono::steady_clock::now();
        {
          py::gil_scoped_release release;
          result = linear::elastic_net_path(view, y, options, path);
        }
        const auto stopped = std::chrono::steady_clock::now();
        sink.emit(convergence_warning);
        py::dict d = to_dict(std::move(result));
        // The C++ call as a C++ caller sees it (input checks + solver), for measuring the
        // binding's own cost against the Python call's wall time.
        d["call_seconds"] = std::chrono::duration<double>(stopped - started).count();
        return d;
      },
      "X"_a, "y"_a, "alpha"_a = 1.0, "lambdas"_a = py::none(), "lambda_count"_a = 100,
      "lambda_min_ratio"_a = -1.0, "fit_intercept"_a = true, "standardize"_a = true,
      "tol"_a = 1e-7, "max_iter"_a = 100000, "penalty_factor"_a = py::none(),
      "sample_weight"_a = py::none(), "update"_a = "automatic",
      "A whole elastic-net path with warm starts and strong rules; lambdas decreasing.");

  m.def(
      "enet_lambda_max",
      [](const py::object& X, const Vector& y, double alpha, bool fit_intercept,
         bool standardize, const std::optional<Vector>& penalty_factor,
         const std::optional<Vector>& sample_weight) {
        const DesignView view = design_view(X);
        const auto options = enet_options(alpha, fit_intercept, standardize, 1e-7, 100000,
                                          penalty_factor, sample_weight);
        py::gil_scoped_release release;
        return linear::lambda_max(view, y, options);
      },
      "X"_a, "y"_a, "alpha"_a = 1.0, "fit_intercept"_a = true, "standardize"_a = true,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none());

  m.def(
      "ridge_fit",
      [](const py::object& X, const Matrix& Y, double lambda_, bool fit_intercept,
         bool standardize, const std::optional<Vector>& penalty_factor,
         const std::optional<Vector>& sample_weight) {
        const DesignView view = design_view(X);
        const auto options = ridge_options(fit_intercept, standardize, penalty_factor, sample_weight);
        linear::RidgeMultiFit fit;
        {
          py::gil_scoped_release release;
          fit = linear::fit_ridge_multi(view, Y, lambda_, options);
        }
        py::dict d;
        d["lambda_"] = fit.lambda;
        d["coef"] = fit.coef;
        d["intercept"] = fit.intercept;
        return d;
      },
      "X"_a, "Y"_a, "lambda_"_a, "fit_intercept"_a = true, "standardize"_a = true,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none(),
      "Ridge at one lambda for every column of Y (n x t): coef is p x t.");

  m.def(
      "ridge_path",
      [](const py::object& X, const Vector& y, const std::optional<Vector>& lambdas,
         bool fit_intercept, bool standardize, const std::optional<Vector>& penalty_factor,
         const std::optional<Vector>& sample_weight) {
        const DesignView view = design_view(X);
        const auto options = ridge_options(fit_intercept, standardize, penalty_factor, sample_weight);
        linear::PathResult result;
        {
          py::gil_scoped_release release;
          result = linear::ridge_path(view, y, optional_vector(lambdas), options);
        }
        return to_dict(std::move(result));
      },
      "X"_a, "y"_a, "lambdas"_a = py::none(), "fit_intercept"_a = true, "standardize"_a = true,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none());

  m.def(
      "ridge_loo",
      [](const py::object& X, const Vector& y, const Vector& lambdas, bool fit_intercept,
         bool standardize, const std::optional<Vector>& penalty_factor,
         const std::optional<Vector>& sample_weight) {
        const DesignView view = design_view(X);
        const auto options = ridge_options(fit_intercept, standardize, penalty_factor, sample_weight);
        linear::RidgeLooResult r;
        {
          py::gil_scoped_release release;
          r = linear::ridge_loo(view, y, lambdas, options);
        }
        py::dict d;
        d["lambdas"] = r.lambdas;
        d["loo_mse"] = r.loo_mse;
        d["gcv"] = r.gcv;
        d["best"] = r.best;
        return d;
      },
      "X"_a, "y"_a, "lambdas"_a, "fit_intercept"_a = true, "standardize"_a = true,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none(),
      "Exact leave-one-out MSE (weighted sum over samples) and GCV for every lambda.");
}

}  // namespace regkit::python
