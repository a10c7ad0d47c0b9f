// rptdose.monte_carlo_dose: absorbed dose by Monte Carlo transport of a TIA map's decays through a voxel geometry
// (the CT's tissues and densities, or one material), with statistical uncertainties per voxel and per VOI.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <string>

#include "arrays.hpp"
#include "bindings.hpp"
#include "nuclide_arguments.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/dose/hu_to_density.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

/// The material of `name` at the density rptdose.dose gives the same medium (soft tissue 1.04 g/mL, water 1.0).
std::pair<const montecarlo::Material*, double> named_material(const std::string& name) {
  if (name == "soft-tissue") return {&montecarlo::icrp_soft_tissue(), units::kSoftTissueDensity_g_per_ml};
  if (name == "water") return {&montecarlo::liquid_water(), units::kWaterDensity_g_per_ml};
  throw InvalidInput("material '" + name + "': use 'soft-tissue' (ICRP) or 'water' (or give ct_hu)");
}

/// The geometry of the arguments: the CT's bins (densities from `density` or the CT's default HU→density curve),
/// else `material` with `density` (or its nominal density).
montecarlo::VoxelGeometry geometry_of(const Grid& grid, const Vector3& spacing, const py::object& ct_hu,
                                      const py::object& density, const std::string& material) {
  std::optional<CArray<float>> density_array;
  Volume<float> density_view;
  if (!density.is_none()) {
    density_array = floating_input<float>(density, "density");
    density_view = view_of(*density_array, spacing, "density");
    if (density_view.grid().size() != grid.size())
      throw InvalidInput("density must have the shape of tia (" + grid.describe() + ")");
  }
  if (!ct_hu.is_none()) {
    const auto ct = floating_input<float>(ct_hu, "ct_hu");
    const Volume<float> ct_view = view_of(ct, spacing, "ct_hu");
    if (ct_view.grid().size() != grid.size()) throw InvalidInput("ct_hu must have the shape of tia");
    if (density_array) return montecarlo::geometry_from_ct(ct_view, density_view);
    return montecarlo::geometry_from_ct(ct_view, dose::hu_to_density(ct_view));
  }
  const auto [medium, nominal_density] = named_material(material);
  auto geometry = montecarlo::uniform_geometry(grid, *medium, nominal_density);
  if (density_array)
    for (std::size_t v = 0; v < density_view.size(); ++v) geometry.density_g_per_cm3[v] = density_view[v];
  return geometry;
}

/// Progress for the transport: Ctrl-C (and `progress` returning False) stop it between rounds of histories.
ProgressCallback python_progress(const py::object& progress, bool& interrupted) {
  return [progress, &interrupted](double fraction, std::string_view stage) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();
      interrupted = true;
      return false;
    }
    if (progress.is_none()) return true;
    const py::object answer = progress(fraction, std::string(stage));
    return answer.is_none() || answer.cast<bool>();
  };
}

py::dict monte_carlo_dose(const py::object& tia_object, const py::object& nuclide, const py::object& spacing_mm,
                          const py::object& ct_hu, const py::object& density, const py::object& labels_object,
                          const std::string& material, std::optional<std::uint64_t> decays,
                          std::optional<double> target_uncertainty, double min_voi_ml, std::uint64_t seed,
                          bool components, const std::map<std::string, double>& leaving_fraction,
                          std::optional<unsigned> threads, const py::object& progress) {
  const std::string name = nuclide_name_of(nuclide);
  const Vector3 spacing = spacing_of(spacing_mm);
  const auto tia = floating_input<float>(tia_object, "tia");
  const Volume<float> tia_view = view_of(tia, spacing, "tia");
  auto geometry = geometry_of(tia_view.grid(), spacing, ct_hu, density, material);
  std::optional<Volume<std::uint16_t>> labels;
  if (!labels_object.is_none()) {
    const auto l = label_input(labels_object, "labels");
    const Volume<std::int32_t> view = view_of(l, spacing, "labels");
    if (view.grid().size() != tia_view.grid().size()) throw InvalidInput("labels must have the shape of tia");
    labels = montecarlo::voi_tally_labels(view);
  }
  montecarlo::MonteCarloOptions options;
  options.decays = decays;
  options.target_relative_uncertainty = target_uncertainty;
  options.min_target_voi_ml = min_voi_ml;
  options.seed = seed;
  options.threads = threads_of(threads);
  options.components = components;
  options.chain = chain_options(kDefaultMaxDaughterHalfLife_s, leaving_fraction);
  bool interrupted = false;
  options.progress = python_progress(progress, interrupted);
  montecarlo::MonteCarloResult r;
  try {
    py::gil_scoped_release release;
    r = montecarlo::monte_carlo_dose(tia_view, geometry, name, options, labels ? &*labels : nullptr);
  } catch (const Cancelled&) {
    if (!interrupted) throw;
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  py::dict d;
  d["dose"] = to_numpy(std::move(r.dose_Gy));
  if (components) {
    d["alpha"] = to_numpy(std::move(r.dose_alpha_Gy));
    d["electron"] = to_numpy(std::move(r.dose_electron_Gy));
    d["photon"] = to_numpy(std::move(r.dose_photon_Gy));
  }
  d["relative_uncertainty"] = to_numpy(std::move(r.relative_uncertainty));
  py::list vois;
  for (const auto& v : r.vois) {
    py::dict voi;
    voi["label"] = v.label;
    voi["mass_g"] = v.mass_g;
    voi["mean_dose_Gy"] = v.mean_dose_Gy;
    voi["relative_uncertainty"] = v.relative_uncertainty;
    vois.append(voi);
  }
  d["vois"] = vois;
  d["decays"] = r.decays;
  d["seconds"] = r.seconds;
  py::dict energy;
  energy["emitted"] = r.energy_per_decay.emitted_MeV;
  energy["deposited"] = r.energy_per_decay.deposited_MeV;
  energy["escaped"] = r.energy_per_decay.escaped_MeV;
  d["energy_per_decay_MeV"] = energy;
  return d;
}

}  // namespace

void bind_montecarlo(py::module_& module) {
  module.def("monte_carlo_dose", &monte_carlo_dose, py::arg("tia"), py::arg("nuclide"), py::arg("spacing_mm"),
             py::kw_only(), py::arg("ct_hu") = py::none(), py::arg("density") = py::none(),
             py::arg("labels") = py::none(), py::arg("material") = "soft-tissue", py::arg("decays") = py::none(),
             py::arg("target_uncertainty") = py::none(), py::arg("min_voi_ml") = 0.0, py::arg("seed") = 1,
             py::arg("components") = true, py::arg("leaving_fraction") = std::map<std::string, double>{},
             py::arg("threads") = py::none(), py::arg("progress") = py::none(),
             R"(Absorbed dose (Gy) by Monte Carlo transport of the decays of a TIA map (Bq·s per voxel, [z, y, x]) of
`nuclide` and its decay chain through the voxels' materials (docs/monte-carlo.md).

    spacing_mm: voxel size (z, y, x) in mm, or one number.
    ct_hu: a CT in HU on the same grid: Schneider 2000 tissue bins, densities from `density` or else the default
        HU→density curve (dose/hu_to_density.hpp). Without it: `material` ("soft-tissue", ICRP, or "water") with
        `density` (g/mL) per voxel, or 1.04 / 1.0 g/mL as rptdose.dose's media.
    labels: integer VOI map (0: none, up to 65535): per-VOI mean dose and its statistical uncertainty, and the
        VOIs that target_uncertainty waits for (those of at least min_voi_ml).
    decays: the decays to simulate (with target_uncertainty: the most).
    target_uncertainty: stop when every VOI's relative standard uncertainty is below it (e.g. 0.01).
    seed: the result is the same for any thread count and reproducible from the seed.
    components: also the maps by emitted radiation ("alpha", "electron", "photon").
    leaving_fraction: {daughter: fraction} of its decays away from the site, e.g. {"Bi-213": 0.3}.
    progress: optional callable(fraction, stage); returning False cancels (rptdose.Cancelled). Ctrl-C stops the
        transport with KeyboardInterrupt. The GIL is released while it runs.

Returns a dict: "dose" (float32 [z, y, x], Gy), "alpha"/"electron"/"photon" (with components),
"relative_uncertainty" (per voxel, of "dose"; 0 where no dose), "vois" (list of {label, mass_g, mean_dose_Gy,
relative_uncertainty}), "decays", "seconds", "energy_per_decay_MeV" {emitted, deposited, escaped}.
Raises rptdose.InvalidInput for negative or non-finite TIA, an all-zero map, a CT not in HU (no voxel below
-500), non-positive densities, shapes that differ.)");
}

}  // namespace rptdose::python
