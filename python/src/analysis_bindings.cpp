// rptdose.voi_stats and rptdose.dvh: per-VOI figures of numpy dose maps.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

/// "D2", "D50", "V20", "V0.5": a prefix and the level as %g.
std::string key(char prefix, double level) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%c%g", prefix, level);
  return buffer;
}

}  // namespace

void bind_analysis(py::module_& module) {
  module.def(
      "voi_stats",
      [](const py::object& dose_object, const py::object& labels_object, const py::object& spacing_mm,
         const py::object& density_object, const std::vector<double>& dose_volume_percent,
         const std::vector<double>& thresholds) {
        const Vector3 spacing = spacing_of(spacing_mm);
        const auto dose = floating_input<float>(dose_object, "dose");
        const auto labels = label_input(labels_object, "labels");
        require_same_shape(dose, labels, "dose", "labels");
        const Volume<float> dose_view = view_of(dose, spacing, "dose");
        const Volume<std::int32_t> labels_view = view_of(labels, spacing, "labels");
        CArray<float> density;
        Volume<float> density_view;
        analysis::VoiStatisticsOptions options;
        options.dose_volume_percent = dose_volume_percent;
        options.volume_dose_thresholds = thresholds;
        if (!density_object.is_none()) {
          density = floating_input<float>(density_object, "density");
          require_same_shape(dose, density, "dose", "density");
          density_view = view_of(density, spacing, "density");
          options.density_g_per_ml = &density_view;
        }
        std::vector<analysis::VoiStatistics> stats;
        {
          py::gil_scoped_release release;
          stats = analysis::voi_statistics(dose_view, labels_view, options);
        }
        py::list rows;
        for (const auto& s : stats) {
          py::dict row;
          row["label"] = s.label;
          row["voxels"] = s.voxels;
          row["volume_ml"] = s.volume_ml;
          row["mass_g"] = s.mass_g;
          row["mean"] = s.mean;
          row["median"] = s.median;
          row["min"] = s.min;
          row["max"] = s.max;
          row["sd"] = s.sd;
          for (const auto& [x, d] : s.dose_at_volume_percent) row[py::str(key('D', x))] = d;
          for (const auto& [x, v] : s.volume_percent_at_dose) row[py::str(key('V', x))] = v;
          rows.append(row);
        }
        return rows;
      },
      py::arg("dose"), py::arg("labels"), py::arg("spacing_mm"), py::kw_only(), py::arg("density") = py::none(),
      py::arg("dose_volume_percent") = std::vector<double>{2, 50, 95, 98},
      py::arg("thresholds") = std::vector<double>{},
      R"(Per-VOI statistics of a map (e.g. dose in Gy) over a label map, both [z, y, x].

    dose: float32 (read in place) or float64 (converted) C-contiguous array. labels: integer label map (int32 read
    in place, other integer dtypes converted). spacing_mm: (z, y, x) voxel spacing in mm, or one number
    (isotropic). density: g/mL map for masses and the mass-weighted mean (default soft tissue, 1.04 g/mL).
    dose_volume_percent: the x of the D<x> keys; thresholds: the x of the V<x> keys (in the map's unit).
    The GIL is released during the computation.

Returns one dict per label (0 is background): label, voxels, volume_ml, mass_g, mean (energy over mass), median,
min, max, sd, "D<x>" (dose received by at least x % of the volume, e.g. "D2", "D98") and "V<x>" (percent of the
volume receiving at least x, e.g. "V20").)");

  module.def(
      "dvh",
      [](const py::object& dose_object, const py::object& labels_object, std::int32_t label, std::size_t bins) {
        // Volume fractions do not depend on the spacing: unit spacing.
        const Vector3 unit(1.0, 1.0, 1.0);
        const auto dose = floating_input<float>(dose_object, "dose");
        const auto labels = label_input(labels_object, "labels");
        require_same_shape(dose, labels, "dose", "labels");
        const Volume<float> dose_view = view_of(dose, unit, "dose");
        const Volume<std::int32_t> labels_view = view_of(labels, unit, "labels");
        analysis::Dvh dvh;
        {
          py::gil_scoped_release release;
          require_finite(dose_view, "the dose map", "fix the dose computation's input");
          dvh = analysis::cumulative_dvh(dose_view, labels_view, label, bins);
        }
        return py::make_tuple(
            py::array_t<double>(static_cast<py::ssize_t>(dvh.dose.size()), dvh.dose.data()),
            py::array_t<double>(static_cast<py::ssize_t>(dvh.volume_fraction.size()), dvh.volume_fraction.data()));
      },
      py::arg("dose"), py::arg("labels"), py::arg("label"), py::arg("bins") = 200,
      "Cumulative DVH of one label: (dose levels from 0 to the maximum, fraction of the volume receiving at least "
      "each level).");
}

}  // namespace rptdose::python
