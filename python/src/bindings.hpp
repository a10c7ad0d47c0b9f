#pragma once
// Declarations of the per-area binding functions of the rptdose Python module.
#include <pybind11/pybind11.h>

#include "rptdose/quantification/calibration.hpp"

namespace rptdose::python {

void bind_errors(pybind11::module_& module);
void bind_core(pybind11::module_& module);  // rptdose.Grid, first: the other bindings name it
void bind_convolution(pybind11::module_& module);
void bind_timeactivity(pybind11::module_& module);
void bind_analysis(pybind11::module_& module);
void bind_nuclides(pybind11::module_& module);
void bind_kernels(pybind11::module_& module);
void bind_dose(pybind11::module_& module);
void bind_montecarlo(pybind11::module_& module);
void bind_radiobiology(pybind11::module_& module);
void bind_quantification(pybind11::module_& module);  // rptdose.RecoveryCurve, first of the calibration bindings
void bind_io(pybind11::module_& module);              // with RPTDOSE_HAVE_PIPELINE (ITK)
void bind_pipeline(pybind11::module_& module);        // with RPTDOSE_HAVE_PIPELINE (ITK)

/// A calibration (quantification/calibration.hpp) as the dict rptdose.read_calibration and rptdose.calibrate return.
pybind11::dict calibration_dict(const quantification::Calibration& calibration);

}  // namespace rptdose::python
