// Conversions shared by the bind_*.cpp files: NumPy / SciPy objects to the library's
// non-owning views (no copies), warnings collected while the GIL is released, and the
// result structs as dicts of NumPy arrays.
//
// A design X arrives as either
//   - a 2-D float64 NumPy array in Fortran (column-major) order: a DenseView of its buffer;
//   - a SciPy CSC matrix (float64 data, int32 indices and indptr, sorted, no duplicates):
//     a SparseView of its three arrays.
// Anything else is a TypeError naming what was found; the Python layer (regkit/_data.py)
// converts other layouts first, copying only then. The views are valid while the Python
// objects live, i.e. for the duration of the call that received them.
#pragma once

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "regkit/core/types.hpp"
#include "regkit/linear/fit_result.hpp"

namespace regkit::python {

namespace py = pybind11;

inline std::string describe_array(const py::array& a) {
  return std::string(py::str(a.dtype())) + " array of " + std::to_string(a.ndim()) + " dimension(s)";
}

inline DesignView design_view(const py::object& X) {
  if (py::isinstance<py::array>(X)) {
    const auto a = py::reinterpret_borrow<py::array>(X);
    if (a.ndim() != 2 || !a.dtype().is(py::dtype::of<double>()) ||
        !(a.flags() & py::array::f_style))
      throw py::type_error("regkit: X must be a 2-D float64 array in Fortran order (or a SciPy "
                           "CSC matrix); got a " + describe_array(a) +
                           (a.flags() & py::array::f_style ? "" : " not in Fortran order") +
                           " (the estimators convert; the _regkit functions do not)");
    return DenseView(static_cast<const double*>(a.data()), a.shape(0), a.shape(1));
  }
  if (py::hasattr(X, "format") && py::str(X.attr("format")).cast<std::string>() == "csc") {
    const auto data = X.attr("data").cast<py::array>();
    const auto indices = X.attr("indices").cast<py::array>();
    const auto indptr = X.attr("indptr").cast<py::array>();
    const auto shape = X.attr("shape").cast<std::pair<Index, Index>>();
    if (!data.dtype().is(py::dtype::of<double>()) || !indices.dtype().is(py::dtype::of<int>()) ||
        !indptr.dtype().is(py::dtype::of<int>()) ||
        !(data.flags() & py::array::c_style) || !(indices.flags() & py::array::c_style) ||
        !(indptr.flags() & py::array::c_style))
      throw py::type_error("regkit: a sparse X must be CSC with contiguous float64 data and "
                           "int32 indices; got data " + describe_array(data) + ", indices " +
                           describe_array(indices));
    if (!X.attr("has_sorted_indices").cast<bool>())
      throw py::type_error("regkit: a sparse X must have sorted indices (call X.sort_indices())");
    const auto nnz = static_cast<Index>(data.size());
    return SparseView(shape.first, shape.second, nnz, static_cast<const int*>(indptr.data()),
                      static_cast<const int*>(indices.data()),
                      static_cast<const double*>(data.data()));
  }
  throw py::type_error("regkit: X must be a NumPy float64 array in Fortran order or a SciPy CSC "
                       "matrix; got " + std::string(py::str(py::type::of(X))));
}

// Warnings the library sends through its Logger while the GIL is released; issued as
// Python warnings (sklearn's ConvergenceWarning when given) once the call returns.
struct WarningSink {
  std::vector<std::string> messages;
  Logger logger() {
    return [this](LogLevel level, std::string_view message) {
      if (level == LogLevel::warning) messages.emplace_back(message);
    };
  }
  void emit(const py::handle& category) const {
    for (const auto& m : messages) PyErr_WarnEx(category.ptr(), m.c_str(), 2);
  }
};

// A NumPy array over an Eigen vector or (column-major) matrix moved to the heap: the
// array owns it through a capsule, so the result is not copied (a path's p x L
// coefficients are 4 MB at p = 5000, L = 100, and copying them was most of the binding's
// cost on such paths).
template <class Dense>
py::array adopt(Dense&& m) {
  static_assert(!std::is_lvalue_reference_v<Dense>, "adopt takes an rvalue");
  auto* heap = new Dense(std::move(m));
  py::capsule owner(heap, [](void* q) { delete static_cast<Dense*>(q); });
  using Scalar = typename Dense::Scalar;
  if constexpr (Dense::ColsAtCompileTime == 1)
    return py::array_t<Scalar>({heap->size()}, {static_cast<py::ssize_t>(sizeof(Scalar))}, heap->data(), owner);
  else
    return py::array_t<Scalar>({heap->rows(), heap->cols()},
                               {static_cast<py::ssize_t>(sizeof(Scalar)),
                                static_cast<py::ssize_t>(sizeof(Scalar)) * heap->rows()},
                               heap->data(), owner);
}

inline py::dict to_dict(const linear::FitResult& f) {
  py::dict d;
  d["lambda_"] = f.lambda;
  d["alpha"] = f.alpha;
  d["coef"] = f.coef;
  d["intercept"] = f.intercept;
  d["n_iter"] = f.iterations;
  d["converged"] = f.converged;
  d["objective"] = f.objective;
  d["duality_gap"] = f.duality_gap;
  d["max_kkt_violation"] = f.max_kkt_violation;
  return d;
}

inline py::dict to_dict(linear::PathResult&& p) {
  py::dict d;
  d["alpha"] = p.alpha;
  d["lambdas"] = adopt(std::move(p.lambdas));
  d["coefs"] = adopt(std::move(p.coefs));
  d["intercepts"] = adopt(std::move(p.intercepts));
  d["n_iter"] = p.iterations;
  d["converged"] = std::vector<bool>(p.converged.begin(), p.converged.end());
  d["objective"] = p.objective;
  d["duality_gap"] = p.duality_gap;
  d["max_kkt_violation"] = p.max_kkt_violation;
  d["df"] = p.df;
  d["fit_seconds"] = p.fit_seconds;
  return d;
}

inline Vector optional_vector(const std::optional<Vector>& v) { return v ? *v : Vector(); }

}  // namespace regkit::python
