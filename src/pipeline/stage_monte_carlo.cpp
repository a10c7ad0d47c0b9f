#include "stage_monte_carlo.hpp"

#include <algorithm>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"

namespace rptdose::pipeline::detail {

namespace {

montecarlo::VoxelGeometry study_geometry(const Study& study, const StudyInputs& in) {
  if (study.methods.monte_carlo->materials == MonteCarloMaterials::SoftTissue)
    // At the kernels' soft-tissue density (units.hpp), which the VOI masses without a CT assume too.
    return montecarlo::uniform_geometry(in.grid, montecarlo::icrp_soft_tissue(), units::kSoftTissueDensity_g_per_ml);
  if (!in.ct_HU || !in.density_g_per_ml)  // read_study checked that there is a CT; the inputs read its densities
    throw InvalidInput("methods.dose 'monte-carlo' with materials 'ct': the run has no CT on the dose grid");
  return montecarlo::geometry_from_ct(*in.ct_HU, *in.density_g_per_ml);
}

}  // namespace

MonteCarloStage monte_carlo_stage(const Study& study, const RunInputs& inputs, const Volume<float>& tia_Bq_s,
                                  unsigned threads, const ProgressCallback& progress) {
  const auto& spec = *study.methods.monte_carlo;
  const auto& in = inputs.images;
  MonteCarloStage stage;
  // Decays are sampled ∝ the TIA: a negative voxel (noise of a voxel fit) cannot be sampled. The kernel route
  // keeps such voxels (subtracting their energy); here they are set to 0, and counted as there.
  Volume<float> tia = tia_Bq_s;
  for (auto& v : tia.values())
    if (v < 0.0f) {
      ++stage.maps.report.negative_input.count;
      stage.maps.report.negative_input.sum += v;
      v = 0.0f;
    }
  const auto geometry = study_geometry(study, in);

  montecarlo::MonteCarloOptions options;
  options.decays = spec.decays;
  options.target_relative_uncertainty = spec.target_uncertainty;
  options.min_target_voi_ml = spec.min_voi_ml;
  options.seed = spec.seed;
  options.threads = threads;
  options.components = study.methods.components;
  options.progress = progress;
  std::optional<Volume<std::uint16_t>> labels;
  if (in.labels) labels = montecarlo::voi_tally_labels(*in.labels);
  auto result = montecarlo::monte_carlo_dose(tia, geometry, study.nuclide, options, labels ? &*labels : nullptr);

  stage.maps.total = std::move(result.dose_Gy);
  if (study.methods.components) {
    stage.maps.alpha = std::move(result.dose_alpha_Gy);
    stage.maps.electron = std::move(result.dose_electron_Gy);
    stage.maps.photon = std::move(result.dose_photon_Gy);
  }
  stage.maps.report.density_corrected = spec.materials == MonteCarloMaterials::Ct;
  stage.maps.report.method = "Monte Carlo: " + result.describe();
  stage.figures.relative_uncertainty = std::move(result.relative_uncertainty);
  for (const auto& voi : result.vois) stage.figures.voi_relative_uncertainty[voi.label] = voi.relative_uncertainty;

  auto& r = stage.figures.record;
  r.materials = std::string(monte_carlo_materials_name(spec.materials));
  r.seed = spec.seed;
  r.decays = spec.decays;
  r.target_uncertainty = spec.target_uncertainty;
  r.min_voi_ml = spec.min_voi_ml;
  r.decays_simulated = result.decays;
  r.seconds = result.seconds;
  r.emitted_per_decay_MeV = result.energy_per_decay.emitted_MeV;
  r.deposited_per_decay_MeV = result.energy_per_decay.deposited_MeV;
  r.escaped_per_decay_MeV = result.energy_per_decay.escaped_MeV;
  return stage;
}

}  // namespace rptdose::pipeline::detail
