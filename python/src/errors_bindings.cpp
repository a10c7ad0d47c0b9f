// rptdose errors as Python exceptions: rptdose.Error (RuntimeError), rptdose.InvalidInput (ValueError),
// rptdose.IoError (OSError); messages are passed through unchanged.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::python {

void bind_errors(pybind11::module_& module) {
  // pybind11 tries translators from the last registered: the most derived types come last.
  pybind11::register_exception<Error>(module, "Error", PyExc_RuntimeError);
  pybind11::register_exception<InvalidInput>(module, "InvalidInput", PyExc_ValueError);
  pybind11::register_exception<IoError>(module, "IoError", PyExc_OSError);
}

}  // namespace rptdose::python
