// rptdose.dose and rptdose.DoseCalculator: absorbed dose (Gy) from TIA maps, or dose rate (Gy/s) from activity
// maps, with a voxel S-value kernel or local energy deposition, per component, with density correction.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kernel_arguments.hpp"
#include "nuclide_arguments.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

/// Everything that defines a calculator, as given in Python.
struct DoseArguments {
  std::string method{dose::dose_method_name(dose::DoseMethod::Kernel)};
  std::string medium = "soft-tissue";
  std::optional<double> medium_density_g_per_mL;
  std::optional<double> kernel_radius_mm;
  std::optional<double> photon_radius_mm;
  bool include_photons = false;
  bool components = false;
  std::map<std::string, double> leaving_fraction;
  double density_floor_g_per_mL = dose::kDefaultDensityFloor_g_per_ml;
  std::optional<unsigned> threads;
};

/// The calculator behind rptdose.DoseCalculator (and each rptdose.dose call).
struct PyDoseCalculator {
  std::unique_ptr<dose::DoseCalculator> calculator;
  dose::DoseMethod method;
};

PyDoseCalculator make_calculator(const py::object& nuclide, const py::object& spacing_mm, const DoseArguments& a) {
  const std::string name = nuclide_name_of(nuclide);
  dose::DoseMethodSpec spec;
  spec.method = dose::parse_dose_method(a.method);
  const bool led = spec.method == dose::DoseMethod::LocalDeposition;
  if (led && (a.kernel_radius_mm || a.photon_radius_mm))
    throw InvalidInput("kernel_radius_mm and photon_radius_mm apply to method='kernel', not 'led'");
  if (!led && a.include_photons)
    throw InvalidInput(
        "include_photons applies to method='led'; the kernel follows photons to photon_radius_mm "
        "(default: the kernel's corner)");
  spec.kernel_radius_mm = a.kernel_radius_mm;
  spec.medium = kernels::parse_medium(a.medium);
  spec.density_g_per_ml = a.medium_density_g_per_mL;
  spec.photon_radius_mm = a.photon_radius_mm;
  spec.local_deposition.include_photons = a.include_photons;
  spec.chain = chain_options(kDefaultMaxDaughterHalfLife_s, a.leaving_fraction);
  const Vector3 spacing = spacing_of(spacing_mm);
  const unsigned threads = threads_of(a.threads);
  dose::DoseOptions options;
  options.components = a.components;
  options.density_floor_g_per_ml = a.density_floor_g_per_mL;
  options.convolution.threads = threads;
  PyDoseCalculator result;
  result.method = spec.method;
  py::gil_scoped_release release;
  result.calculator = std::make_unique<dose::DoseCalculator>(
      dose::make_dose_kernel(name, spacing, spec, threads, &kernel_cache()), options);
  return result;
}

py::dict report_dict(const dose::DoseReport& r) {
  py::dict d;
  d["method"] = r.method;
  d["negative_voxels"] = r.negative_input.count;
  d["negative_sum"] = r.negative_input.sum;
  d["density_corrected"] = r.density_corrected;
  d["density_clamped_voxels"] = r.density_clamped_voxels;
  return d;
}

/// Runs the calculator on a source map (TIA or activity) [z, y, x] with an optional density map [z, y, x].
py::object compute(const PyDoseCalculator& self, const py::object& source_object, const py::object& density_object,
                   bool rate, bool return_report) {
  const char* what = rate ? "activity" : "tia";
  const Grid kernel_grid = self.calculator->kernel().grid();
  const auto source = floating_input<float>(source_object, what);
  const Volume<float> source_view = view_of(source, kernel_grid.spacing_mm(), what);
  CArray<float> density;
  Volume<float> density_view;
  if (!density_object.is_none()) {
    density = floating_input<float>(density_object, "density");
    require_same_shape(source, density, what, "density");
    density_view = view_of(density, kernel_grid.spacing_mm(), "density");
  }
  const Volume<float>* density_pointer = density_object.is_none() ? nullptr : &density_view;
  dose::DoseMaps maps;
  {
    py::gil_scoped_release release;
    maps = rate ? self.calculator->dose_rate_from_activity(source_view, density_pointer)
                : self.calculator->dose_from_tia(source_view, density_pointer);
  }
  py::object result;
  if (self.calculator->options().components) {
    py::dict d;
    d["total"] = to_numpy(std::move(maps.total));
    d["alpha"] = to_numpy(std::move(*maps.alpha));
    d["electron"] = to_numpy(std::move(*maps.electron));
    d["photon"] = to_numpy(std::move(*maps.photon));
    result = d;
  } else {
    result = to_numpy(std::move(maps.total));
  }
  if (return_report) return py::make_tuple(result, report_dict(maps.report));
  return result;
}

constexpr const char* kCalculatorArgsDoc = R"(
    nuclide: name ("Lu-177", "177Lu", "lu177") or rptdose.Nuclide; its in-situ decay chain is included (the TIA
        is the parent's).
    spacing_mm: voxel size (z, y, x) in mm of the maps, or one number for cubic voxels.
    method: "kernel" (voxel S-value convolution, default) or "led" (local energy deposition of alphas and
        electrons: D = Ã·E/(ρ·V), no cross-fire).
    components: also return the alpha, electron and photon maps (a dict; they sum to "total").
    kernel_radius_mm: kernel reach for method="kernel", photons beyond it left out (default: none, full-range
        photons, as in the study file).
    photon_radius_mm: photons are followed to this radius (default: the kernel's corner with kernel_radius_mm,
        else the end of the photon point kernel tables; 0: no photons).
    include_photons: method="led" only: count the photon energy as absorbed locally too (default False).
    medium: "soft-tissue" (1.04 g/mL, default) or "water"; medium_density_g_per_mL overrides its density.
    leaving_fraction: {daughter: fraction} of its decays away from the site, e.g. {"Bi-213": 0.3}.
    density_floor_g_per_mL: densities below this are clamped in the density correction (default 0.1).
    threads: worker threads; None uses $RPTDOSE_NUM_THREADS or all cores. Results do not depend on it.)";

constexpr const char* kComputeDoc = R"(
    density: optional mass-density map (g/mL) [z, y, x] on the same grid, e.g. from the CT: energy is divided
        by each voxel's real mass (D·ρ_kernel/max(ρ, floor); transport is still that of the kernel medium).
    return_report: also return a dict {'method', 'negative_voxels', 'negative_sum', 'density_corrected',
        'density_clamped_voxels'}, as (result, report).

Maps are C-contiguous float arrays [z, y, x]: float32 is read in place (no copy), float64 is converted to
float32. NaN or infinite voxels raise rptdose.InvalidInput; negative voxels are kept and counted. The result is
float32 [z, y, x], cropped to the input grid (activity near an edge deposits only what lands inside), or a dict
{'total', 'alpha', 'electron', 'photon'} with components=True. The GIL is released.)";

DoseArguments arguments(const std::string& method, bool components, std::optional<double> kernel_radius_mm,
                        std::optional<double> photon_radius_mm, bool include_photons, const std::string& medium,
                        std::optional<double> medium_density_g_per_mL,
                        const std::map<std::string, double>& leaving_fraction, double density_floor_g_per_mL,
                        std::optional<unsigned> threads) {
  DoseArguments a;
  a.method = method;
  a.components = components;
  a.kernel_radius_mm = kernel_radius_mm;
  a.photon_radius_mm = photon_radius_mm;
  a.include_photons = include_photons;
  a.medium = medium;
  a.medium_density_g_per_mL = medium_density_g_per_mL;
  a.leaving_fraction = leaving_fraction;
  a.density_floor_g_per_mL = density_floor_g_per_mL;
  a.threads = threads;
  return a;
}

}  // namespace

void bind_dose(py::module_& module) {
  const DoseArguments defaults;
  py::class_<PyDoseCalculator>(module, "DoseCalculator",
                               (std::string(R"(A dose engine prepared for repeated use: the kernel (or LED factor)
and its FFT spectra are computed once and reused for every map of the same shape (every time point of the
dose-rate route, every TIA map of a cohort on one scanner).
)") + kCalculatorArgsDoc)
                                   .c_str())
      .def(py::init([](const py::object& nuclide, const py::object& spacing_mm, const std::string& method,
                       bool components, std::optional<double> kernel_radius_mm, std::optional<double> photon_radius_mm,
                       bool include_photons, const std::string& medium, std::optional<double> medium_density_g_per_mL,
                       const std::map<std::string, double>& leaving_fraction, double density_floor_g_per_mL,
                       std::optional<unsigned> threads) {
             return make_calculator(
                 nuclide, spacing_mm,
                 arguments(method, components, kernel_radius_mm, photon_radius_mm, include_photons, medium,
                           medium_density_g_per_mL, leaving_fraction, density_floor_g_per_mL, threads));
           }),
           py::arg("nuclide"), py::arg("spacing_mm"), py::kw_only(), py::arg("method") = defaults.method,
           py::arg("components") = false, py::arg("kernel_radius_mm") = py::none(),
           py::arg("photon_radius_mm") = py::none(), py::arg("include_photons") = false,
           py::arg("medium") = defaults.medium, py::arg("medium_density_g_per_mL") = py::none(),
           py::arg("leaving_fraction") = std::map<std::string, double>{},
           py::arg("density_floor_g_per_mL") = defaults.density_floor_g_per_mL, py::arg("threads") = py::none())
      .def(
          "dose",
          [](const PyDoseCalculator& self, const py::object& tia, const py::object& density, bool return_report) {
            return compute(self, tia, density, false, return_report);
          },
          py::arg("tia"), py::arg("density") = py::none(), py::kw_only(), py::arg("return_report") = false,
          (std::string("Absorbed dose (Gy) from a time-integrated activity map `tia` in Bq·s per voxel.\n") +
           kComputeDoc)
              .c_str())
      .def(
          "dose_rate",
          [](const PyDoseCalculator& self, const py::object& activity, const py::object& density, bool return_report) {
            return compute(self, activity, density, true, return_report);
          },
          py::arg("activity"), py::arg("density") = py::none(), py::kw_only(), py::arg("return_report") = false,
          (std::string("Absorbed dose rate (Gy/s) from an activity map `activity` in Bq per voxel.\n") + kComputeDoc)
              .c_str())
      .def(
          "kernel",
          [](const PyDoseCalculator& self, const std::string& component) {
            return to_numpy(self.calculator->kernel().values(kernels::parse_component(component)).clone());
          },
          py::arg("component") = "total",
          "A copy of the kernel in use, Gy/(Bq·s), float64 [z, y, x] (1×1×1 for method='led'); component: "
          "'total', 'alpha', 'electron' or 'photon'.")
      .def_property_readonly(
          "kernel_info", [](const PyDoseCalculator& self) { return kernel_info_dict(self.calculator->kernel()); },
          "The kernel's provenance: {'nuclide', 'chain', 'medium', 'density_g_per_mL', 'photon_radius_mm', 'method', "
          "'source', 'shape', 'spacing_mm'}.")
      .def_property_readonly(
          "method", [](const PyDoseCalculator& self) { return std::string(dose::dose_method_name(self.method)); },
          "'kernel' or 'led'.")
      .def_property_readonly(
          "components", [](const PyDoseCalculator& self) { return self.calculator->options().components; },
          "Whether dose() returns the alpha, electron and photon maps too.")
      .def_property_readonly(
          "spacing_mm",
          [](const PyDoseCalculator& self) {
            const auto& s = self.calculator->kernel().spacing_mm();
            return py::make_tuple(s[2], s[1], s[0]);
          },
          "Voxel spacing (z, y, x) in mm of the maps it takes.");

  module.def(
      "dose",
      [](const py::object& tia, const py::object& nuclide, const py::object& spacing_mm, const std::string& method,
         const py::object& density, bool components, std::optional<double> kernel_radius_mm,
         std::optional<double> photon_radius_mm, bool include_photons, const std::string& medium,
         std::optional<double> medium_density_g_per_mL, const std::map<std::string, double>& leaving_fraction,
         double density_floor_g_per_mL, bool return_report, std::optional<unsigned> threads) {
        const auto calculator =
            make_calculator(nuclide, spacing_mm,
                            arguments(method, components, kernel_radius_mm, photon_radius_mm, include_photons, medium,
                                      medium_density_g_per_mL, leaving_fraction, density_floor_g_per_mL, threads));
        return compute(calculator, tia, density, false, return_report);
      },
      py::arg("tia"), py::arg("nuclide"), py::arg("spacing_mm"), py::kw_only(), py::arg("method") = defaults.method,
      py::arg("density") = py::none(), py::arg("components") = false, py::arg("kernel_radius_mm") = py::none(),
      py::arg("photon_radius_mm") = py::none(), py::arg("include_photons") = false, py::arg("medium") = defaults.medium,
      py::arg("medium_density_g_per_mL") = py::none(), py::arg("leaving_fraction") = std::map<std::string, double>{},
      py::arg("density_floor_g_per_mL") = defaults.density_floor_g_per_mL, py::arg("return_report") = false,
      py::arg("threads") = py::none(),
      (std::string(R"(Absorbed dose (Gy) from a time-integrated activity map: D = Σ Ã(s)·S(r − s).

    tia: time-integrated activity of the parent in Bq·s per voxel, [z, y, x] (e.g. rptdose.fit_tia's
        'tia_Bq_s'). An activity map in Bq gives the dose rate in Gy/s the same way.)") +
       kCalculatorArgsDoc + kComputeDoc +
       "\n\nKernels are cached per process; for many maps of one shape, a DoseCalculator also keeps the FFT "
       "spectra.")
          .c_str());
}

}  // namespace rptdose::python
