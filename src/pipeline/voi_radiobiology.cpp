#include "voi_radiobiology.hpp"

#include <algorithm>
#include <map>

#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"
#include "rptdose/radiobiology/equivalent_uniform.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "rptdose/radiobiology/rbe.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

namespace rptdose::pipeline::detail {

std::optional<Volume<float>> rbe_weighted_map(const dose::DoseMaps& dose, const Volume<std::int32_t>* labels,
                                              const std::vector<results::VoiRecord>& vois, double rbe_default) {
  if (!dose.alpha) return std::nullopt;
  const auto alpha = dose.alpha->values();
  if (std::none_of(alpha.begin(), alpha.end(), [](float v) { return v != 0.0f; })) return std::nullopt;
  Volume<float> low_let = dose.electron->clone();
  low_let += *dose.photon;
  if (!labels) return radiobiology::rbe_weighted_dose(*dose.alpha, low_let, rbe_default);
  std::map<std::int32_t, double> rbe_by_label;
  for (const auto& v : vois) rbe_by_label[v.label] = v.rbe_alpha;
  return radiobiology::rbe_weighted_dose(*dose.alpha, low_let, *labels, rbe_by_label, rbe_default);
}

void add_voi_radiobiology(std::vector<results::VoiRecord>& vois,
                          const std::vector<timeactivity::VoiFitResult>& kinetics, double rbe_default,
                          const std::map<std::string, double>& rbe_by_tissue, double lambda_phys_per_s) {
  const auto table = radiobiology::TissueTable::load_default();
  for (std::size_t i = 0; i < vois.size(); ++i) {
    auto& v = vois[i];
    const auto& k = kinetics[i];
    const auto* tissue = table.match_voi(v.name);
    const auto tissue_rbe = tissue ? rbe_by_tissue.find(tissue->tissue) : rbe_by_tissue.end();
    v.rbe_alpha = tissue_rbe != rbe_by_tissue.end() ? tissue_rbe->second : rbe_default;
    const bool alphas = v.mean_alpha_dose_Gy && *v.mean_alpha_dose_Gy > 0;
    const double low_let_Gy = alphas ? *v.mean_electron_dose_Gy + *v.mean_photon_dose_Gy : v.mean_dose_Gy;
    if (alphas)
      v.mean_rbe_weighted_dose_Gy = radiobiology::rbe_weighted_dose_Gy(*v.mean_alpha_dose_Gy, low_let_Gy, v.rbe_alpha);
    const auto& fit = k.fit;
    if (!tissue || fit.status == timeactivity::FitStatus::Zero || fit.status == timeactivity::FitStatus::Masked)
      continue;
    const timeactivity::Samples samples{k.times_s, k.values, {}};
    const double g = radiobiology::g_factor_of_fit(
        fit, lambda_phys_per_s, radiobiology::repair_rate_per_s(tissue->lq.repair_half_time_s), &samples);
    const double bed = radiobiology::mixed_let_bed_Gy(alphas ? *v.mean_alpha_dose_Gy : 0.0, std::max(low_let_Gy, 0.0),
                                                      g, tissue->lq.alpha_beta_Gy, v.rbe_alpha);
    results::VoiRadiobiologyRecord r;
    r.tissue = tissue->tissue;
    r.alpha_beta_Gy = tissue->lq.alpha_beta_Gy;
    r.repair_half_time_h = tissue->lq.repair_half_time_s / units::kSecondsPerHour;
    r.g_factor = g;
    r.bed_Gy = bed;
    r.eqd2_Gy = radiobiology::eqd2_Gy(bed, tissue->lq.alpha_beta_Gy);
    r.parameters = tissue->status;
    v.radiobiology = r;
  }
}

std::map<std::int32_t, double> repair_rates_by_label(const std::map<std::int32_t, std::string>& label_names) {
  const auto table = radiobiology::TissueTable::load_default();
  std::map<std::int32_t, double> rates;
  for (const auto& [label, name] : label_names)
    if (const auto* tissue = table.match_voi(name))
      rates[label] = radiobiology::repair_rate_per_s(tissue->lq.repair_half_time_s);
  return rates;
}

std::function<float(std::size_t, const timeactivity::FitResult&, const timeactivity::Samples&)> voxel_g_factor_figure(
    const Volume<std::int32_t>& labels, std::map<std::int32_t, double> repair_rates, double lambda_phys_per_s) {
  return [&labels, repair_rates = std::move(repair_rates), lambda_phys_per_s](
             std::size_t voxel, const timeactivity::FitResult& fit, const timeactivity::Samples&) {
    const auto it = repair_rates.find(labels[voxel]);
    if (it == repair_rates.end() || fit.model == timeactivity::Model::Trapezoid) return kNoVoxelG;
    return static_cast<float>(radiobiology::g_factor_of_fit(fit, lambda_phys_per_s, it->second));
  };
}

std::optional<Volume<float>> voi_bed_map(const dose::DoseMaps& dose, const Volume<std::int32_t>& labels,
                                         const std::vector<results::VoiRecord>& vois, const Volume<float>* voxel_g,
                                         Volume<float>* g_used) {
  std::map<std::int32_t, const results::VoiRecord*> per_label;
  for (const auto& v : vois)
    if (v.radiobiology) per_label.emplace(v.label, &v);
  if (per_label.empty()) return std::nullopt;
  const bool components = dose.alpha.has_value();
  Volume<float> bed(dose.total.grid());
  if (g_used) *g_used = Volume<float>(dose.total.grid());
  for (std::size_t n = 0; n < bed.size(); ++n) {
    const auto it = per_label.find(labels[n]);
    if (it == per_label.end()) continue;
    const results::VoiRadiobiologyRecord& r = *it->second->radiobiology;
    const double g = voxel_g && (*voxel_g)[n] != kNoVoxelG ? (*voxel_g)[n] : r.g_factor;
    if (g_used) (*g_used)[n] = static_cast<float>(g);
    const double alpha = components ? std::max((*dose.alpha)[n], 0.0f) : 0.0;
    const double low_let =
        components ? static_cast<double>((*dose.electron)[n]) + (*dose.photon)[n] : static_cast<double>(dose.total[n]);
    bed[n] = static_cast<float>(
        radiobiology::mixed_let_bed_Gy(alpha, std::max(low_let, 0.0), g, r.alpha_beta_Gy, it->second->rbe_alpha));
  }
  return bed;
}

void add_voxel_bed_figures(std::vector<results::VoiRecord>& vois, const Volume<float>& bed_Gy,
                           const Volume<float>& dose_Gy, const Volume<std::int32_t>& labels,
                           const Volume<float>* density_g_per_ml, std::optional<double> eud_alpha_per_Gy) {
  analysis::VoiStatisticsOptions mean_only;
  mean_only.density_g_per_ml = density_g_per_ml;
  mean_only.dose_volume_percent = {};
  std::map<std::int32_t, double> mean_bed;
  for (const auto& s : analysis::voi_statistics(bed_Gy, labels, mean_only)) mean_bed[s.label] = s.mean;
  std::map<std::int32_t, double> eubed, eud;
  if (eud_alpha_per_Gy) {
    eubed = radiobiology::equivalent_uniform_per_label(bed_Gy, labels, *eud_alpha_per_Gy);
    eud = radiobiology::equivalent_uniform_per_label(dose_Gy, labels, *eud_alpha_per_Gy);
  }
  for (auto& v : vois) {
    if (!v.radiobiology) continue;
    auto& r = *v.radiobiology;
    r.mean_voxel_bed_Gy = mean_bed.at(v.label);
    if (eud_alpha_per_Gy) {
      r.eud_alpha_per_Gy = eud_alpha_per_Gy;
      r.eubed_Gy = eubed.at(v.label);
      r.eud_Gy = eud.at(v.label);
    }
  }
}

}  // namespace rptdose::pipeline::detail
