// Python bindings of the logistic solver (linear/logistic.hpp): one lambda and a whole
// path, regkit's option names (glmnet's lambda_ and alpha). Labels arrive as class codes
// 0..k-1 (the Python layer encodes any labels); X is read in place (convert.hpp) and the
// GIL is released while the solver runs. LogisticRegression(CV) are in regkit/logistic.py.
#include <chrono>

#include "convert.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/linear/logistic.hpp"

namespace regkit::python {

namespace {

linear::LogisticSolver solver_named(const std::string& name) {
  if (name == "automatic") return linear::LogisticSolver::automatic;
  if (name == "trust_region_newton") return linear::LogisticSolver::trust_region_newton;
  if (name == "lbfgs") return linear::LogisticSolver::lbfgs;
  if (name == "proximal_newton") return linear::LogisticSolver::proximal_newton;
  throw InvalidArgument("logistic: solver must be automatic, trust_region_newton, lbfgs or "
                        "proximal_newton; got '" + name + "'");
}

linear::LogisticOptions logistic_options(double alpha, bool multinomial, bool fit_intercept,
                                         bool standardize, double tol, int max_iter,
                                         const std::optional<Vector>& penalty_factor,
                                         const std::optional<Vector>& sample_weight,
                                         const std::string& solver = "automatic") {
  linear::LogisticOptions o;
  o.solver = solver_named(solver);
  o.alpha = alpha;
  o.family = multinomial ? linear::LogisticFamily::multinomial : linear::LogisticFamily::automatic;
  o.fit_intercept = fit_intercept;
  o.standardize = standardize;
  o.tol = tol;
  o.max_iter = max_iter;
  o.penalty_factor = optional_vector(penalty_factor);
  o.sample_weight = optional_vector(sample_weight);
  return o;
}

}  // namespace

void bind_logistic(py::module_& m, const py::object& convergence_warning) {
  using namespace pybind11::literals;

  m.def(
      "logistic_fit",
      [convergence_warning](const py::object& X, const Vector& codes, double lambda_, double alpha,
                            bool multinomial, bool fit_intercept, bool standardize, double tol,
                            int max_iter, const std::optional<Vector>& penalty_factor,
                            const std::optional<Vector>& sample_weight,
                            const std::optional<Matrix>& warm_coef,
                            const std::optional<Vector>& warm_intercept, const std::string& solver) {
        const DesignView view = design_view(X);
        WarningSink sink;
        auto options = logistic_options(alpha, multinomial, fit_intercept, standardize, tol,
                                        max_iter, penalty_factor, sample_weight, solver);
        options.log = sink.logger();
        std::optional<linear::LogisticStart> start;
        if (warm_coef && warm_intercept) start = linear::LogisticStart{*warm_coef, *warm_intercept};
        linear::LogisticFit fit;
        const auto started = std::chrono::steady_clock::now();
        {
          py::gil_scoped_release release;
          const linear::Labels labels = linear::encode_labels(codes, "y");
          fit = linear::fit_logistic(view, labels, lambda_, options, start);
        }
        const auto stopped = std::chrono::steady_clock::now();
        sink.emit(convergence_warning);
        py::dict d;
        d["call_seconds"] = std::chrono::duration<double>(stopped - started).count();
        d["lambda_"] = fit.lambda;
        d["classes"] = fit.classes;
        d["coef"] = fit.coef;
        d["intercept"] = fit.intercept;
        d["n_iter"] = fit.iterations;
        d["converged"] = fit.converged;
        d["objective"] = fit.objective;
        d["max_kkt_violation"] = fit.max_kkt_violation;
        return d;
      },
      "X"_a, "codes"_a, "lambda_"_a, "alpha"_a = 0.0, "multinomial"_a = false,
      "fit_intercept"_a = true, "standardize"_a = true, "tol"_a = 1e-8, "max_iter"_a = 1000,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none(),
      "warm_coef"_a = py::none(), "warm_intercept"_a = py::none(), "solver"_a = "automatic",
      "One lambda of regularized logistic regression (linear/logistic.hpp); coef is p x m.");

  m.def(
      "logistic_path",
      [convergence_warning](const py::object& X, const Vector& codes, double alpha,
                            const std::optional<Vector>& lambdas, int lambda_count,
                            double lambda_min_ratio, bool multinomial, bool fit_intercept,
                            bool standardize, double tol, int max_iter,
                            const std::optional<Vector>& penalty_factor,
                            const std::optional<Vector>& sample_weight, const std::string& solver) {
        const DesignView view = design_view(X);
        WarningSink sink;
        auto options = logistic_options(alpha, multinomial, fit_intercept, standardize, tol,
                                        max_iter, penalty_factor, sample_weight, solver);
        options.log = sink.logger();
        linear::PathOptions path;
        path.lambdas = optional_vector(lambdas);
        path.lambda_count = lambda_count;
        path.lambda_min_ratio = lambda_min_ratio;
        linear::LogisticPath result;
        {
          py::gil_scoped_release release;
          const linear::Labels labels = linear::encode_labels(codes, "y");
          result = linear::logistic_path(view, labels, options, path);
        }
        sink.emit(convergence_warning);
        py::dict d;
        d["lambdas"] = result.lambdas;
        d["classes"] = result.classes;
        d["coefs"] = result.coefs;
        d["intercepts"] = result.intercepts;
        d["n_iter"] = result.iterations;
        d["converged"] = std::vector<bool>(result.converged.begin(), result.converged.end());
        d["objective"] = result.objective;
        d["max_kkt_violation"] = result.max_kkt_violation;
        d["fit_seconds"] = result.fit_seconds;
        return d;
      },
      "X"_a, "codes"_a, "alpha"_a = 0.0, "lambdas"_a = py::none(), "lambda_count"_a = 100,
      "lambda_min_ratio"_a = -1.0, "multinomial"_a = false, "fit_intercept"_a = true,
      "standardize"_a = true, "tol"_a = 1e-8, "max_iter"_a = 1000,
      "penalty_factor"_a = py::none(), "sample_weight"_a = py::none(), "solver"_a = "automatic",
      "A logistic path with warm starts; coefs is a list of p x m matrices, lambdas decreasing.");
}

}  // namespace regkit::python
