#include "rptdose/radiobiology/rbe.hpp"

#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

void require_rbe(double rbe) {
  require_positive(rbe, "RBE of alpha particles", "", "MIRD Pamphlet 22: 5");
}

}  // namespace

double rbe_weighted_dose_Gy(double alpha_dose_Gy, double other_dose_Gy, double rbe_alpha) {
  require_dose(alpha_dose_Gy, "alpha dose");
  require_dose(other_dose_Gy, "beta/gamma dose");
  require_rbe(rbe_alpha);
  return rbe_alpha * alpha_dose_Gy + other_dose_Gy;
}

Volume<float> rbe_weighted_dose(const Volume<float>& alpha, const Volume<float>& other, double rbe_alpha) {
  require_rbe(rbe_alpha);
  require_same_geometry(alpha.grid(), other.grid(), "alpha dose map", "beta/gamma dose map");
  // Finite, but negative voxels are kept (noise; the weighting is linear): see rbe.hpp.
  require_finite(alpha, "alpha dose map", "fix or mask the dose map");
  require_finite(other, "beta/gamma dose map", "fix or mask the dose map");
  Volume<float> out(alpha.grid());
  for (std::size_t n = 0; n < alpha.size(); ++n)
    out[n] = static_cast<float>(rbe_alpha * static_cast<double>(alpha[n]) + static_cast<double>(other[n]));
  return out;
}

Volume<float> rbe_weighted_dose(const Volume<float>& alpha, const Volume<float>& other,
                                const Volume<std::int32_t>& labels, const std::map<std::int32_t, double>& rbe_by_label,
                                double rbe_default) {
  require_rbe(rbe_default);
  for (const auto& [label, rbe] : rbe_by_label) require_rbe(rbe);
  require_same_geometry(alpha.grid(), labels.grid(), "alpha dose map", "label map");
  Volume<float> out = rbe_weighted_dose(alpha, other, rbe_default);
  for (std::size_t n = 0; n < alpha.size(); ++n) {
    const auto it = rbe_by_label.find(labels[n]);
    if (it != rbe_by_label.end())
      out[n] = static_cast<float>(it->second * static_cast<double>(alpha[n]) + static_cast<double>(other[n]));
  }
  return out;
}

}  // namespace rptdose::radiobiology
