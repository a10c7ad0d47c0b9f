#pragma once
// Internal: the dose stage of a run (run.cpp): the dose calculator of the study's dose method (timed as "kernel"),
// and the dose maps by the study's route (timed as "dose"). A new dose method is a new case of make_dose_calculator.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/pipeline/study.hpp"
#include "stage_inputs.hpp"
#include "stage_kinetics.hpp"
#include "stage_monte_carlo.hpp"

namespace rptdose::pipeline::detail {

/// The calculator of the study's dose method (dose::make_dose_kernel: a new method is added there), with the
/// study's components, for the study's nuclide or another (`nuclide`: a candidate of methods.compare_nuclides).
/// Not for dose "monte-carlo" (no kernel): see uses_kernel.
dose::DoseCalculator make_dose_calculator(const Study& study, const RunInputs& inputs, unsigned threads);
dose::DoseCalculator make_dose_calculator(const Study& study, const RunInputs& inputs, unsigned threads,
                                          std::string_view nuclide);

/// Whether the study's dose method convolves a kernel (all but "monte-carlo").
inline bool uses_kernel(const Study& study) {
  return study.methods.dose != dose::DoseMethod::MonteCarlo;
}

struct DoseResult {
  dose::DoseMaps maps;
  /// The per-voxel G of the curves the dose comes from (methods.bed_kinetics "voxel"): the activity curves' on
  /// the tia route, the dose-rate curves' on the dose-rate route; else none.
  std::optional<Volume<float>> voxel_g;
  std::vector<std::string> warnings;
  std::optional<MonteCarloFigures> monte_carlo;  ///< dose "monte-carlo"
};

/// The dose by methods.route: "tia" convolves the TIA map of `kinetics` (or, with dose "monte-carlo" and no
/// calculator, transports its decays); "dose-rate" convolves every time point and integrates each voxel's
/// dose-rate curve (fitted as the activity curves). Takes kinetics.voxel_g.
DoseResult compute_dose(const Study& study, const dose::DoseCalculator* calculator, const RunInputs& inputs,
                        VoxelKinetics& kinetics, unsigned threads, const ProgressCallback& progress);

}  // namespace rptdose::pipeline::detail
