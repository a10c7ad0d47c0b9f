// rptdose errors as Python exceptions, with the C++ message:
//   rptdose.Error (RuntimeError)                 every rptdose failure
//   rptdose.InvalidInput (Error, ValueError)     a value the library cannot use (bad shape, dtype, NaN, spacing...)
//   rptdose.UnknownNuclide (InvalidInput)        a nuclide name not in the decay data (the message lists close ones)
//   rptdose.IoError (Error, OSError)             a file that cannot be read or written, or is malformed
//   rptdose.NumericalError (Error)               no trustworthy number (no convergence, singular system)
//   rptdose.Cancelled (Error)                    a long operation cancelled through its progress callback
// so `except ValueError` and `except OSError` work as in any Python library, and `except rptdose.Error` catches
// them all.
//
// The core names voxels (i, j, k) and grids "NxxNyxNz voxels" in x, y, z order; Python users index [z, y, x].
// The message is kept and the numpy reading added after each: "at index (3, 2, 1) (x, y, z), i.e. array[1, 2, 3]",
// "4x3x3 voxels (array shape (3, 3, 4))".
#include <pybind11/pybind11.h>

#include <regex>
#include <string>

#include "bindings.hpp"
#include "rptdose/core/error.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

std::string with_numpy_order(const std::string& message) {
  static const std::regex index(R"(index \((\d+), (\d+), (\d+)\))");
  static const std::regex grid(R"((\d+)x(\d+)x(\d+) voxels)");
  std::string text = std::regex_replace(message, index, "index ($1, $2, $3) (x, y, z), i.e. array[$3, $2, $1]");
  return std::regex_replace(text, grid, "$1x$2x$3 voxels (array shape ($3, $2, $1))");
}

/// The Python exception types, created once and kept for the life of the process (never destroyed: the
/// translator may run during interpreter shutdown).
struct ExceptionTypes {
  py::handle error, invalid_input, unknown_nuclide, io_error, numerical_error, cancelled;
};
ExceptionTypes& types() {
  static auto* t = new ExceptionTypes{};
  return *t;
}

py::handle new_type(py::module_& module, const char* name, py::handle bases, const char* doc) {
  const std::string full_name = module.attr("__name__").cast<std::string>() + "." + name;
  PyObject* type = PyErr_NewExceptionWithDoc(full_name.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  module.attr(name) = py::handle(type);  // the module holds a reference; `type` keeps ours (never released)
  return type;
}

}  // namespace

void bind_errors(py::module_& module) {
  auto& t = types();
  t.error = new_type(module, "Error", PyExc_RuntimeError, "Base of every exception raised by rptdose.");
  t.invalid_input = new_type(module, "InvalidInput", py::make_tuple(t.error, py::handle(PyExc_ValueError)),
                             "A value rptdose cannot use (shape, dtype, NaN, spacing, unknown option...).");
  t.unknown_nuclide = new_type(module, "UnknownNuclide", t.invalid_input,
                               "A nuclide name not in the decay data; the message lists close matches.");
  t.io_error = new_type(module, "IoError", py::make_tuple(t.error, py::handle(PyExc_OSError)),
                        "A file that cannot be read or written, or whose content is malformed.");
  t.numerical_error =
      new_type(module, "NumericalError", t.error, "A computation that could not produce a trustworthy number.");
  t.cancelled = new_type(module, "Cancelled", t.error, "A long operation cancelled through its progress callback.");

  py::register_exception_translator([](std::exception_ptr pointer) {
    if (!pointer) return;
    try {
      std::rethrow_exception(pointer);
    } catch (const UnknownNuclide& e) {
      PyErr_SetString(types().unknown_nuclide.ptr(), with_numpy_order(e.what()).c_str());
    } catch (const InvalidInput& e) {
      PyErr_SetString(types().invalid_input.ptr(), with_numpy_order(e.what()).c_str());
    } catch (const IoError& e) {
      PyErr_SetString(types().io_error.ptr(), e.what());
    } catch (const NumericalError& e) {
      PyErr_SetString(types().numerical_error.ptr(), with_numpy_order(e.what()).c_str());
    } catch (const Cancelled& e) {
      PyErr_SetString(types().cancelled.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(types().error.ptr(), with_numpy_order(e.what()).c_str());
    }
  });
}

}  // namespace rptdose::python
