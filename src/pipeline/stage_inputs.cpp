#include "stage_inputs.hpp"

#include <cstdio>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

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

namespace {

/// A sign error (an image exported negated, a background subtracted twice) halves or inverts a dose without a word:
/// an entirely negative time point is an error; an entirely zero one, or one with negative voxels, gets a warning
/// with the counts (negative voxels are fitted as they are: noise of OSEM/FBP images around zero).
void check_activity_signs(const Study& study, StudyInputs& images) {
  for (std::size_t i = 0; i < images.activity_Bq.size(); ++i) {
    const Volume<float>& activity = images.activity_Bq[i];
    std::size_t negative = 0, positive = 0;
    double negative_Bq = 0, positive_Bq = 0;
    for (const float a : activity.values()) {
      if (a < 0) {
        ++negative;
        negative_Bq += a;
      } else if (a > 0) {
        ++positive;
        positive_Bq += a;
      }
    }
    const std::string what = timeactivity::time_point_name(i) + " (" + study.time_points[i].image.string() + ")";
    char numbers[160];
    if (positive == 0 && negative > 0) {
      std::snprintf(numbers, sizeof numbers, "%zu voxels below 0, none above, %.4g MBq in all", negative,
                    negative_Bq / units::kBqPerMBq);
      throw InvalidInput(what + " is entirely negative (" + numbers +
                         "): a sign error in the reconstruction or the export; fix the image");
    }
    if (positive == 0) {
      images.warnings.push_back(what + " is entirely zero on the dose grid: check the image and its alignment");
    } else if (negative > 0) {
      std::snprintf(numbers, sizeof numbers, "%zu of %zu voxels (%.2g %%) are negative, summing to %.2g %% of the "
                    "positive activity", negative, activity.size(), 100.0 * negative / activity.size(),
                    100.0 * -negative_Bq / positive_Bq);
      images.warnings.push_back(what + ": " + numbers + " (fitted as they are)");
    }
  }
}

}  // namespace

RunInputs read_run_inputs(const Study& study, unsigned threads, const ProgressCallback& progress) {
  auto chain = nuclides::expand_chain(study.nuclide);
  const double lambda = chain.parent().decay_constant_per_s();
  auto images = load_study_inputs(study, lambda, threads, progress);
  check_activity_signs(study, images);
  auto partial_volume = correct_partial_volume(study, images, threads);
  drop_activity_outside_body(study, images);
  return {std::move(chain), lambda, std::move(images), std::move(partial_volume)};
}

timeactivity::ImageSeries activity_series(const RunInputs& inputs) {
  return inputs.images.activity_series();
}

}  // namespace rptdose::pipeline::detail
