#pragma once
// rptdose::radiobiology — biologically effective dose (BED) and EQD2 with the linear-quadratic model and incomplete
// repair during a protracted exposure:
//
//     BED = D·(1 + G·D/(α/β)),          EQD2 = BED / (1 + 2 Gy/(α/β)),
//
// G the Lea–Catcheside factor of the dose-rate curve (dose_protraction.hpp); for a mono-exponential dose rate
// G = λ/(λ + μ) (Dale, Br J Radiol 58:515, 1985; Wessels et al., MIRD Pamphlet No. 20, J Nucl Med 49:1884, 2008).
// EQD2 is the dose in 2-Gy fractions (instantaneous, full repair between fractions) with the same BED.
// Doses must be finite and ≥ 0 (noisy maps: clamp negative voxels first); α/β > 0.
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <cstdint>
#include <map>
#include <optional>

#include "rptdose/core/volume.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"

namespace rptdose::radiobiology {

/// The reference dose per fraction of EQD2, Gy (the "2" of EQD2).
inline constexpr double kEqd2ReferenceFraction_Gy = 2.0;

/// LQ parameters of one tissue.
struct LqParameters {
  double alpha_beta_Gy = 0.0;
  double repair_half_time_s = 0.0;
};

struct BedResult {
  double dose_Gy = 0.0;
  double g_factor = 0.0;
  double bed_Gy = 0.0;
  double eqd2_Gy = 0.0;
};

/// BED = D·(1 + G·D/(α/β)). Throws InvalidInput for a negative or non-finite dose, α/β ≤ 0, or G outside [0, 1].
double bed_Gy(double dose_Gy, double g_factor, double alpha_beta_Gy);
/// EQD2 = BED / (1 + 2/(α/β)).
double eqd2_Gy(double bed_Gy, double alpha_beta_Gy);
/// D, G, BED and EQD2 of a dose delivered with the given kinetics (mono-exponential, or with an uptake phase).
BedResult bed(double dose_Gy, const LqParameters& tissue, const Kinetics& kinetics);
/// The same with G given.
BedResult bed_with_g(double dose_Gy, double g_factor, double alpha_beta_Gy);

/// BED of a mixed high/low-LET dose: RBE_α·D_α + D_low·(1 + G·D_low/(α/β)). Modelling assumption (rptdose's, stated
/// in docs/radiobiology.md): alpha damage is lethal in single tracks, so the alpha dose enters linearly, weighted by
/// RBE_α, with no quadratic (β → 0) and hence no repair term; the low-LET part (electrons, photons) is the usual
/// BED, and no interaction between the two is counted. Without alphas it is bed_Gy. Throws as bed_Gy, and for an
/// RBE that is not finite and > 0.
double mixed_let_bed_Gy(double alpha_dose_Gy, double low_let_dose_Gy, double g_factor, double alpha_beta_Gy,
                        double rbe_alpha);

/// Per-voxel BED with one G for every voxel (one kinetics for the map).
Volume<float> bed_map(const Volume<float>& dose_Gy, double g_factor, double alpha_beta_Gy);
/// Per-voxel BED with a G per voxel (e.g. from per-voxel fits), on the dose map's grid.
Volume<float> bed_map(const Volume<float>& dose_Gy, const Volume<float>& g_factor, double alpha_beta_Gy);

/// G and α/β of the voxels of one VOI.
struct VoiBedParameters {
  double g_factor = 0.0;
  double alpha_beta_Gy = 0.0;
};
/// Per-voxel BED where each voxel takes the parameters of its label (per-VOI kinetics and tissue). Voxels whose
/// label is not in `per_label` use `fallback`; without one they are an InvalidInput naming the label.
Volume<float> bed_map(const Volume<float>& dose_Gy, const Volume<std::int32_t>& labels,
                      const std::map<std::int32_t, VoiBedParameters>& per_label,
                      const std::optional<VoiBedParameters>& fallback = std::nullopt);

}  // namespace rptdose::radiobiology
