#pragma once
// Internal: the partial-volume correction of a run's inputs (read_run_inputs, stage_inputs.hpp): every time point's
// activity image on the dose grid corrected as methods.partial_volume asks (quantification/partial_volume.hpp)
// before the activity outside the body is dropped (the spill beyond the skin is the patient's activity, and the
// correction's model needs it) and before the fits; the images before the correction are kept so that the VOI
// table can give both TIAs.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/results/run_summary.hpp"
#include "study_inputs.hpp"

namespace rptdose::pipeline::detail {

struct PartialVolumeStage {
  /// The activity images before the correction (Bq per voxel, as inputs.images.activity_Bq); empty without one.
  std::vector<Volume<float>> uncorrected_activity_Bq;
  /// "recovery": the RC each VOI's activity was divided by, by label.
  std::map<std::int32_t, double> recovery_by_label;

  bool corrected() const { return !uncorrected_activity_Bq.empty(); }
};

/// Corrects images.activity_Bq in place when the study asks for it (nothing to do for "none"); warnings go to
/// images.warnings.
PartialVolumeStage correct_partial_volume(const Study& study, StudyInputs& images, unsigned threads);

/// summary.json's methods.partial_volume: the method, its resolution, and the assumptions in words; none for "none".
std::optional<results::PartialVolumeMethodRecord> partial_volume_method_record(const Study& study);

}  // namespace rptdose::pipeline::detail
