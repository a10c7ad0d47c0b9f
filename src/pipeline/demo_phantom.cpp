#include "rptdose/pipeline/demo_phantom.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/quantification/gaussian_psf.hpp"

namespace rptdose::pipeline {

namespace {

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kSpacing_mm = 4.8;
constexpr Size3 kSize{80, 56, 64};                    // 384 × 269 × 307 mm: abdomen from the lung bases to the pelvis

// Hounsfield units of the synthetic CT: typical values of non-contrast CT (e.g. Schneider et al. 2000, Phys Med
// Biol 45:459, table 2 ranges); only the density correction and the overlay plot use them.
constexpr float kAirHU = -1000, kLungHU = -820, kFatHU = -90, kSoftTissueHU = 30, kLiverHU = 60, kSpleenHU = 50,
                kKidneyHU = 35, kTumourHU = 45, kTrabecularHU = 220, kCorticalHU = 700, kDiscHU = 80;
constexpr double kCtNoiseHU = 12.0;

enum Label : std::int32_t {
  kBackground = 0,
  kLiver = 1,
  kSpleen = 2,
  kKidneyLeftCortex = 3,
  kKidneyLeftMedulla = 4,
  kKidneyRightCortex = 5,
  kKidneyRightMedulla = 6,
  kRedMarrow = 7,
  kTumour1 = 8,
  kTumour2 = 9,
  kTumour3 = 10,
  kRemainder = 11,
};

// Kinetics of 177Lu-DOTATATE-like uptake: plateau fraction of the administered activity, biological half-life
// and uptake half-time. Illustrative values of the order reported for 177Lu-DOTATATE (kidney effective
// half-life ≈ 50 h, spleen and liver 60–70 h, tumours 50–100 h: Sandström et al. 2013, J Nucl Med 54:33; Garske-
// Román et al. 2018, EJNMMI 45:970); with 177Lu's physical half-life (159.5 h) the biological half-lives below
// give those effective half-lives. Synthetic: nothing here reaches a patient's dose.
std::vector<DemoTissue> tissue_table() {
  return {
      {kLiver, "liver", 0.060, 124.7, 1.0},
      {kSpleen, "spleen", 0.015, 109.7, 1.0},
      {kKidneyLeftCortex, "kidney_left_cortex", 0.011, 72.8, 0.5},
      {kKidneyLeftMedulla, "kidney_left_medulla", 0.003, 72.8, 2.0},
      {kKidneyRightCortex, "kidney_right_cortex", 0.011, 72.8, 0.5},
      {kKidneyRightMedulla, "kidney_right_medulla", 0.003, 72.8, 2.0},
      {kRedMarrow, "red_marrow_L1_L5", 0.0015, 29.6, 0.3},
      {kTumour1, "tumour_1_liver", 0.015, 206.0, 2.0},
      {kTumour2, "tumour_2_liver", 0.005, 141.5, 8.0},
      {kTumour3, "tumour_3_node", 0.004, 62.7, 1.0},
      {kRemainder, "remainder_of_body", 0.30, 12.0, 0.2},
  };
}

struct Ellipsoid {
  Vector3 centre_mm, semi_axes_mm;
  bool contains(const Vector3& p) const { return ((p - centre_mm).cwiseQuotient(semi_axes_mm)).squaredNorm() <= 1.0; }
};

// The anatomy in LPS patient coordinates (x to the patient's left, y posterior, z superior), mm from the centre.
const Ellipsoid kLiverShape{{-65, -5, 55}, {80, 70, 55}};
const Ellipsoid kSpleenShape{{100, 35, 60}, {32, 28, 45}};
const Ellipsoid kKidneyLeftShape{{75, 50, -5}, {30, 26, 52}};
const Ellipsoid kKidneyRightShape{{-75, 50, -15}, {30, 26, 52}};
constexpr double kCortexThickness_mm = 9.0;
const Ellipsoid kTumour1Shape{{-45, -40, 70}, {20, 20, 20}};
const Ellipsoid kTumour2Shape{{-100, 15, 35}, {14, 14, 14}};
const Ellipsoid kTumour3Shape{{25, -45, -50}, {16, 16, 16}};
const Ellipsoid kLungLeftShape{{85, 0, 150}, {60, 70, 60}};
const Ellipsoid kLungRightShape{{-85, 0, 150}, {60, 70, 60}};
constexpr double kBodySemiX_mm = 165, kBodySemiY_mm = 110, kBodyHalfLength_mm = 150, kFat_mm = 15;
constexpr double kSpineY_mm = 65, kVertebraRadius_mm = 22, kTrabecularRadius_mm = 15;
constexpr double kLumbarTop_mm = 20, kVertebraHeight_mm = 27, kDisc_mm = 5;
constexpr int kLumbarVertebrae = 5;

bool in_body(const Vector3& p, double inset_mm = 0) {
  const double a = kBodySemiX_mm - inset_mm, b = kBodySemiY_mm - inset_mm;
  return std::abs(p.z()) <= kBodyHalfLength_mm && (p.x() * p.x()) / (a * a) + (p.y() * p.y()) / (b * b) <= 1.0;
}

Ellipsoid shrunk(const Ellipsoid& e, double by_mm) {
  return {e.centre_mm, e.semi_axes_mm - Vector3::Constant(by_mm)};
}

/// Tissue label and HU at a point.
std::pair<std::int32_t, float> tissue_at(const Vector3& p) {
  if (!in_body(p)) return {kBackground, kAirHU};
  if (kTumour1Shape.contains(p)) return {kTumour1, kTumourHU};
  if (kTumour2Shape.contains(p)) return {kTumour2, kTumourHU};
  if (kTumour3Shape.contains(p)) return {kTumour3, kTumourHU};
  if (kLiverShape.contains(p)) return {kLiver, kLiverHU};
  if (kSpleenShape.contains(p)) return {kSpleen, kSpleenHU};
  for (const auto* kidney : {&kKidneyLeftShape, &kKidneyRightShape}) {
    if (!kidney->contains(p)) continue;
    const bool left = kidney == &kKidneyLeftShape;
    const bool medulla = shrunk(*kidney, kCortexThickness_mm).contains(p);
    return {left ? (medulla ? kKidneyLeftMedulla : kKidneyLeftCortex)
                 : (medulla ? kKidneyRightMedulla : kKidneyRightCortex),
            kKidneyHU};
  }
  const double spine_r = std::hypot(p.x(), p.y() - kSpineY_mm);
  if (spine_r <= kVertebraRadius_mm) {
    const double below_top = kLumbarTop_mm - p.z();  // lumbar vertebrae from kLumbarTop_mm downwards
    const double period = kVertebraHeight_mm + kDisc_mm;
    const bool lumbar = below_top >= 0 && below_top < kLumbarVertebrae * period;
    const bool disc = lumbar && std::fmod(below_top, period) >= kVertebraHeight_mm;
    if (disc) return {kRemainder, kDiscHU};
    if (spine_r > kTrabecularRadius_mm) return {kRemainder, kCorticalHU};
    return {lumbar ? kRedMarrow : kRemainder, kTrabecularHU};
  }
  if (kLungLeftShape.contains(p) || kLungRightShape.contains(p)) return {kRemainder, kLungHU};
  return {kRemainder, in_body(p, kFat_mm) ? kSoftTissueHU : kFatHU};
}

/// Relative concentration at p within its tissue for the heterogeneous phantom (DemoOptions::heterogeneous_uptake).
double heterogeneous_weight(std::int32_t label, const Vector3& p) {
  switch (label) {
    case kLiver:  // linear from 0.4 at the liver's right edge to 1.6 at its left (x is the patient's left)
      return 1.0 + 0.6 * (p.x() - kLiverShape.centre_mm.x()) / kLiverShape.semi_axes_mm.x();
    case kTumour1:  // necrotic core
      return (p - kTumour1Shape.centre_mm).norm() < 0.6 * kTumour1Shape.semi_axes_mm.x() ? 0.1 : 1.0;
    case kKidneyLeftCortex:
    case kKidneyRightCortex: {  // hotter poles: |cos| of the angle from the long (z) axis
      const auto& kidney = label == kKidneyLeftCortex ? kKidneyLeftShape : kKidneyRightShape;
      const Vector3 d = p - kidney.centre_mm;
      return 1.0 + 0.8 * std::abs(d.z()) / std::max(d.norm(), 1e-9);
    }
    default:
      return 1.0;
  }
}

/// Per voxel, the fraction of its tissue's activity it holds (summing to 1 over each tissue): uniform, or the
/// heterogeneous pattern.
std::vector<double> uptake_shares(const Volume<std::int32_t>& labels, const std::vector<std::size_t>& voxels,
                                  bool heterogeneous) {
  const Grid& grid = labels.grid();
  std::vector<double> share(grid.voxel_count(), 0.0), total(voxels.size(), 0.0);
  const auto& n = grid.size();
  for (std::size_t k = 0, v = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i, ++v) {
        const auto label = labels[v];
        if (label == kBackground) continue;
        share[v] = heterogeneous ? heterogeneous_weight(label, grid.index_to_point(Index3{std::int64_t(i),
                                                                                         std::int64_t(j),
                                                                                         std::int64_t(k)}))
                                 : 1.0;
        total[label] += share[v];
      }
  for (std::size_t v = 0; v < share.size(); ++v)
    if (labels[v] != kBackground) share[v] /= total[labels[v]];
  return share;
}

double usual_activity_Bq(const std::string& nuclide) {
  if (nuclide == "Lu-177") return 7.4e9;  // 200 mCi, the NETTER-1 cycle
  if (nuclide == "Pb-212") return 185e6;  // 2.5 MBq/kg × 74 kg (212Pb-DOTAMTATE phase 1 dose level)
  if (nuclide == "Ac-225") return 7.4e6;  // 100 kBq/kg × 74 kg (225Ac-DOTATATE)
  return 1e9;
}

}  // namespace

DemoPhantom make_demo_phantom(const DemoOptions& options) {
  const auto& nuclide = nuclides::DecayDatabase::instance().get(options.nuclide);
  if (options.administered_activity_Bq < 0 || !std::isfinite(options.administered_activity_Bq))
    throw InvalidInput("the demo's administered activity must be positive (Bq)");
  if (!(options.resolution_fwhm_mm > 0) || !(options.sensitivity_cps_per_MBq > 0) || !(options.frame_duration_s > 0))
    throw InvalidInput("the demo's resolution, sensitivity and frame duration must be positive");

  DemoPhantom phantom;
  phantom.nuclide = nuclide.name();
  phantom.administered_activity_Bq =
      options.administered_activity_Bq > 0 ? options.administered_activity_Bq : usual_activity_Bq(nuclide.name());
  phantom.times_h = options.times_h;
  if (phantom.times_h.empty())
    phantom.times_h = nuclide.half_life_s() < 2 * units::kSecondsPerDay ? std::vector<double>{1, 4, 20, 44}
                                                                        : std::vector<double>{4, 24, 96, 168};
  for (std::size_t i = 0; i < phantom.times_h.size(); ++i)
    if (!(phantom.times_h[i] > 0) || (i > 0 && !(phantom.times_h[i] > phantom.times_h[i - 1])))
      throw InvalidInput("the demo's times must be positive and increasing");

  const Vector3 spacing = Vector3::Constant(kSpacing_mm);
  const Vector3 origin = -0.5 * Vector3(kSize[0] - 1.0, kSize[1] - 1.0, kSize[2] - 1.0) * kSpacing_mm;
  const Grid grid(kSize, spacing, origin);
  phantom.ct_HU = Volume<float>(grid);
  phantom.labels = Volume<std::int32_t>(grid);
  std::mt19937 ct_noise(options.seed);
  std::normal_distribution<double> hu_noise(0.0, kCtNoiseHU);
  for (std::size_t k = 0; k < kSize[2]; ++k)
    for (std::size_t j = 0; j < kSize[1]; ++j)
      for (std::size_t i = 0; i < kSize[0]; ++i) {
        const auto [label, hu] =
            tissue_at(grid.index_to_point(Index3{std::int64_t(i), std::int64_t(j), std::int64_t(k)}));
        const std::size_t v = grid.linear_index(i, j, k);
        phantom.labels[v] = label;
        phantom.ct_HU[v] = label == kBackground ? hu : static_cast<float>(hu + hu_noise(ct_noise));
      }

  // Voxel counts → tissue volumes; the concentration is uniform in each tissue.
  phantom.tissues = tissue_table();
  std::vector<std::size_t> voxels(kRemainder + 1, 0);
  for (std::size_t v = 0; v < grid.voxel_count(); ++v) ++voxels[phantom.labels[v]];
  const double lambda_p = nuclide.decay_constant_per_s();
  for (auto& t : phantom.tissues) {
    if (voxels[t.label] == 0) throw NumericalError("demo phantom: tissue '" + t.name + "' has no voxel");
    t.volume_ml = static_cast<double>(voxels[t.label]) * grid.voxel_volume_ml();
    const double washout = lambda_p + kLn2 / (t.biological_half_life_h * units::kSecondsPerHour);
    const double uptake = washout + kLn2 / (t.uptake_half_time_h * units::kSecondsPerHour);
    t.true_tia_Bq_s = t.fraction * phantom.administered_activity_Bq * (1.0 / washout - 1.0 / uptake);
  }
  const auto tissue_of = [&](std::int32_t label) -> const DemoTissue& { return phantom.tissues[label - 1]; };
  // share[v]: the fraction of its tissue's activity in voxel v (1/voxels, or the heterogeneous pattern).
  const auto share = uptake_shares(phantom.labels, voxels, options.heterogeneous_uptake);
  phantom.true_tia_Bq_s = Volume<float>(grid);
  for (std::size_t v = 0; v < grid.voxel_count(); ++v)
    if (const auto label = phantom.labels[v]; label != kBackground)
      phantom.true_tia_Bq_s[v] = static_cast<float>(tissue_of(label).true_tia_Bq_s * share[v]);

  const auto camera = quantification::GaussianPsf::isotropic(options.resolution_fwhm_mm);
  // Partial volume: the blur is linear and the same at every time, so the blurred TIA is the blurred TIA map.
  std::vector<double> blurred(phantom.true_tia_Bq_s.values().begin(), phantom.true_tia_Bq_s.values().end());
  quantification::gaussian_blur(blurred, grid, camera);
  for (std::size_t v = 0; v < grid.voxel_count(); ++v)
    if (const auto label = phantom.labels[v]; label != kBackground)
      phantom.tissues[label - 1].blurred_tia_in_label_Bq_s += blurred[v];

  // SPECT: true activity per voxel → resolution blur → Poisson counts → Bq/mL (not decay-corrected).
  std::mt19937 counting(options.seed + 1);
  const double counts_per_Bq = options.sensitivity_cps_per_MBq / units::kBqPerMBq * options.frame_duration_s;
  std::vector<double> activity(grid.voxel_count());
  for (const double t_h : phantom.times_h) {
    const double t_s = t_h * units::kSecondsPerHour;
    for (std::size_t v = 0; v < grid.voxel_count(); ++v) {
      const auto label = phantom.labels[v];
      if (label == kBackground) {
        activity[v] = 0;
        continue;
      }
      const DemoTissue& tissue = tissue_of(label);
      const double washout = lambda_p + kLn2 / (tissue.biological_half_life_h * units::kSecondsPerHour);
      const double uptake = washout + kLn2 / (tissue.uptake_half_time_h * units::kSecondsPerHour);
      activity[v] = tissue.fraction * phantom.administered_activity_Bq *
                    (std::exp(-washout * t_s) - std::exp(-uptake * t_s)) * share[v];
    }
    quantification::gaussian_blur(activity, grid, camera);
    Volume<float> image(grid);
    for (std::size_t v = 0; v < grid.voxel_count(); ++v) {
      const double mean = std::max(activity[v], 0.0) * counts_per_Bq;
      const double counts = mean > 0 ? static_cast<double>(std::poisson_distribution<long>(mean)(counting)) : 0.0;
      image[v] = static_cast<float>(counts / counts_per_Bq / grid.voxel_volume_ml());
    }
    phantom.spect_Bq_per_ml.push_back(std::move(image));
  }
  return phantom;
}

}  // namespace rptdose::pipeline
