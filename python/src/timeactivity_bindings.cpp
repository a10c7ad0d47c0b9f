// rptdose.fit_tia: per-voxel time-activity fits of numpy image series.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "nuclide_arguments.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

using namespace timeactivity;

/// The images as float32 C-contiguous arrays [z, y, x] (views when they are float32; float64 is converted): a 4-D
/// array [t, z, y, x] or a sequence of 3-D arrays. Non-contiguous arrays and non-floating dtypes are errors.
std::vector<CArray<float>> image_arrays(const py::object& images) {
  std::vector<CArray<float>> arrays;
  if (py::isinstance<py::array>(images)) {
    const auto whole = floating_input<float>(images, "images");
    if (whole.ndim() != 4)
      throw InvalidInput("images must be a 4-D array [t, z, y, x] or a list of 3-D arrays; got " +
                         std::to_string(whole.ndim()) + " dimensions");
    for (py::ssize_t t = 0; t < whole.shape(0); ++t) arrays.push_back(CArray<float>::ensure(whole[py::int_(t)]));
    return arrays;
  }
  if (!py::isinstance<py::sequence>(images) || py::isinstance<py::str>(images))
    throw InvalidInput("images must be a 4-D array [t, z, y, x] or a list of 3-D arrays [z, y, x]");
  std::size_t t = 0;
  for (const auto& item : images) arrays.push_back(floating_input<float>(item, "images[" + std::to_string(t++) + "]"));
  return arrays;
}

FitOptions fit_options(const std::string& model, const std::string& weighting) {
  FitOptions options;
  options.model = parse_model_choice(model);
  options.weighting = parse_weighting(weighting);
  return options;
}

py::dict summary_dict(const VoxelFitSummary& s) {
  py::dict status, model;
  for (const FitStatus f : enum_values(kFitStatusNames))
    if (f != FitStatus::Masked) status[py::str(std::string(status_name(f)))] = s.by_status[static_cast<std::size_t>(f)];
  for (const Model m : enum_values(kModelNames))
    model[py::str(std::string(model_name(m)))] = s.by_model[static_cast<std::size_t>(m)];
  py::dict d;
  d["voxels"] = s.voxels;
  d["status"] = status;
  d["model"] = model;
  d["negative_samples"] = s.negative_samples;
  d["negative_integrals"] = s.negative_integrals;
  return d;
}

constexpr const char* kDoc = R"(Per-voxel time-integrated activity from a series of quantitative images.

    images: 4-D array [t, z, y, x] or a list of 3-D arrays [z, y, x], C-contiguous, float32 (read in place,
        never copied) or float64 (converted to float32). Never modified.
    times_h: acquisition times in hours after injection, strictly increasing.
    nuclide: the imaged nuclide, a name ("Lu-177") or rptdose.Nuclide (its physical decay bounds the fits and
        makes the tails).
    decay_corrected: whether the images were decay-corrected to the injection time. Required: assuming it
        wrongly is the most common error in clinical dosimetry.
    units: "Bq" (activity per voxel, default), "Bq/mL" (needs spacing_mm) or "Gy/s" (dose-rate route).
    spacing_mm: voxel spacing (z, y, x) in mm (or one number: isotropic), needed for Bq/mL.
    mask: voxels to fit (non-zero), same shape, boolean or integer; default all.
    model: "auto" (corrected-AIC selection with fallback to the trapezoid), "mono-exponential",
        "bi-exponential-uptake", "bi-exponential-washout", "tri-exponential" or "trapezoid".
    weighting: "poisson" (variance proportional to the value, default) or "uniform".
    predict_nuclide: also predict the TIA of another nuclide with the same kinetics (e.g. "Pb-212").
    threads: worker threads; None (or 0) uses $RPTDOSE_NUM_THREADS or all cores. Results do not depend on it.

The GIL is released during the fits. Returns a dict: "tia_Bq_s" (Bq·s per voxel; Gy for units="Gy/s"),
"tia_se_Bq_s" (standard error; 0 for trapezoid voxels), "effective_half_life_h", "r_squared", "model" and "status"
(uint8 codes, see rptdose.MODEL_CODES and rptdose.STATUS_CODES), "predicted_tia_Bq_s" with predict_nuclide, and
"summary". Maps are float32 [z, y, x] (codes uint8) on the images' grid.)";

}  // namespace

void bind_timeactivity(py::module_& module) {
  module.def(
      "fit_tia",
      [](const py::object& images, const std::vector<double>& times_h, const py::object& nuclide, bool decay_corrected,
         const std::string& units, const py::object& spacing_mm, const py::object& mask, const std::string& model,
         const std::string& weighting, const py::object& predict_nuclide, std::optional<unsigned> threads) {
        const auto arrays = image_arrays(images);
        Vector3 spacing(1.0, 1.0, 1.0);  // (x, y, z) in mm
        const SampleUnit unit = parse_unit(units);
        if (unit == SampleUnit::Counts)
          throw InvalidInput(
              "units='counts': fit_tia takes Bq, Bq/mL or Gy/s; convert counts to Bq per voxel first "
              "(Bq = counts × 1e6 / (calibration cps/MBq × frame duration s))");
        if (!spacing_mm.is_none()) {
          spacing = spacing_of(spacing_mm);
        } else if (unit == SampleUnit::BqPerMl) {
          throw InvalidInput("units='Bq/mL' needs spacing_mm (z, y, x) to convert concentrations to Bq per voxel");
        }
        std::vector<Volume<float>> volumes;
        for (const auto& a : arrays) volumes.push_back(view_of(a, spacing, "image"));
        const ImageSeries series(std::move(volumes), hours_to_seconds(times_h), unit,
                                 decay_corrected ? DecayCorrection::ToInjection : DecayCorrection::None);
        const auto& database = nuclides::DecayDatabase::instance();
        const double lambda = database.get(nuclide_name_of(nuclide)).decay_constant_per_s();
        VoxelFitOptions options;
        options.fit = fit_options(model, weighting);
        options.threads = threads_of(threads);
        if (!predict_nuclide.is_none())
          options.predict_lambdas_phys_per_s = {database.get(nuclide_name_of(predict_nuclide)).decay_constant_per_s()};
        CArray<std::uint8_t> mask_array;
        Volume<std::uint8_t> mask_volume;
        if (!mask.is_none()) {
          mask_array = mask_input(mask, "mask");
          if (!arrays.empty()) require_same_shape(arrays.front(), mask_array, "each image", "mask");
          mask_volume = view_of(mask_array, spacing, "mask");
          options.mask = &mask_volume;
        }
        VoxelFitMaps maps;
        {
          py::gil_scoped_release release;
          maps = fit_voxels(series, lambda, options);
        }
        py::dict result;
        result["tia_Bq_s"] = to_numpy(std::move(maps.integral));
        result["tia_se_Bq_s"] = to_numpy(std::move(maps.integral_se));
        result["effective_half_life_h"] = to_numpy(std::move(maps.effective_half_life_h));
        result["r_squared"] = to_numpy(std::move(maps.r_squared));
        result["model"] = to_numpy(std::move(maps.model));
        result["status"] = to_numpy(std::move(maps.status));
        if (!maps.predicted_integrals.empty())
          result["predicted_tia_Bq_s"] = to_numpy(std::move(maps.predicted_integrals.front()));
        result["summary"] = summary_dict(maps.summary);
        return result;
      },
      py::arg("images"), py::arg("times_h"), py::kw_only(), py::arg("nuclide"), py::arg("decay_corrected"),
      py::arg("units") = std::string(unit_name(SampleUnit::BqPerVoxel)), py::arg("spacing_mm") = py::none(),
      py::arg("mask") = py::none(), py::arg("model") = std::string(kAutomaticModelName),
      py::arg("weighting") = std::string(enum_name(kWeightingNames, Weighting::Poisson)),
      py::arg("predict_nuclide") = py::none(), py::arg("threads") = py::none(), kDoc);

  py::dict models, statuses;
  for (const Model m : enum_values(kModelNames)) models[py::int_(static_cast<int>(m))] = std::string(model_name(m));
  for (const FitStatus s : enum_values(kFitStatusNames))
    statuses[py::int_(static_cast<int>(s))] = std::string(status_name(s));
  module.attr("MODEL_CODES") = models;
  module.attr("STATUS_CODES") = statuses;
}

}  // namespace rptdose::python
