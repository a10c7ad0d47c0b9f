// The compiled part of the rptdose Python package (rptdose._rptdose). One bindings file per library area.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "rptdose/version.hpp"

PYBIND11_MODULE(_rptdose, module) {
  module.doc() = "rptdose: radiopharmaceutical therapy dosimetry (compiled core)";
  module.attr("__version__") = rptdose::kVersion;
  rptdose::python::bind_errors(module);
  rptdose::python::bind_core(module);
  rptdose::python::bind_convolution(module);
  rptdose::python::bind_timeactivity(module);
  rptdose::python::bind_analysis(module);
  rptdose::python::bind_nuclides(module);
  rptdose::python::bind_kernels(module);
  rptdose::python::bind_dose(module);
  rptdose::python::bind_montecarlo(module);
  rptdose::python::bind_radiobiology(module);
  rptdose::python::bind_quantification(module);
#ifdef RPTDOSE_HAVE_PIPELINE
  rptdose::python::bind_io(module);
  rptdose::python::bind_pipeline(module);
#endif
}
