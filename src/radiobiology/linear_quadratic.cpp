#include "rptdose/radiobiology/linear_quadratic.hpp"

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

void require_g(double g) {
  if (std::isfinite(g) && g >= 0.0 && g <= 1.0) return;
  throw InvalidInput("G factor is " + format_number(g) +
                     ": the Lea–Catcheside factor lies in [0, 1] (1: instantaneous, 0: infinitely slow)");
}

double bed_unchecked(double d, double g, double alpha_beta) {
  return d * (1.0 + g * d / alpha_beta);
}

}  // namespace

double bed_Gy(double dose_Gy, double g_factor, double alpha_beta_Gy) {
  require_dose(dose_Gy, "dose");
  require_g(g_factor);
  require_alpha_beta(alpha_beta_Gy);
  return bed_unchecked(dose_Gy, g_factor, alpha_beta_Gy);
}

double mixed_let_bed_Gy(double alpha_dose_Gy, double low_let_dose_Gy, double g_factor, double alpha_beta_Gy,
                        double rbe_alpha) {
  require_dose(alpha_dose_Gy, "alpha dose");
  require_positive(rbe_alpha, "RBE of alphas", "", "MIRD Pamphlet 22 recommends 5 for deterministic effects");
  return rbe_alpha * alpha_dose_Gy + bed_Gy(low_let_dose_Gy, g_factor, alpha_beta_Gy);
}

double eqd2_Gy(double bed, double alpha_beta_Gy) {
  if (!(std::isfinite(bed) && bed >= 0.0))
    throw InvalidInput("BED is " + format_number(bed) + " Gy: give a finite BED ≥ 0");
  require_alpha_beta(alpha_beta_Gy);
  return bed / (1.0 + kEqd2ReferenceFraction_Gy / alpha_beta_Gy);
}

BedResult bed_with_g(double dose_Gy, double g_factor, double alpha_beta_Gy) {
  BedResult result;
  result.dose_Gy = dose_Gy;
  result.g_factor = g_factor;
  result.bed_Gy = bed_Gy(dose_Gy, g_factor, alpha_beta_Gy);
  result.eqd2_Gy = eqd2_Gy(result.bed_Gy, alpha_beta_Gy);
  return result;
}

BedResult bed(double dose_Gy, const LqParameters& tissue, const Kinetics& kinetics) {
  require_dose(dose_Gy, "dose");
  require_alpha_beta(tissue.alpha_beta_Gy);
  return bed_with_g(dose_Gy, g_factor(kinetics, tissue.repair_half_time_s), tissue.alpha_beta_Gy);
}

Volume<float> bed_map(const Volume<float>& dose, double g, double alpha_beta_Gy) {
  require_g(g);
  require_alpha_beta(alpha_beta_Gy);
  require_dose_map(dose, "dose map");
  Volume<float> out(dose.grid());
  for (std::size_t n = 0; n < dose.size(); ++n) out[n] = static_cast<float>(bed_unchecked(dose[n], g, alpha_beta_Gy));
  return out;
}

Volume<float> bed_map(const Volume<float>& dose, const Volume<float>& g, double alpha_beta_Gy) {
  require_same_geometry(dose.grid(), g.grid(), "dose map", "G-factor map");
  require_alpha_beta(alpha_beta_Gy);
  require_dose_map(dose, "dose map");
  Volume<float> out(dose.grid());
  for (std::size_t n = 0; n < dose.size(); ++n) {
    if (!(g[n] >= 0.0f && g[n] <= 1.0f))
      throw InvalidInput("G-factor map voxel " + describe_voxel(g.grid(), n) + " is " + format_number(g[n]) +
                         ": G lies in [0, 1]; fix the per-voxel G map");
    out[n] = static_cast<float>(bed_unchecked(dose[n], g[n], alpha_beta_Gy));
  }
  return out;
}

Volume<float> bed_map(const Volume<float>& dose, const Volume<std::int32_t>& labels,
                      const std::map<std::int32_t, VoiBedParameters>& per_label,
                      const std::optional<VoiBedParameters>& fallback) {
  require_same_geometry(dose.grid(), labels.grid(), "dose map", "label map");
  for (const auto& [label, p] : per_label) {
    require_g(p.g_factor);
    require_alpha_beta(p.alpha_beta_Gy);
  }
  if (fallback) {
    require_g(fallback->g_factor);
    require_alpha_beta(fallback->alpha_beta_Gy);
  }
  require_dose_map(dose, "dose map");
  Volume<float> out(dose.grid());
  for (std::size_t n = 0; n < dose.size(); ++n) {
    const auto it = per_label.find(labels[n]);
    const VoiBedParameters* p = it != per_label.end() ? &it->second : (fallback ? &*fallback : nullptr);
    if (p == nullptr)
      throw InvalidInput("label " + std::to_string(labels[n]) + " (first at voxel " + describe_voxel(labels.grid(), n) +
                         ") has no BED parameters: add it to the per-label table or give a fallback");
    out[n] = static_cast<float>(bed_unchecked(dose[n], p->g_factor, p->alpha_beta_Gy));
  }
  return out;
}

}  // namespace rptdose::radiobiology
