// rptdose.RecoveryCurve, rptdose.fit_recovery_curve and rptdose.read_calibration: the recovery curve and the
// calibration file of quantification/ (docs/calibration.md); rptdose.calibrate (pipeline_bindings.cpp) makes one.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <optional>
#include <vector>

#include "bindings.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/quantification/calibration.hpp"
#include "rptdose/quantification/recovery_curve.hpp"

namespace py = pybind11;

namespace rptdose::python {

py::dict calibration_dict(const quantification::Calibration& c) {
  py::dict d;
  d["nuclide"] = c.nuclide;
  d["camera"] = c.camera;
  d["calibration_time"] = c.calibration_time;
  if (const auto& s = c.sensitivity) {
    py::dict sensitivity;
    sensitivity["cps_per_MBq"] = s->cps_per_MBq;
    sensitivity["u_cps_per_MBq"] = s->u_cps_per_MBq;
    sensitivity["counts"] = s->counts;
    sensitivity["acquisition_duration_s"] = s->acquisition_duration_s;
    sensitivity["activity_at_acquisition_MBq"] = s->activity_at_acquisition_MBq;
    sensitivity["voi"] = s->voi;
    d["sensitivity"] = sensitivity;
  } else {
    d["sensitivity"] = py::none();
  }
  py::list points;
  for (const auto& p : c.recovery_points) {
    py::dict point;
    point["name"] = p.name;
    point["volume_mL"] = p.volume_mL;
    point["recovery"] = p.recovery;
    point["recovery_u"] = p.recovery_u;
    points.append(point);
  }
  d["recovery_points"] = points;
  d["recovery_curve"] = c.recovery ? py::cast(*c.recovery) : py::object(py::none());
  py::dict provenance;
  provenance["command"] = c.provenance.command;
  provenance["inputs"] = c.provenance.inputs;
  provenance["rptdose_version"] = c.provenance.rptdose_version;
  provenance["created_utc"] = c.provenance.created_utc;
  d["provenance"] = provenance;
  return d;
}

void bind_quantification(py::module_& module) {
  using quantification::RecoveryCurve;
  py::class_<RecoveryCurve>(module, "RecoveryCurve", R"(A fitted recovery curve RC(V) = a / (1 + (b_mL / V)^c)
(docs/calibration.md): from rptdose.fit_recovery_curve, a calibration file (rptdose.read_calibration), or
published parameters (then the covariance is zero unless given).)")
      .def(py::init([](double a, double b_mL, double c, double volume_min_mL, double volume_max_mL,
                       const std::optional<std::vector<std::vector<double>>>& covariance) {
             if (!(a > 0 && b_mL > 0 && c > 0)) throw InvalidInput("RecoveryCurve: a, b_mL and c must be positive");
             if (!(volume_min_mL > 0 && volume_max_mL >= volume_min_mL))
               throw InvalidInput("RecoveryCurve: the fitted range must have 0 < volume_min_mL <= volume_max_mL");
             RecoveryCurve curve;
             curve.a = a;
             curve.b_mL = b_mL;
             curve.c = c;
             curve.volume_min_mL = volume_min_mL;
             curve.volume_max_mL = volume_max_mL;
             if (covariance) {
               if (covariance->size() != 3) throw InvalidInput("RecoveryCurve: covariance must be 3 rows of 3");
               for (std::size_t r = 0; r < 3; ++r) {
                 if ((*covariance)[r].size() != 3) throw InvalidInput("RecoveryCurve: covariance must be 3 rows of 3");
                 for (std::size_t q = 0; q < 3; ++q) curve.covariance[r * 3 + q] = (*covariance)[r][q];
               }
             }
             return curve;
           }),
           py::arg("a"), py::arg("b_mL"), py::arg("c"), py::kw_only(), py::arg("volume_min_mL"),
           py::arg("volume_max_mL"), py::arg("covariance") = py::none())
      .def_property_readonly(
          "a", [](const RecoveryCurve& c) { return c.a; }, "plateau (dimensionless)")
      .def_property_readonly(
          "b_mL", [](const RecoveryCurve& c) { return c.b_mL; }, "volume of RC = a/2, mL")
      .def_property_readonly(
          "c", [](const RecoveryCurve& c) { return c.c; }, "steepness (dimensionless)")
      .def_property_readonly(
          "covariance",
          [](const RecoveryCurve& c) {
            std::vector<std::vector<double>> rows(3, std::vector<double>(3));
            for (std::size_t r = 0; r < 3; ++r)
              for (std::size_t q = 0; q < 3; ++q) rows[r][q] = c.covariance[r * 3 + q];
            return rows;
          },
          "covariance of (a, b_mL, c), 3 rows of 3")
      .def_property_readonly("volume_min_mL", [](const RecoveryCurve& c) { return c.volume_min_mL; })
      .def_property_readonly("volume_max_mL", [](const RecoveryCurve& c) { return c.volume_max_mL; })
      .def("recovery", &RecoveryCurve::recovery, py::arg("volume_mL"),
           "RC at a volume (mL); below the fitted range the smallest fitted volume's, above it the curve's.")
      .def("recovery_u", &RecoveryCurve::recovery_u, py::arg("volume_mL"),
           "The standard uncertainty of recovery(volume_mL), from the parameters' covariance.")
      .def("within_fitted_range", &RecoveryCurve::within_fitted_range, py::arg("volume_mL"))
      .def("__repr__", [](const RecoveryCurve& c) {
        return "RecoveryCurve(a=" + std::to_string(c.a) + ", b_mL=" + std::to_string(c.b_mL) +
               ", c=" + std::to_string(c.c) + ", fitted over " + std::to_string(c.volume_min_mL) + "-" +
               std::to_string(c.volume_max_mL) + " mL)";
      });
  module.def(
      "fit_recovery_curve",
      [](const std::vector<double>& volumes_mL, const std::vector<double>& recovery,
         const std::optional<std::vector<double>>& recovery_u) {
        if (recovery.size() != volumes_mL.size() || (recovery_u && recovery_u->size() != volumes_mL.size()))
          throw InvalidInput(
              "fit_recovery_curve: volumes_mL, recovery and recovery_u must have one value per "
              "object");
        std::vector<quantification::RecoveryPoint> points;
        for (std::size_t i = 0; i < volumes_mL.size(); ++i)
          points.push_back({"", volumes_mL[i], recovery[i], recovery_u ? (*recovery_u)[i] : 0.0});
        return quantification::fit_recovery_curve(points);
      },
      py::arg("volumes_mL"), py::arg("recovery"), py::arg("recovery_u") = py::none(),
      R"(Fits RC(V) = a / (1 + (b_mL / V)^c) to measured recovery coefficients (docs/calibration.md).

    volumes_mL: the objects' true volumes (mL), at least 4 points of at least 3 distinct volumes.
    recovery: their RC (mean in the true volume / true concentration).
    recovery_u: their standard uncertainties (weights 1/u²); None: equal weights.
Returns an rptdose.RecoveryCurve. Raises InvalidInput for too few or non-positive values, NumericalError when the
fit does not converge.)");
  module.def(
      "read_calibration",
      [](const std::filesystem::path& path) { return calibration_dict(quantification::read_calibration(path)); },
      py::arg("path"),
      R"(Reads a calibration file (rptdose calibrate, rptdose.calibrate): a dict with nuclide, camera,
calibration_time, sensitivity ({cps_per_MBq, u_cps_per_MBq, counts, acquisition_duration_s,
activity_at_acquisition_MBq, voi} or None), recovery_points ([{name, volume_mL, recovery, recovery_u}]),
recovery_curve (rptdose.RecoveryCurve or None) and provenance ({command, inputs, rptdose_version, created_utc}).
Strict: unknown keys, wrong types, another major schema version raise InvalidInput; an unreadable file IoError.)");
}

}  // namespace rptdose::python
