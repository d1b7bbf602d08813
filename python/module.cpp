// regkit._regkit: the compiled half of the Python package (regkit/__init__.py is the
// other). Errors: regkit::InvalidArgument and DataError arrive as ValueError subclasses
// (regkit.InvalidArgument, regkit.DataError), NumericalError as a RuntimeError subclass,
// NotFitted as sklearn's NotFittedError when scikit-learn is importable; each keeps the
// C++ message. Ctrl-C: the library's long loops poll for a pending signal (the poll below
// takes the GIL and runs PyErr_CheckSignals, at most every few milliseconds) and stop
// with regkit::Interrupted, raised here as KeyboardInterrupt.
#include "convert.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/core/interrupt.hpp"

namespace {

bool python_signal_pending() {
  pybind11::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  PyErr_Clear();  // raised again, as KeyboardInterrupt, when the C++ call returns
  return true;
}

}  // namespace

namespace regkit::python {
void bind_linear(py::module_& m, const py::object& convergence_warning);
void bind_logistic(py::module_& m, const py::object& convergence_warning);
void bind_nn(py::module_& m);
}  // namespace regkit::python

PYBIND11_MODULE(_regkit, m) {
  namespace py = pybind11;
  m.doc() = "regkit C++ core (use the regkit package, not this module)";
  py::register_exception<regkit::InvalidArgument>(m, "InvalidArgument", PyExc_ValueError);
  py::register_exception<regkit::DataError>(m, "DataError", PyExc_ValueError);
  py::register_exception<regkit::NumericalError>(m, "NumericalError", PyExc_RuntimeError);
  py::register_exception<regkit::NotFitted>(m, "NotFitted", PyExc_AttributeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const regkit::Interrupted& e) {
      regkit::clear_interrupt();
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    }
  });
  regkit::set_interrupt_poll(&python_signal_pending);
  py::object convergence_warning = py::reinterpret_borrow<py::object>(PyExc_UserWarning);
  try {
    convergence_warning = py::module_::import("sklearn.exceptions").attr("ConvergenceWarning");
  } catch (py::error_already_set&) {
  }
  m.attr("ConvergenceWarning") = convergence_warning;
  regkit::python::bind_linear(m, convergence_warning);
  regkit::python::bind_logistic(m, convergence_warning);
  py::module_ nn = m.def_submodule("nn", "regkit::nn");
  regkit::python::bind_nn(nn);
}
