// Bindings of the study pipeline (rptdose/pipeline): the compiled half of rptdose.run_study, rptdose.demo and
// rptdose.validate_study (the Python wrappers, python/rptdose/pipeline.py, take a path or a dict, and return the
// run's summary.json as a dict), rptdose.accumulate_cycles (pipeline/cycles.hpp, as `rptdose cycles`) and
// rptdose.calibrate (pipeline/calibrate.hpp, as `rptdose calibrate`).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "rptdose/pipeline/calibrate.hpp"
#include "rptdose/pipeline/cycles.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

pipeline::Study study_of(const std::string& text, bool is_path, const std::filesystem::path& base_folder) {
  return is_path ? pipeline::read_study(text) : pipeline::parse_study(text, base_folder);
}

/// The run's figures drawn in this interpreter: `draw(folder)` returns the files made relative to the folder
/// (rptdose.pipeline._draw_figures); an exception becomes the run's warning "plots not made: ...".
pipeline::FigureMaker figures_in_process(py::object draw) {
  return [draw = std::move(draw)](const std::filesystem::path& folder) {
    pipeline::FigureResult result;
    py::gil_scoped_acquire acquire;
    try {
      for (const auto& file : draw(folder.string())) result.files.push_back(py::str(file));
    } catch (py::error_already_set& error) {
      result.error = error.what();
    }
    return result;
  };
}

/// A phantom's dict of rptdose.calibrate: only `known` keys (else InvalidInput listing them); `required` ones present.
class PhantomDict {
 public:
  PhantomDict(const py::dict& d, std::string what, const std::vector<std::string>& known)
      : d_(d), what_(std::move(what)) {
    for (const auto& [key, value] : d_) {
      const auto name = py::cast<std::string>(key);
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw InvalidInput("unknown key '" + name + "' in " + what_ + " (known keys: " + list + ")");
    }
  }
  template <class T>
  std::optional<T> get(const char* key) const {
    if (!d_.contains(key) || d_[key].is_none()) return std::nullopt;
    try {
      return py::cast<T>(d_[key]);
    } catch (const py::cast_error&) {
      throw InvalidInput("'" + std::string(key) + "' in " + what_ +
                         " has the wrong type: " + py::cast<std::string>(py::repr(d_[key])));
    }
  }
  template <class T>
  T required(const char* key) const {
    if (auto value = get<T>(key)) return *value;
    throw InvalidInput(what_ + " needs '" + std::string(key) + "'");
  }

 private:
  const py::dict& d_;
  std::string what_;
};

pipeline::UniformPhantomInput uniform_input(const py::dict& d) {
  const PhantomDict u(d, "uniform",
                      {"image", "activity_MBq", "activity_u_MBq", "activity_time", "acquisition_time", "duration_s",
                       "mask", "threshold", "volume_mL"});
  pipeline::UniformPhantomInput in;
  in.image = u.required<std::filesystem::path>("image");
  in.activity_MBq = u.required<double>("activity_MBq");
  in.activity_u_MBq = u.get<double>("activity_u_MBq").value_or(0.0);
  in.activity_time = u.required<std::string>("activity_time");
  in.acquisition_time = u.required<std::string>("acquisition_time");
  in.acquisition_duration_s = u.required<double>("duration_s");
  in.mask = u.get<std::filesystem::path>("mask");
  in.threshold_fraction = u.get<double>("threshold");
  in.phantom_volume_mL = u.get<double>("volume_mL");
  return in;
}

pipeline::SpherePhantomInput sphere_input(const py::dict& d) {
  const PhantomDict s(d, "spheres",
                      {"image", "units", "cps_per_MBq", "sphere_kBq_per_mL", "background_kBq_per_mL",
                       "concentration_time", "acquisition_time", "duration_s", "spheres"});
  pipeline::SpherePhantomInput in;
  in.image = s.required<std::filesystem::path>("image");
  in.units = timeactivity::parse_unit(s.get<std::string>("units").value_or("Bq/mL"));
  in.sensitivity_cps_per_MBq = s.get<double>("cps_per_MBq");
  in.sphere_concentration_kBq_per_mL = s.required<double>("sphere_kBq_per_mL");
  in.background_concentration_kBq_per_mL = s.get<double>("background_kBq_per_mL").value_or(0.0);
  in.concentration_time = s.required<std::string>("concentration_time");
  in.acquisition_time = s.required<std::string>("acquisition_time");
  in.acquisition_duration_s = s.required<double>("duration_s");
  for (const auto& sphere : s.required<std::vector<std::vector<double>>>("spheres")) {
    if (sphere.size() != 4) throw InvalidInput("each of 'spheres' in spheres must be (x_mm, y_mm, z_mm, diameter_mm)");
    in.spheres.push_back({"", Vector3(sphere[0], sphere[1], sphere[2]), sphere[3]});
  }
  return in;
}

}  // namespace

void bind_pipeline(py::module_& module) {
  module.def(
      "_run_study",
      [](const std::string& study, bool is_path, const std::filesystem::path& base_folder,
         const std::filesystem::path& out_dir, std::optional<unsigned> threads, bool force, py::object figures) {
        auto parsed = study_of(study, is_path, base_folder);
        parsed.output.plots = parsed.output.plots && !figures.is_none();
        pipeline::RunOptions options;  // outlives `release`: its figure maker holds a Python object
        options.output_folder = out_dir;
        options.force = force;
        options.threads = threads.value_or(0);
        if (!figures.is_none()) options.figures = figures_in_process(std::move(figures));
        py::gil_scoped_release release;
        return pipeline::run_study(parsed, options).output_folder;
      },
      py::arg("study"), py::arg("is_path"), py::arg("base_folder"), py::arg("out_dir"), py::arg("threads"),
      py::arg("force"), py::arg("figures"),
      "Runs a study (JSON text or a path) into out_dir; figures(folder) draws the plots in this interpreter (None: "
      "no plots). Returns the output folder. Use rptdose.run_study.");
  module.def(
      "_validate_study",
      [](const std::string& study, bool is_path, const std::filesystem::path& base_folder) {
        const auto parsed = study_of(study, is_path, base_folder);
        py::gil_scoped_release release;
        return pipeline::validate_study(parsed);
      },
      py::arg("study"), py::arg("is_path"), py::arg("base_folder"),
      "Reads a study and its images and checks them; returns the warnings. Use rptdose.validate_study.");
  module.def(
      "accumulate_cycles",
      [](const std::vector<std::filesystem::path>& runs, const std::optional<std::vector<std::string>>& labels,
         const std::optional<std::filesystem::path>& out, bool force, bool maps) {
        pipeline::CyclesOptions options;
        if (labels) options.labels = *labels;
        if (out) options.output_folder = *out;
        options.force = force;
        options.maps = maps;
        std::string text;
        std::optional<std::string> written;
        {
          py::gil_scoped_release release;
          const auto result = pipeline::accumulate_cycles(runs, options);
          text = pipeline::cycles_to_json(result, -1);
          if (!result.output_folder.empty()) {
            // final_path("") ends with a separator; say the folder as the cycles' "results" are said: absolute.
            auto folder = std::filesystem::absolute(result.output_folder).lexically_normal();
            if (!folder.has_filename()) folder = folder.parent_path();
            written = folder.string();
          }
        }
        py::dict cumulative = py::module_::import("json").attr("loads")(text);
        cumulative["output_folder"] = written ? py::object(py::str(*written)) : py::object(py::none());
        return cumulative;
      },
      py::arg("runs"), py::arg("labels") = py::none(), py::kw_only(), py::arg("out") = py::none(),
      py::arg("force") = false, py::arg("maps") = true,
      R"(Dose and BED of a patient's cycles, accumulated from each cycle's results folder (as `rptdose cycles`).

    runs: the results folders (str or os.PathLike) of one `rptdose run` / `rptdose demo` / rptdose.run_study per
    cycle, in treatment order (or the paths of their summary.json); one run gives that cycle's own figures.
    labels: one name per run (default "cycle 1", "cycle 2", ...). VOIs are matched by name across cycles; each
    cycle's BED is the run's own (summary.json vois[].radiobiology.bed_Gy). Repair between cycles is taken as
    complete, so doses and BEDs add, EQD2 = BED_total / (1 + 2 Gy / (alpha/beta)); no repopulation.
    out: a folder to write cumulative.csv, cumulative.json and, with maps=True, the voxel sums cumulative_dose_Gy
    (and cumulative_bed_Gy when every run has a bed_Gy map) and cumulative_dvh.csv, which need every run's maps on
    one grid; written completely or not at all, a non-empty folder only with force=True. None: nothing is written.
    Returns the content of cumulative.json as a dict: assumptions, cycles [{cycle, label, results, nuclide,
    administered_activity_Bq, administered_activity_MBq}], vois [{name, tissue, alpha_beta_Gy, cycles [{cycle,
    label, nuclide, administered_activity_MBq, dose_Gy, bed_Gy, cumulative_dose_Gy, cumulative_bed_Gy,
    cumulative_eqd2_Gy}], total_dose_Gy, total_bed_Gy, total_eqd2_Gy}], files (relative to output_folder),
    warnings, and output_folder (str, None without out); None where a value is unknown. Raises InvalidInput
    (ValueError) for no runs, a label count that differs from the run count, missing keys or bad values in a
    summary, an alpha/beta that differs between cycles for one VOI, maps on different grids, an out that is a file,
    non-empty (without force) or holds or lies inside a run; IoError (OSError) for a missing folder or
    summary.json and files that cannot be read or written. The GIL is released while it runs.)");
  module.def(
      "calibrate",
      [](const std::optional<std::filesystem::path>& out, const std::string& nuclide, const std::string& camera,
         const std::optional<py::dict>& uniform, const std::optional<py::dict>& spheres) {
        pipeline::CalibrationRequest request;
        request.nuclide = nuclide;
        request.camera = camera;
        if (uniform) request.uniform = uniform_input(*uniform);
        if (spheres) request.spheres = sphere_input(*spheres);
        request.command = "rptdose.calibrate (Python)";
        request.inputs["nuclide"] = nuclide;
        if (uniform) request.inputs["uniform"] = py::cast<std::string>(py::repr(*uniform));
        if (spheres) request.inputs["spheres"] = py::cast<std::string>(py::repr(*spheres));
        quantification::Calibration calibration;
        {
          py::gil_scoped_release release;
          calibration = pipeline::calibrate(request);
          if (out) quantification::write_calibration(calibration, *out);
        }
        return calibration_dict(calibration);
      },
      py::arg("out"), py::kw_only(), py::arg("nuclide"), py::arg("camera") = "", py::arg("uniform") = py::none(),
      py::arg("spheres") = py::none(),
      R"(A calibration from phantom scans, as `rptdose calibrate` (docs/calibration.md), written to `out` (None:
not written). Times are ISO 8601 date-times ("2026-12-01T10:00:00").

    nuclide: the phantoms' nuclide; camera: free text (camera, collimator, window, reconstruction).
    uniform: {image (counts), activity_MBq, activity_u_MBq (default 0), activity_time, acquisition_time,
        duration_s, mask (a file; default the whole image), threshold (fraction of the maximum), volume_mL (with a
        mask or threshold: the concentration method)} -> the sensitivity (cps/MBq).
    spheres: {image, units ("Bq/mL" default, "Bq", "counts"), cps_per_MBq (counts; default the uniform's),
        sphere_kBq_per_mL, background_kBq_per_mL (default 0), concentration_time, acquisition_time, duration_s,
        spheres [(x_mm, y_mm, z_mm, diameter_mm), ...] in the image's patient coordinates} -> RC per sphere and
        the fitted curve.
Returns the calibration as rptdose.read_calibration does. Raises InvalidInput for unknown or missing keys and bad
values, IoError for unreadable images or an unwritable out. The GIL is released while it runs.)");
  module.def(
      "write_demo_study",
      [](const std::filesystem::path& folder, const std::string& nuclide) {
        pipeline::DemoOptions options;
        options.nuclide = nuclide;
        py::gil_scoped_release release;
        return pipeline::write_demo_study(folder, options);
      },
      py::arg("folder"), py::arg("nuclide") = "Lu-177",
      R"(Writes the bundled synthetic example study (docs/example-study.md) into `folder` (absent or empty):
CT (HU), labels, SPECT at four times, study.json and truth.json (true TIA per tissue, Bq·s). Returns the path of
study.json.)");
}

}  // namespace rptdose::python
