#include "rptdose/quantification/phantoms.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::quantification {
namespace {

std::string number_text(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

void require_positive(double value, const std::string& what) {
  if (!(std::isfinite(value) && value > 0))
    throw InvalidInput(what + " is " + number_text("%g", value) + ": it must be a positive number");
}

/// Sub-voxel points per axis for the fraction of a voxel inside a sphere: 8³ = 512 points put the fraction of a
/// voxel the surface crosses within ~1/8 of its depth, and since the errors of neighbouring surface voxels
/// alternate in sign, the weighted volume of a 10 mm sphere in 4 mm voxels within 0.5 % (checked by the tests).
constexpr int kSubSamples = 8;

struct SphereVoi {
  std::vector<std::size_t> voxels;
  std::vector<double> weights;  ///< fraction of each voxel inside the sphere
  double weight_sum = 0.0;
};

/// The voxels the sphere touches with their fractions inside, or InvalidInput when part of it lies outside the
/// image.
SphereVoi sphere_voi(const Grid& grid, const Sphere& sphere, const std::string& name) {
  const double radius = sphere.diameter_mm / 2;
  // The bounding box in index space: the sphere's extreme points along each patient axis map to the index range;
  // with an oblique direction the box of all eight corners of the patient-space box is taken.
  Vector3 low = Vector3::Constant(std::numeric_limits<double>::infinity()), high = -low;
  for (int corner = 0; corner < 8; ++corner) {
    const Vector3 offset((corner & 1 ? 1 : -1) * radius, (corner & 2 ? 1 : -1) * radius,
                         (corner & 4 ? 1 : -1) * radius);
    const Vector3 index = grid.point_to_index(sphere.centre_mm + offset);
    low = low.cwiseMin(index);
    high = high.cwiseMax(index);
  }
  const auto size = grid.size();
  for (int a = 0; a < 3; ++a) {
    // The image covers continuous indices −½ … n − ½ (voxel edges); the sphere must lie within them.
    if (low[a] < -0.5 - 1e-9 || high[a] > static_cast<double>(size[a]) - 0.5 + 1e-9) {
      const Vector3 c = sphere.centre_mm;
      throw InvalidInput(name + " (centre (" + number_text("%.1f", c.x()) + ", " + number_text("%.1f", c.y()) + ", " +
                         number_text("%.1f", c.z()) + ") mm, diameter " + number_text("%g", sphere.diameter_mm) +
                         " mm) is not wholly inside the image (" + grid.describe() +
                         "): give its centre in the image's patient coordinates (mm, as the image header's origin)");
    }
  }
  const Vector3 half_diagonal_vector = 0.5 * grid.spacing_mm();
  const double half_diagonal = half_diagonal_vector.norm();
  SphereVoi voi;
  std::array<std::int64_t, 3> first{}, last{};
  for (int a = 0; a < 3; ++a) {
    first[a] = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(low[a] + 0.5)));
    last[a] = std::min<std::int64_t>(static_cast<std::int64_t>(size[a]) - 1,
                                     static_cast<std::int64_t>(std::ceil(high[a] - 0.5)));
  }
  for (std::int64_t k = first[2]; k <= last[2]; ++k)
    for (std::int64_t j = first[1]; j <= last[1]; ++j)
      for (std::int64_t i = first[0]; i <= last[0]; ++i) {
        const Index3 index{i, j, k};
        const double distance = (grid.index_to_point(index) - sphere.centre_mm).norm();
        double fraction = 0;
        if (distance + half_diagonal <= radius) {
          fraction = 1;
        } else if (distance - half_diagonal < radius) {
          int inside = 0;
          for (int c = 0; c < kSubSamples; ++c)
            for (int b = 0; b < kSubSamples; ++b)
              for (int a = 0; a < kSubSamples; ++a) {
                const Vector3 sub(i + (a + 0.5) / kSubSamples - 0.5, j + (b + 0.5) / kSubSamples - 0.5,
                                  k + (c + 0.5) / kSubSamples - 0.5);
                if ((grid.index_to_point(sub) - sphere.centre_mm).squaredNorm() <= radius * radius) ++inside;
              }
          fraction = static_cast<double>(inside) / (kSubSamples * kSubSamples * kSubSamples);
        }
        if (fraction > 0) {
          voi.voxels.push_back(
              grid.linear_index(static_cast<std::size_t>(i), static_cast<std::size_t>(j), static_cast<std::size_t>(k)));
          voi.weights.push_back(fraction);
          voi.weight_sum += fraction;
        }
      }
  return voi;
}

}  // namespace

double acquisition_decay_factor(double half_life_s, double duration_s) {
  require_positive(half_life_s, "the half-life (s)");
  if (!(std::isfinite(duration_s) && duration_s >= 0))
    throw InvalidInput("the acquisition duration is " + number_text("%g", duration_s) + " s: give a duration ≥ 0");
  const double x = std::numbers::ln2 / half_life_s * duration_s;  // λT
  // (1 − e^{−x})/x = −expm1(−x)/x, exact to rounding also for λT ≪ 1; 1 for an instantaneous acquisition.
  return x > 0 ? -std::expm1(-x) / x : 1.0;
}

Sensitivity measure_sensitivity(const Volume<float>& counts, const UniformPhantomScan& scan, double half_life_s,
                                const CountsVoi& voi) {
  require_positive(scan.activity_MBq, "the phantom's activity (MBq)");
  if (!(std::isfinite(scan.activity_u_MBq) && scan.activity_u_MBq >= 0))
    throw InvalidInput("the phantom activity's uncertainty is " + number_text("%g", scan.activity_u_MBq) +
                       " MBq: give a standard uncertainty ≥ 0");
  require_positive(scan.acquisition_duration_s, "the phantom's acquisition duration (s)");
  if (!std::isfinite(scan.decay_time_s))
    throw InvalidInput("the time from the phantom activity's reference to the acquisition is not finite");
  if (scan.phantom_volume_mL) require_positive(*scan.phantom_volume_mL, "the phantom volume (mL)");
  if (scan.phantom_volume_mL && !voi.mask && !voi.threshold_fraction)
    throw InvalidInput(
        "a phantom volume is for a mask or threshold VOI (the concentration method); the whole "
        "image holds all of the phantom's activity: leave the volume out");
  if (voi.mask && voi.threshold_fraction) throw InvalidInput("give a mask or a threshold for the VOI, not both");
  if (voi.threshold_fraction && !(*voi.threshold_fraction > 0 && *voi.threshold_fraction < 1))
    throw InvalidInput("the VOI threshold is " + number_text("%g", *voi.threshold_fraction) +
                       ": give a fraction of the image's maximum between 0 and 1 (e.g. 0.4)");
  require_finite(counts, "the uniform phantom's image", "fix the reconstruction or its export");
  if (voi.mask) require_same_geometry(counts.grid(), voi.mask->grid(), "the uniform phantom's image", "its mask");

  Sensitivity out;
  std::size_t voxels = 0;
  double sum = 0;
  const float threshold = voi.threshold_fraction
                              ? static_cast<float>(*voi.threshold_fraction *
                                                   *std::max_element(counts.values().begin(), counts.values().end()))
                              : 0.0f;
  for (std::size_t n = 0; n < counts.size(); ++n) {
    const bool in = voi.mask ? (*voi.mask)[n] != 0 : voi.threshold_fraction ? counts[n] >= threshold : true;
    if (!in) continue;
    ++voxels;
    sum += counts[n];
  }
  if (voxels == 0) throw InvalidInput("the uniform phantom's VOI is empty: check the mask or the threshold");
  if (!(sum > 0))
    throw InvalidInput("the uniform phantom's VOI holds " + number_text("%g", sum) +
                       " counts: the image must hold the phantom's counts (is it the right image, in counts?)");
  const double voi_volume_mL = static_cast<double>(voxels) * counts.grid().voxel_volume_ml();
  const double decay = std::exp(-std::numbers::ln2 / half_life_s * scan.decay_time_s);
  out.activity_at_acquisition_MBq = scan.activity_MBq * decay;
  double activity_in_voi_MBq = out.activity_at_acquisition_MBq;
  if (scan.phantom_volume_mL) activity_in_voi_MBq *= voi_volume_mL / *scan.phantom_volume_mL;
  const double f = acquisition_decay_factor(half_life_s, scan.acquisition_duration_s);
  out.counts = sum;
  out.acquisition_duration_s = scan.acquisition_duration_s;
  out.cps_per_MBq = sum / (scan.acquisition_duration_s * activity_in_voi_MBq * f);
  const double relative_activity_u = scan.activity_u_MBq / scan.activity_MBq;
  out.u_cps_per_MBq = out.cps_per_MBq * std::sqrt(1.0 / sum + relative_activity_u * relative_activity_u);
  const std::string size = std::to_string(voxels) + " voxels, " + number_text("%.1f", voi_volume_mL) + " mL";
  if (voi.mask)
    out.voi = "mask (" + size + ")";
  else if (voi.threshold_fraction)
    out.voi = "threshold " + number_text("%g", 100 * *voi.threshold_fraction) + " % of the maximum (" + size + ")";
  else
    out.voi = "whole image (" + size + ")";
  if (scan.phantom_volume_mL)
    out.voi += ", concentration method: phantom volume " + number_text("%g", *scan.phantom_volume_mL) + " mL";
  return out;
}

std::vector<RecoveryPoint> measure_recovery(const Volume<float>& image, const SpherePhantomScan& scan,
                                            double half_life_s) {
  require_positive(scan.sphere_concentration_Bq_per_mL, "the spheres' concentration (Bq/mL)");
  const double background = scan.background_concentration_Bq_per_mL;
  if (!(std::isfinite(background) && background >= 0 && background < scan.sphere_concentration_Bq_per_mL))
    throw InvalidInput("the background concentration is " + number_text("%g", background) +
                       " Bq/mL: give one ≥ 0 and below the spheres' (" +
                       number_text("%g", scan.sphere_concentration_Bq_per_mL) + " Bq/mL)");
  if (scan.spheres.empty()) throw InvalidInput("the sphere phantom has no spheres: give each sphere's centre");
  const double f = acquisition_decay_factor(half_life_s, scan.acquisition_duration_s);
  const double sphere_true = scan.sphere_concentration_Bq_per_mL * f, background_true = background * f;
  const Grid& grid = image.grid();
  std::vector<RecoveryPoint> points;
  for (std::size_t s = 0; s < scan.spheres.size(); ++s) {
    const Sphere& sphere = scan.spheres[s];
    const std::string name =
        sphere.name.empty() ? "sphere " + std::to_string(s + 1) + " (" + number_text("%g", sphere.diameter_mm) + " mm)"
                            : sphere.name;
    require_positive(sphere.diameter_mm, name + "'s diameter (mm)");
    if (!sphere.centre_mm.allFinite()) throw InvalidInput(name + "'s centre is not finite");
    for (std::size_t t = 0; t < s; ++t) {
      const Sphere& other = scan.spheres[t];
      if ((sphere.centre_mm - other.centre_mm).norm() < (sphere.diameter_mm + other.diameter_mm) / 2)
        throw InvalidInput(name + " overlaps " + points[t].name +
                           ": the spheres' centres are closer than their radii; check the centres (mm)");
    }
    const SphereVoi voi = sphere_voi(grid, sphere, name);
    double weighted = 0;
    for (std::size_t v = 0; v < voi.voxels.size(); ++v) {
      const float value = image[voi.voxels[v]];
      if (!std::isfinite(value))
        throw InvalidInput(name + " has a NaN or infinite voxel at index " + describe_voxel(grid, voi.voxels[v]) +
                           ": fix the reconstruction or its export");
      weighted += voi.weights[v] * value;
    }
    const double mean = weighted / voi.weight_sum;
    const double rc = (mean - background_true) / (sphere_true - background_true);
    if (!(rc > 0))
      throw InvalidInput(name + " shows no activity above the background: mean " + number_text("%.4g", mean) +
                         " Bq/mL in its volume, background " + number_text("%.4g", background_true) +
                         " Bq/mL; check its centre (the image's patient coordinates, mm) and that it was filled");
    RecoveryPoint point;
    point.name = name;
    point.volume_mL = std::numbers::pi / 6 * std::pow(sphere.diameter_mm, 3) / units::kMm3PerMl;
    point.recovery = rc;
    points.push_back(point);
  }
  return points;
}

}  // namespace rptdose::quantification
