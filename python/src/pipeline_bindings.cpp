// Bindings of the study pipeline (rptdose/pipeline): the compiled half of rptdose.run_study, rptdose.demo and
// rptdose.validate_study. The Python wrappers (python/rptdose/pipeline.py) take a path or a dict, and return the
// run's summary.json as a dict.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

pipeline::Study study_of(const std::string& text, bool is_path, const std::filesystem::path& base_folder) {
  return is_path ? pipeline::read_study(text) : pipeline::parse_study(text, base_folder);
}

}  // namespace

void bind_pipeline(py::module_& module) {
  module.def(
      "_run_study",
      [](const std::string& study, bool is_path, const std::filesystem::path& base_folder,
         const std::filesystem::path& out_dir, std::optional<unsigned> threads, bool force, bool plots) {
        auto parsed = study_of(study, is_path, base_folder);
        parsed.output.plots = parsed.output.plots && plots;
        pipeline::RunOptions options;
        options.output_folder = out_dir;
        options.force = force;
        options.threads = threads.value_or(0);
        py::gil_scoped_release release;
        return pipeline::run_study(parsed, options).output_folder;
      },
      py::arg("study"), py::arg("is_path"), py::arg("base_folder"), py::arg("out_dir"), py::arg("threads"),
      py::arg("force"), py::arg("plots"),
      "Runs a study (JSON text or a path) into out_dir; returns the output folder. Use rptdose.run_study.");
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
