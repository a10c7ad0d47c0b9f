#pragma once
// Internal: the first stage of a run (run.cpp): the decay chain of the study's nuclide and every input image read,
// converted to activity and brought onto the dose grid. Shared by run_study and validate_study.
#include <filesystem>
#include <vector>

#include "rptdose/core/progress.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "stage_partial_volume.hpp"
#include "study_inputs.hpp"

namespace rptdose::pipeline::detail {

struct RunInputs {
  nuclides::DecayChain chain;
  double lambda_phys_per_s = 0.0;  ///< of the chain's parent (the imaged nuclide)
  StudyInputs images;  ///< partial-volume corrected when the study asks for it
  PartialVolumeStage partial_volume;
};

/// Every file the study reads (the study file, images, CTs, label map): an output folder must not hold them.
std::vector<std::filesystem::path> input_paths(const Study& study);

/// Reads and converts the inputs, corrects them for partial volume (methods.partial_volume), then drops the activity
/// outside the body (methods.activity_outside_body). Throws InvalidInput / IoError naming the file and the problem.
RunInputs read_run_inputs(const Study& study, unsigned threads, const ProgressCallback& progress);

/// The activity images as the series the fits read; building it checks the times and the voxels (no NaN).
timeactivity::ImageSeries activity_series(const RunInputs& inputs);

}  // namespace rptdose::pipeline::detail
