#include "voi_radiobiology.hpp"

#include <algorithm>

#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "rptdose/radiobiology/rbe.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

namespace rptdose::pipeline::detail {

std::optional<Volume<float>> rbe_weighted_map(const dose::DoseMaps& dose, double rbe_alpha) {
  if (!dose.alpha) return std::nullopt;
  const auto alpha = dose.alpha->values();
  if (std::none_of(alpha.begin(), alpha.end(), [](float v) { return v != 0.0f; })) return std::nullopt;
  Volume<float> low_let = dose.electron->clone();
  low_let += *dose.photon;
  return radiobiology::rbe_weighted_dose(*dose.alpha, low_let, rbe_alpha);
}

void add_voi_radiobiology(std::vector<VoiResult>& vois, double rbe_alpha, double lambda_phys_per_s) {
  const auto table = radiobiology::TissueTable::load_default();
  for (auto& v : vois) {
    const bool alphas = v.mean_alpha_Gy && *v.mean_alpha_Gy > 0;
    if (alphas)
      v.mean_rbe_weighted_Gy =
          radiobiology::rbe_weighted_dose_Gy(*v.mean_alpha_Gy, *v.mean_electron_Gy + *v.mean_photon_Gy, rbe_alpha);
    const auto* tissue = table.match_voi(v.name);
    const auto& fit = v.kinetics.fit;
    if (!tissue || fit.status == timeactivity::FitStatus::Zero || fit.status == timeactivity::FitStatus::Masked)
      continue;
    const timeactivity::Samples samples{v.kinetics.times_s, v.kinetics.values, {}};
    const double g = radiobiology::g_factor_of_fit(
        fit, lambda_phys_per_s, radiobiology::repair_rate_per_s(tissue->lq.repair_half_time_s), &samples);
    const double low_let = alphas ? *v.mean_electron_Gy + *v.mean_photon_Gy : v.dose_Gy.mean;
    const double bed = (alphas ? rbe_alpha * *v.mean_alpha_Gy : 0.0) +
                       radiobiology::bed_Gy(std::max(low_let, 0.0), g, tissue->lq.alpha_beta_Gy);
    v.radiobiology = VoiRadiobiology{tissue->tissue,
                                     tissue->lq.alpha_beta_Gy,
                                     tissue->lq.repair_half_time_s / units::kSecondsPerHour,
                                     g,
                                     bed,
                                     radiobiology::eqd2_Gy(bed, tissue->lq.alpha_beta_Gy),
                                     tissue->status};
  }
}

}  // namespace rptdose::pipeline::detail
