#include "stage_comparison.hpp"

#include <map>
#include <string>

#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "stage_dose.hpp"
#include "stage_kinetics.hpp"

namespace rptdose::pipeline::detail {

namespace {

/// The mass-weighted mean of `map` in every VOI, by label (analysis::voi_statistics, as the run's VOI table).
std::map<std::int32_t, double> voi_means(const Volume<float>& map, const Volume<std::int32_t>& labels,
                                         const Volume<float>* density) {
  analysis::VoiStatisticsOptions options;
  options.density_g_per_ml = density;
  options.dose_volume_percent = {};
  std::map<std::int32_t, double> means;
  for (const auto& s : analysis::voi_statistics(map, labels, options)) means[s.label] = s.mean;
  return means;
}

/// `candidate`'s VOI doses replaced by the voxel-level ones: its predicted TIA map through its own kernel.
void set_voxel_level_doses(results::CandidateDosimetry& candidate, const Volume<float>& predicted_tia_Bq_s,
                           const Study& study, const RunInputs& inputs, const results::RunSummary& measured,
                           unsigned threads) {
  const auto& in = inputs.images;
  const Volume<float>* density = in.density_g_per_ml ? &*in.density_g_per_ml : nullptr;
  const auto maps =
      make_dose_calculator(study, inputs, threads, candidate.nuclide).dose_from_tia(predicted_tia_Bq_s, density);
  const auto& labels = *in.labels;
  const auto total = voi_means(maps.total, labels, density), alpha = voi_means(*maps.alpha, labels, density),
             electron = voi_means(*maps.electron, labels, density), photon = voi_means(*maps.photon, labels, density);
  const double per_activity = 1.0 / measured.administered_activity_Bq;
  for (std::size_t i = 0; i < candidate.vois.size(); ++i) {
    const std::int32_t label = measured.vois.at(i).label;
    auto& v = candidate.vois[i];
    v.dose_per_activity_Gy_per_Bq = total.at(label) * per_activity;
    v.components_Gy_per_Bq = {alpha.at(label) * per_activity, electron.at(label) * per_activity,
                              photon.at(label) * per_activity};
  }
  candidate.dose_method =
      "voxel-level dose (rptdose run, methods.compare_nuclides): each voxel's fitted curve keeps its biological rates "
      "and takes the candidate's physical decay; the predicted TIA map is convolved with the candidate's whole-chain "
      "kernel with the run's density correction; VOI doses are the maps' mass-weighted means (residence times and "
      "the half-lives of G from each VOI's fitted curve)";
}

}  // namespace

results::Comparison compare_candidates(const Study& study, const RunInputs& inputs,
                                       const timeactivity::ImageSeries& series, const results::RunSummary& measured,
                                       unsigned threads) {
  const ComparisonSpec& spec = *study.methods.compare;
  if (!inputs.images.labels)
    throw InvalidInput("'compare_nuclides' in methods plans each candidate to organ limits: the study needs 'labels'");
  results::ComparisonRequest request;
  request.nuclides = spec.nuclides;
  request.limits = spec.limits;
  request.cycles = spec.cycles;
  request.rbe_alpha = spec.rbe_alpha;
  request.daughters = spec.daughters;
  // One pass of voxel fits predicts every candidate's TIA map.
  auto fit = voxel_fit_options(study, inputs, threads, false);
  for (const auto& nuclide : spec.nuclides)
    fit.predict_lambdas_phys_per_s.push_back(nuclides::DecayDatabase::instance().get(nuclide).decay_constant_per_s());
  auto fits = timeactivity::fit_voxels(series, inputs.lambda_phys_per_s, fit);
  std::vector<results::CandidateDosimetry> candidates;
  for (std::size_t k = 0; k < spec.nuclides.size(); ++k) {
    auto candidate = results::predict_candidate(measured, spec.nuclides[k], request);
    set_voxel_level_doses(candidate, fits.predicted_integrals[k], study, inputs, measured, threads);
    fits.predicted_integrals[k] = Volume<float>();  // its dose is made: free the map
    candidates.push_back(std::move(candidate));
  }
  return results::evaluate_candidates(measured, std::move(candidates), request,
                                      radiobiology::TissueTable::load_default());
}

}  // namespace rptdose::pipeline::detail
