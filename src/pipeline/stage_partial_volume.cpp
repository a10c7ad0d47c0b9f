#include "stage_partial_volume.hpp"

#include <cstdio>

#include "rptdose/quantification/partial_volume.hpp"

namespace rptdose::pipeline::detail {

namespace {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace

PartialVolumeStage correct_partial_volume(const Study& study, StudyInputs& in, unsigned threads) {
  PartialVolumeStage stage;
  const auto& spec = study.methods.partial_volume;
  if (spec.method == PartialVolumeMethod::None) return stage;
  // parse_study makes the voxel method come with labels and a resolution.
  const quantification::RegionPartialVolume pvc(*in.labels, quantification::GaussianPsf{*spec.resolution_fwhm_mm},
                                                threads);
  for (std::size_t t = 0; t < in.activity_Bq.size(); ++t) {
    auto result = pvc.correct(in.activity_Bq[t]);
    if (result.negative_means_set_to_zero > 0)
      in.warnings.push_back("partial-volume correction, time point " + std::to_string(t) + ": " +
                               std::to_string(result.negative_means_set_to_zero) +
                               " region(s) came out with a negative mean activity (noise in a region of almost "
                               "none) and were set to 0");
    stage.uncorrected_activity_Bq.push_back(std::move(in.activity_Bq[t]));
    in.activity_Bq[t] = std::move(result.corrected);
  }
  return stage;
}

std::optional<results::PartialVolumeMethodRecord> partial_volume_method_record(const Study& study) {
  const auto& spec = study.methods.partial_volume;
  if (spec.method == PartialVolumeMethod::None) return std::nullopt;
  results::PartialVolumeMethodRecord record;
  record.method = std::string(partial_volume_method_name(spec.method));
  const Vector3& fwhm = *spec.resolution_fwhm_mm;
  record.resolution_fwhm_mm = {fwhm[0], fwhm[1], fwhm[2]};
  record.description =
      "region-based voxel-wise correction (RBV, Thomas et al. 2011, EJNMMI 38:1104) of each time point before the "
      "fits, with the regional means of the geometric transfer matrix (GTM, Rousset et al. 1998, J Nucl Med "
      "39:904); assumes a spatially invariant Gaussian PSF of FWHM " +
      format("%g", fwhm[0]) + " x " + format("%g", fwhm[1]) + " x " + format("%g", fwhm[2]) +
      " mm and uniform activity within each region of the label map (label 0, the voxels no VOI covers, "
      "included); the VOIs' TIA before the correction is in vois[].partial_volume";
  return record;
}

}  // namespace rptdose::pipeline::detail
