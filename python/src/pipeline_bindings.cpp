// Bindings of the study pipeline (rptdose/pipeline): the compiled half of rptdose.run_study, rptdose.demo and
// rptdose.validate_study (the Python wrappers, python/rptdose/pipeline.py, take a path or a dict, and return the
// run's summary.json as a dict), and rptdose.accumulate_cycles (pipeline/cycles.hpp, as `rptdose cycles`).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
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
