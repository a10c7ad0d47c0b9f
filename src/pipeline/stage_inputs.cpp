#include "stage_inputs.hpp"

namespace rptdose::pipeline::detail {

std::vector<std::filesystem::path> input_paths(const Study& study) {
  std::vector<std::filesystem::path> paths;
  if (!study.file.empty()) paths.push_back(study.file);
  for (const auto& tp : study.time_points) {
    paths.push_back(tp.image);
    if (tp.ct) paths.push_back(*tp.ct);
  }
  if (study.ct) paths.push_back(study.ct->image);
  if (study.labels) paths.push_back(*study.labels);
  return paths;
}

RunInputs read_run_inputs(const Study& study, unsigned threads, const ProgressCallback& progress) {
  auto chain = nuclides::expand_chain(study.nuclide);
  const double lambda = chain.parent().decay_constant_per_s();
  auto images = load_study_inputs(study, lambda, threads, progress);
  return {std::move(chain), lambda, std::move(images)};
}

timeactivity::ImageSeries activity_series(const RunInputs& inputs) {
  return inputs.images.activity_series();
}

}  // namespace rptdose::pipeline::detail
