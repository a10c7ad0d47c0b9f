#include "rptdose/dose/hu_to_density.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::dose {

namespace {

/// Schneider, Bortfeld and Schlegel (2000), Phys. Med. Biol. 45:459, as tabulated in GATE's
/// Schneider2000DensitiesTable.txt, without its (100 HU, 1.1199 g/mL) node (see hu_to_density.hpp).
const std::vector<HuDensityPoint> kSchneider2000Points = {
    {-1000.0, 0.00121}, {-98.0, 0.93},   {-97.0, 0.930486}, {14.0, 1.03},
    {23.0, 1.031},      {101.0, 1.0762}, {1600.0, 1.9642},  {3000.0, 2.8},
};
constexpr const char* kSchneider2000Source =
    "Schneider, Bortfeld, Schlegel 2000 (Phys Med Biol 45:459), GATE Schneider2000DensitiesTable without the "
    "100 HU node";

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string point_text(std::size_t index, const HuDensityPoint& p) {
  return "point " + std::to_string(index + 1) + " (" + number(p.hu) + " HU, " + number(p.density_g_per_ml) + " g/mL)";
}

}  // namespace

HuDensityCalibration::HuDensityCalibration(std::vector<HuDensityPoint> points, std::string source)
    : points_(std::move(points)), source_(std::move(source)) {
  if (points_.size() < 2)
    throw InvalidInput("an HU-to-density calibration needs at least 2 (HU, g/mL) points, got " +
                       std::to_string(points_.size()));
  for (std::size_t n = 0; n < points_.size(); ++n) {
    const auto& p = points_[n];
    if (!std::isfinite(p.hu) || !std::isfinite(p.density_g_per_ml))
      throw InvalidInput("HU-to-density calibration " + point_text(n, p) + " is not finite");
    if (p.density_g_per_ml <= 0)
      throw InvalidInput("HU-to-density calibration " + point_text(n, p) +
                         " has a density that is not positive: densities are in g/mL (air 0.0012)");
    if (n > 0 && !(p.hu > points_[n - 1].hu))
      throw InvalidInput("HU-to-density calibration " + point_text(n, p) +
                         (p.hu == points_[n - 1].hu ? " repeats" : " is below") + " the HU of " +
                         point_text(n - 1, points_[n - 1]) +
                         ": give the points in strictly increasing HU, each HU once");
  }
}

HuDensityCalibration HuDensityCalibration::schneider2000() {
  return HuDensityCalibration(kSchneider2000Points, kSchneider2000Source);
}

double HuDensityCalibration::density_g_per_ml(double hu) const {
  if (std::isnan(hu)) return hu;
  if (hu <= points_.front().hu) return points_.front().density_g_per_ml;
  if (hu >= points_.back().hu) return points_.back().density_g_per_ml;
  // First point above hu; its predecessor is at or below.
  const auto upper = std::upper_bound(points_.begin(), points_.end(), hu,
                                      [](double value, const HuDensityPoint& p) { return value < p.hu; });
  const auto lower = upper - 1;
  const double f = (hu - lower->hu) / (upper->hu - lower->hu);
  return lower->density_g_per_ml + f * (upper->density_g_per_ml - lower->density_g_per_ml);
}

std::string HuDensityCalibration::describe() const {
  return source_ + ": " + std::to_string(points_.size()) + " points from " + number(points_.front().hu) + " HU (" +
         number(points_.front().density_g_per_ml) + " g/mL) to " + number(points_.back().hu) + " HU (" +
         number(points_.back().density_g_per_ml) + " g/mL), linear between points, clamped outside";
}

Volume<float> hu_to_density(const Volume<float>& ct_hu, const HuDensityCalibration& calibration,
                            ParallelOptions parallel) {
  if (ct_hu.grid().empty()) throw InvalidInput("the CT is empty: pass a CT image in HU");
  require_finite(ct_hu, "the CT", "replace them by air (-1000 HU) or fix the CT reconstruction");
  Volume<float> density(ct_hu.grid());
  const float* hu = ct_hu.data();
  float* out = density.data();
  parallel.grain = std::max<std::size_t>(parallel.grain, std::size_t{1} << 16);
  parallel_for(
      0, ct_hu.size(),
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t n = begin; n < end; ++n) out[n] = static_cast<float>(calibration.density_g_per_ml(hu[n]));
      },
      parallel);
  return density;
}

}  // namespace rptdose::dose
