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

/// "voxel": GTM + RBV of every time point.
void correct_voxel_wise(const Study& study, StudyInputs& in, unsigned threads) {
  // parse_study makes the voxel method come with labels and a resolution.
  const quantification::RegionPartialVolume pvc(
      *in.labels, quantification::GaussianPsf{*study.methods.partial_volume.resolution_fwhm_mm}, threads);
  for (std::size_t t = 0; t < in.activity_Bq.size(); ++t) {
    auto result = pvc.correct(in.activity_Bq[t]);
    if (result.negative_means_set_to_zero > 0)
      in.warnings.push_back("partial-volume correction, time point " + std::to_string(t) + ": " +
                            std::to_string(result.negative_means_set_to_zero) +
                            " region(s) came out with a negative mean activity (noise in a region of almost "
                            "none) and were set to 0");
    in.activity_Bq[t] = std::move(result.corrected);
  }
}

/// "recovery": every VOI's voxels divided by RC(its volume), at every time point; label 0 is left as it is.
std::map<std::int32_t, double> correct_by_recovery(const Study& study, StudyInputs& in) {
  // parse_study makes the recovery method come with labels and a calibration with a curve.
  const auto& curve = *study.calibration->recovery;
  const auto& labels = *in.labels;
  std::map<std::int32_t, std::size_t> voxels;
  for (const auto label : labels.values())
    if (label != 0) ++voxels[label];
  std::map<std::int32_t, double> recovery;
  std::string below, above;
  for (const auto& [label, n] : voxels) {
    const double volume_mL = static_cast<double>(n) * in.grid.voxel_volume_ml();
    recovery[label] = curve.recovery(volume_mL);
    if (curve.within_fitted_range(volume_mL)) continue;
    std::string& list = volume_mL < curve.volume_min_mL ? below : above;
    list += (list.empty() ? "" : ", ") + in.label_names.at(label) + " (" + format("%.3g", volume_mL) + " mL)";
  }
  if (!below.empty())
    in.warnings.push_back("recovery correction: " + below + " smaller than the calibration's smallest sphere (" +
                          format("%.3g", curve.volume_min_mL) +
                          " mL): corrected with that sphere's RC, which under-corrects them");
  if (!above.empty())
    in.warnings.push_back("recovery correction: " + above + " larger than the calibration's largest sphere (" +
                          format("%.3g", curve.volume_max_mL) +
                          " mL): corrected with the surface law 1 - RC ∝ V^(-1/3) from that sphere's RC "
                          "(exact for large spheres; a VOI with more surface per volume than a sphere is "
                          "under-corrected)");
  for (auto& activity : in.activity_Bq)
    for (std::size_t v = 0; v < activity.size(); ++v)
      if (const auto label = labels[v]; label != 0) activity[v] = static_cast<float>(activity[v] / recovery.at(label));
  return recovery;
}

}  // namespace

PartialVolumeStage correct_partial_volume(const Study& study, StudyInputs& in, unsigned threads) {
  PartialVolumeStage stage;
  const auto method = study.methods.partial_volume.method;
  if (method == PartialVolumeMethod::None) return stage;
  for (const auto& activity : in.activity_Bq) stage.uncorrected_activity_Bq.push_back(activity.clone());
  if (method == PartialVolumeMethod::Voxel)
    correct_voxel_wise(study, in, threads);
  else
    stage.recovery_by_label = correct_by_recovery(study, in);
  return stage;
}

std::optional<results::PartialVolumeMethodRecord> partial_volume_method_record(const Study& study) {
  const auto& spec = study.methods.partial_volume;
  if (spec.method == PartialVolumeMethod::None) return std::nullopt;
  results::PartialVolumeMethodRecord record;
  record.method = std::string(partial_volume_method_name(spec.method));
  if (spec.method == PartialVolumeMethod::Recovery) {
    const auto& curve = *study.calibration->recovery;
    record.description =
        "recovery correction: the activity of each VOI (not of label 0) divided, at every time point before the "
        "fits, by the recovery coefficient of its volume, RC(V) = a/(1+(b/V)^c) (above the largest sphere 1 - RC "
        "falls as V^(-1/3) from its value there) with a = " +
        format("%.4g", curve.a) + ", b = " + format("%.4g", curve.b_mL) + " mL, c = " + format("%.4g", curve.c) +
        " from the calibration " + study.calibration_file->string() + " (spheres of " +
        format("%.3g", curve.volume_min_mL) + " to " + format("%.3g", curve.volume_max_mL) +
        " mL); assumes each VOI loses activity as a sphere of its volume in a cold surround does: no spill-in "
        "from neighbours, and a compact shape (shells such as a kidney cortex lose more); the VOIs' RC and TIA "
        "before the correction are in vois[].partial_volume";
    return record;
  }
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
